import { validateWorkspace } from '@colloquy/core';
import { lexicalNlu } from '@colloquy/nlu';
import { runTests, toJsonReport } from '@colloquy/simulator';
import { describe, expect, it } from 'vitest';
import { describeSummary, testResultsByFile } from '../../../src/features/simulate/testResults.ts';
import { toGraphCoverage } from '../../../src/features/simulate/flowCoverage.ts';
import { runWorkspaceTests, type TestRunProgress } from '../../../src/features/simulate/testRun.ts';
import { createIncrementalValidation } from '../../../src/features/simulate/workspaceSource.ts';
import { readExampleWorkspace, withFiles } from './support.ts';

const files = readExampleWorkspace();
const immediately = () => Promise.resolve();

/** A clock that moves on 5 ms every time it is read: with 12 ms slices, a few tests per slice. */
function steppingClock(step = 5): () => number {
  let now = 0;
  return () => (now += step);
}

function simulatorReport(source: ReadonlyMap<string, string>) {
  const { workspace } = validateWorkspace([...source].filter(([p]) => p.endsWith('.yaml')).map(([path, content]) => ({ path, content })));
  return runTests(workspace, { nlu: lexicalNlu(workspace) });
}

describe('running the tests from the studio', () => {
  it('gives exactly the report runTests (and colloquy test) gives', async () => {
    const outcome = await runWorkspaceTests(files, { yieldControl: immediately, clock: steppingClock() });
    expect(outcome.status).toBe('finished');
    if (outcome.status !== 'finished') return;
    expect(outcome.report).toEqual(simulatorReport(files));
    expect(JSON.stringify(toJsonReport(outcome.report))).toBe(JSON.stringify(toJsonReport(simulatorReport(files))));
    expect(outcome.report.summary).toMatchObject({ failed: 0, errors: 0 });
    expect(outcome.report.summary.total).toBeGreaterThan(50);
  });

  it('reports progress slice by slice and gives the page back between slices', async () => {
    // Given a clock that makes every slice hold a couple of tests
    const seen: TestRunProgress[] = [];
    let yields = 0;
    // When the tests run
    const outcome = await runWorkspaceTests(files, {
      clock: steppingClock(),
      yieldControl: () => {
        yields++;
        return Promise.resolve();
      },
      onProgress: (p) => seen.push(p),
    });
    // Then progress goes validating → running (done rising to total) → coverage
    if (outcome.status !== 'finished') throw new Error(outcome.status);
    const total = outcome.report.summary.total;
    expect(seen[0]).toEqual({ phase: 'validating', done: 0, total: 0 });
    expect(seen[1]).toEqual({ phase: 'running', done: 0, total });
    expect(seen.at(-1)).toEqual({ phase: 'coverage', done: total, total });
    const running = seen.filter((p) => p.phase === 'running').map((p) => p.done);
    expect(running.length).toBeGreaterThan(10);
    expect([...running].sort((a, b) => a - b)).toEqual(running);
    // One yield after `validating`, one after each `running` report.
    expect(yields).toBe(running.length + 1);
  });

  it('stops between two tests when cancelled', async () => {
    const controller = new AbortController();
    let slices = 0;
    const outcome = await runWorkspaceTests(files, {
      clock: steppingClock(),
      signal: controller.signal,
      yieldControl: () => {
        if (++slices === 3) controller.abort();
        return Promise.resolve();
      },
    });
    expect(outcome.status).toBe('cancelled');
    if (outcome.status !== 'cancelled') return;
    expect(outcome.done).toBeGreaterThan(0);
    expect(outcome.done).toBeLessThan(outcome.total);
  });

  it('yields to the event loop by default, so the page can draw', async () => {
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const outcome = await runWorkspaceTests(files, { filter: (suite) => suite === 'card_lost' });
    expect(outcome.status).toBe('finished');
    expect(timerRan).toBe(true);
  });

  it('refuses a workspace with errors, with the reason', async () => {
    const broken = withFiles(files, { 'rules/card_freeze.rules.yaml': 'kind: rules\nversion: 1\n' });
    const outcome = await runWorkspaceTests(broken, { yieldControl: immediately });
    expect(outcome.status).toBe('refused');
    if (outcome.status !== 'refused') return;
    expect(outcome.reason).toMatch(/^The workspace has \d+ errors?.*; fix (it|them) to run the tests\./);
    expect(outcome.reason).toContain('rules/card_freeze.rules.yaml:1:1 error');
  });

  it('reuses a validator between runs', async () => {
    const validation = createIncrementalValidation();
    const first = await runWorkspaceTests(files, { yieldControl: immediately, validation, filter: (s) => s === 'general' });
    const second = await runWorkspaceTests(files, { yieldControl: immediately, validation, filter: (s) => s === 'general' });
    expect(first.status === 'finished' && second.status === 'finished' && first.report).toEqual(second.status === 'finished' && second.report);
  });
});

describe('coverage per flow, for the graph', () => {
  it('agrees with the simulator on what was never reached', async () => {
    const outcome = await runWorkspaceTests(files, { yieldControl: immediately });
    if (outcome.status !== 'finished') throw new Error(outcome.status);
    const { coverage, report } = outcome;
    expect(Object.keys(coverage)).toEqual([...Object.keys(coverage)].sort());
    for (const flow of Object.values(coverage)) {
      const missedNodes = report.coverage.nodes.missed.filter((m) => m.group === flow.flow).map((m) => m.id.slice(flow.flow.length + 1));
      expect(flow.neverReachedNodes).toEqual(missedNodes);
      expect(flow.reachedNodes.length + flow.neverReachedNodes.length).toBe(flow.counts.nodes.total);
      const missedEdges = report.coverage.transitions.missed.filter((m) => m.group === flow.flow);
      expect(flow.edges.filter((e) => !e.reached)).toHaveLength(missedEdges.length);
      expect(flow.edges).toHaveLength(flow.counts.transitions.total);
      expect(flow.counts.overall.total).toBe(flow.counts.intents.total + flow.counts.nodes.total + flow.counts.transitions.total);
    }
  });

  it('names nodes and transitions as the graph view does', async () => {
    const outcome = await runWorkspaceTests(files, { yieldControl: immediately, filter: (suite, test) => suite === 'card_lost' && test === 'freezes_and_replaces_card' });
    if (outcome.status !== 'finished') throw new Error(outcome.status);
    const cardLost = outcome.coverage['flows/card_lost.flow.yaml']!;
    expect(cardLost.flow).toBe('card_lost');
    expect(cardLost.reachedNodes).toEqual(expect.arrayContaining(['reassure', 'ask_consent', 'ask_last4', 'freeze_card', 'ask_replacement']));
    expect(cardLost.neverReachedNodes).toContain('to_cards_team');
    expect(cardLost.reachedTransitions).toContain('reassure->ask_consent');
    expect(cardLost.reachedTransitions.every((t) => /^[a-z0-9_]+->[a-z0-9_]+$/.test(t))).toBe(true);
    expect(cardLost.edges.find((e) => e.from === 'reassure' && e.to === 'ask_consent')).toMatchObject({ id: 'reassure->ask_consent (next)', reached: true });
    const graph = toGraphCoverage(cardLost);
    expect(graph.nodes.has('ask_consent')).toBe(true);
    expect(graph.transitions.has('reassure->ask_consent (next)')).toBe(true);
    // A flow no test of the run reached is all never-reached.
    const balance = outcome.coverage['flows/balance.flow.yaml']!;
    expect(balance.reachedNodes).toEqual([]);
    expect(balance.counts.nodes.covered).toBe(0);
  });
});

describe('results for the view', () => {
  it('groups by file and points each failure at its turn and expectations', async () => {
    // Given a test whose second turn expects the wrong node and slot
    const card = files.get('tests/card_lost.test.yaml')!;
    const wrong = card.replace('expect: { node: ask_last4, slots: { card_consent: true } }', 'expect: { node: ask_replacement, slots: { card_consent: false } }');
    const source = withFiles(files, { 'tests/card_lost.test.yaml': wrong });
    // When the tests run
    const outcome = await runWorkspaceTests(source, { yieldControl: immediately });
    if (outcome.status !== 'finished') throw new Error(outcome.status);
    const byFile = testResultsByFile(outcome.report, outcome.files);
    // Then the failure is in its file's group, at the failing turn, with one diff row per expectation
    const group = byFile.find((g) => g.file === 'tests/card_lost.test.yaml')!;
    expect(group.summary.failed).toBe(1);
    const failed = group.tests.find((t) => t.status === 'failed')!;
    expect(failed.key).toBe('card_lost/freezes_and_replaces_card');
    const lines = wrong.split('\n');
    expect(lines[failed.range.start.line - 1]).toContain('- id: freezes_and_replaces_card');
    const failure = failed.failure!;
    expect(failure.turn).toBe(2);
    expect(failure.utterance).toBe("yes that's fine");
    expect(lines[failure.range.start.line - 1]).toContain('- user: "yes that\'s fine"');
    expect(failure.diff.map((d) => [d.label, d.expected, d.actual])).toEqual([
      ['node', 'ask_replacement', 'ask_last4'],
      ['slots.card_consent', 'false', 'true'],
    ]);
    expect(failure.diff[0]!.message).toBe('node: expected ask_replacement, got ask_last4');
    const at = failure.diff[0]!.range.start;
    expect(wrong.slice(at.offset, at.offset + 4)).toBe('node');
    expect(failure.transcript.at(-1)).toMatchObject({ speaker: 'bot' });
    expect(failure.trace.length).toBeGreaterThan(0);
    expect(describeSummary(outcome.report.summary)).toMatch(/^\d+ passed, 1 failed$/);
  });

  it('summarises like the CLI', () => {
    expect(describeSummary({ total: 3, passed: 1, failed: 1, errors: 1 })).toBe('1 passed, 1 failed, 1 error');
    expect(describeSummary({ total: 0, passed: 0, failed: 0, errors: 0 })).toBe('No tests');
  });
});
