/**
 * simulate() on the example bank workspace (flows/) with the lexical
 * recognizer: byte-identical reports for the same inputs, hashes that move
 * when the workspace does, and the behaviour diff on a deliberately changed
 * copy where complaints no longer reach a person.
 */
import { validateWorkspace, type SourceFile } from '@colloquy/core';
import { describe, expect, it } from 'vitest';
import { exampleFiles } from '../support/exampleWorkspace.ts';
import { canonicalJson, diffReports, sha256Hex, simulate, simulationReportHash, workspaceHash, type SimulationReport } from '@colloquy/simulator';

const SEED = 'simulate-test';


function run(files: readonly SourceFile[], options: { perIntent?: number } = {}): SimulationReport {
  const { workspace } = validateWorkspace(files);
  return simulate(workspace, { seed: SEED, workspaceHash: workspaceHash(files), ...options });
}

function replaceIn(files: readonly SourceFile[], path: string, change: (text: string) => string): SourceFile[] {
  return files.map((f) => (f.path === path ? { path, content: change(f.content as string) } : f));
}

describe('simulate on the example workspace', { timeout: 60_000 }, () => {
  const files = exampleFiles();
  const report = run(files);

  it('gives a byte-identical report when run twice on the same inputs', () => {
    const again = run(exampleFiles());
    expect(JSON.stringify(again, null, 2)).toBe(JSON.stringify(report, null, 2));
    expect(again.reportHash).toBe(report.reportHash);
  });

  it('records the run and hashes the report without its hash', () => {
    expect(report.run).toEqual({
      recognizer: 'lexical',
      model: null,
      weightsHash: null,
      seed: SEED,
      generators: ['noise', 'wording', 'blank', 'out_of_scope', 'near_miss', 'negation', 'multi_intent', 'sensitive', 'injection', 'pii', 'multi_turn'],
      perIntent: 3,
      flow: null,
      // The example's test files give three flows their own settings (model-guided generators they name need a model, so are left out here)
      flows: [
        { flow: 'balance', generators: ['noise', 'wording', 'near_miss', 'multi_intent', 'pii', 'multi_turn'], perIntent: 3, seed: SEED },
        { flow: 'card_lost', generators: ['noise', 'wording', 'near_miss', 'negation', 'multi_intent', 'pii', 'multi_turn'], perIntent: 6, seed: 'card-lost-v1' },
        {
          flow: 'transfer_money',
          generators: ['noise', 'wording', 'blank', 'out_of_scope', 'near_miss', 'negation', 'multi_intent', 'sensitive', 'injection', 'pii', 'multi_turn'],
          perIntent: 5,
          seed: 'transfer-v1',
        },
      ],
      today: '2026-01-01',
      workspaceHash: workspaceHash(files),
    });
    const { reportHash, ...body } = report;
    expect(reportHash).toBe(sha256Hex(canonicalJson(body)));
    expect(simulationReportHash(report)).toBe(reportHash);
    expect(Object.keys(report)).toEqual(['format', 'version', 'run', 'summary', 'scripted', 'generated', 'confusion', 'robustness', 'attacks', 'policies', 'coverage', 'failing', 'cases', 'reportHash']);
  });

  it('changes the workspace and report hashes when one flow text changes, and not when files are read in another order', () => {
    const edited = replaceIn(files, 'flows/thanks.flow.yaml', (t) => t.replace(/say: "([^"]*)"/, 'say: "$1 Have a good day."'));
    expect(edited).not.toEqual(files);
    expect(workspaceHash(edited)).not.toBe(workspaceHash(files));
    expect(workspaceHash([...files].reverse())).toBe(workspaceHash(files));
    expect(run(edited).reportHash).not.toBe(report.reportHash);
  });

  it('summarises every case once: per generator, per flow, per intent, policies and outcomes', () => {
    const { generated } = report.summary;
    expect(generated.total).toBe(report.cases.length);
    expect(generated.total).toBeGreaterThan(300);
    const sum = (rows: readonly { total: number; passed: number }[]) => rows.reduce((n, r) => [n[0]! + r.total, n[1]! + r.passed], [0, 0]);
    expect(sum(report.generated.byGenerator)).toEqual([generated.total, generated.passed]);
    expect(sum(report.generated.byFlow)).toEqual([generated.total, generated.passed]);
    expect(report.failing.map((f) => f.id)).toEqual(report.cases.filter((c) => !c.passed).map((c) => c.id));
    expect(report.failing.every((f) => f.trace.length >= 2 && f.reasons.length > 0)).toBe(true);
    expect(report.summary.scripted).toMatchObject({ failed: 0 });
    expect(report.policies.map((p) => p.check)).toEqual(expect.arrayContaining(['topic_handoff', 'injection', 'pii']));
    const confusionCounts = report.confusion.map((c) => c.count);
    expect(confusionCounts).toEqual([...confusionCounts].sort((a, b) => b - a));
    for (const row of report.robustness) expect(row.routed).toBeLessThanOrEqual(row.variants);
    expect((report.coverage as { overall: { total: number } }).overall.total).toBeGreaterThan(0);
  });

  it('diffReports lists complaints that no longer reach a person', () => {
    // Given a copy where both complaint handoffs became ends
    const changed = replaceIn(files, 'flows/complaint.flow.yaml', (t) =>
      t.replace(/handoff:\n\s+queue: complaints\n\s+reason: [^\n]*\n\s+say: ("[^\n]*")/g, 'say: $1\n    end: resolved'),
    );
    expect(changed.find((f) => f.path === 'flows/complaint.flow.yaml')!.content).not.toContain('queue: complaints');
    // When both are simulated and compared
    const diff = diffReports(report, run(changed));
    // Then the complaint cases are listed as handed over before and not now, and they fail
    const complaintCases = diff.changed.filter((c) => c.id.startsWith('sensitive/complaint'));
    expect(complaintCases.length).toBeGreaterThan(0);
    for (const c of complaintCases) {
      expect(c.changes).toContain('handoff-lost');
      expect(c.before.handoff).toBe(true);
      expect(c.after.handoff).toBe(false);
    }
    expect(complaintCases.some((c) => c.changes.includes('newly-failing'))).toBe(true);
    expect(diff.counts['handoff-lost']).toBeGreaterThanOrEqual(complaintCases.length);
    expect(diff.changed.some((c) => c.kind === 'scripted' && c.changes.includes('newly-failing'))).toBe(true);
    expect(diff.optionsDiffer).toEqual([]);
    expect(diff.baseline.workspaceHash).not.toBe(diff.current.workspaceHash);
  });

  it('diffReports of a report with itself lists nothing, and matches by id when more cases are asked for', () => {
    expect(diffReports(report, report)).toMatchObject({ changed: [], added: [], removed: [] });
    const more = run(files, { perIntent: 4 });
    const diff = diffReports(report, more);
    // balance's file sets no per_intent, so its settings follow the run's
    expect(diff.optionsDiffer).toEqual(['perIntent', 'flows']);
    expect(diff.removed).toEqual([]);
    expect(diff.added.length).toBeGreaterThan(0);
    expect(diff.added.every((id) => id.endsWith('/3'))).toBe(true);
  });
});
