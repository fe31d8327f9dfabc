import { confusionMatrix, type SimulationReport } from '@colloquy/simulator';
import { describe, expect, it } from 'vitest';
import {
  attacksView,
  failingList,
  formatRate,
  generatorChart,
  intentChart,
  matrixView,
  policyRows,
  reportSummary,
  runMetadata,
} from '../../../src/features/simulate/report/reportModel.ts';
import { exampleSimulation } from './support.ts';

// One real run of the example workspace, every generator, as `colloquy simulate flows` makes it.
const report = exampleSimulation();

describe('the report view model', () => {
  it('has failing cases to show (the example workspace is not perfect)', () => {
    expect(report.failing.length).toBeGreaterThan(5);
    expect(report.confusion.length).toBeGreaterThan(1);
  });

  it('draws one bar per generator that ran, in run order, with the report’s own rates', () => {
    const chart = generatorChart(report);
    expect(chart.bars.map((b) => b.label)).toEqual(report.run.generators);
    for (const [i, bar] of chart.bars.entries()) {
      const row = report.generated.byGenerator[i]!;
      expect(bar).toMatchObject({ passed: row.passed, failed: row.failed, total: row.total, rate: row.rate });
      expect(bar.width).toBe(row.rate ?? 0);
      expect(bar.value).toBe(row.rate === null ? 'no cases' : `${row.rate}% (${row.passed} of ${row.total})`);
    }
    // The words a screen reader hears name every bar with its figure.
    const wording = chart.bars.find((b) => b.label === 'wording')!;
    expect(chart.description).toContain(`wording ${wording.value}`);
    expect(chart.description.startsWith('Pass rate by generator: ')).toBe(true);
  });

  it('puts the weakest intents first, ties in workspace order, intents without cases last', () => {
    const chart = intentChart(report);
    expect(chart.bars).toHaveLength(report.generated.byIntent.length);
    const rates = chart.bars.map((b) => b.rate ?? Infinity);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(chart.bars[0]!.rate).toBe(Math.min(...report.generated.byIntent.map((r) => r.rate ?? Infinity)));
    // Keys are unique (an intent name could appear in two flows).
    expect(new Set(chart.bars.map((b) => b.key)).size).toBe(chart.bars.length);
    expect(chart.bars.every((b) => b.detail !== undefined)).toBe(true);
    // Equal rates keep the report's order.
    const order = new Map(report.generated.byIntent.map((r, i) => [`${r.flow}/${r.intent}`, i]));
    for (let i = 1; i < chart.bars.length; i++) {
      const [a, b] = [chart.bars[i - 1]!, chart.bars[i]!];
      if (a.rate === b.rate) expect(order.get(a.key)!).toBeLessThan(order.get(b.key)!);
    }
  });

  it('an empty chart says so', () => {
    const none = { ...report, generated: { ...report.generated, byGenerator: [] } } as SimulationReport;
    expect(generatorChart(none)).toMatchObject({ bars: [], description: 'Pass rate by generator: nothing to show.' });
  });

  it('sums up scripted tests and generated cases', () => {
    const summary = reportSummary(report);
    const { scripted, generated } = report.summary;
    expect(summary.passed).toBe(scripted.failed === 0 && generated.failed === 0);
    expect(summary.text).toBe(
      `Scripted tests ${scripted.passed} of ${scripted.total} passed (${scripted.rate}%); generated cases ${generated.passed} of ${generated.total} passed (${generated.rate}%).`,
    );
    const empty = reportSummary({ ...report, summary: { scripted: { total: 0, passed: 0, failed: 0, rate: null }, generated: report.summary.generated } });
    expect(empty.text.startsWith('No scripted tests; ')).toBe(true);
  });

  it('shows the simulator’s confusion matrix, each cell shaded against the largest and worded', () => {
    const view = matrixView(report);
    const matrix = confusionMatrix(report.confusion);
    expect({ rows: view.rows, columns: view.columns, counts: view.counts, max: view.max }).toEqual(matrix);
    const flat = view.cells.flat();
    expect(flat.some((c) => c.shade === 1)).toBe(true);
    expect(flat.every((c) => c.shade >= 0 && c.shade <= 1)).toBe(true);
    const first = report.confusion[0]!;
    const r = view.rows.indexOf(first.expected);
    const c = view.columns.indexOf(first.recognised);
    expect(view.cells[r]![c]!.label).toBe(`${first.expected} recognised as ${first.recognised}: ${first.count} case${first.count === 1 ? '' : 's'}`);
    expect(view.description).toContain(view.cells[r]![c]!.label);
    expect(matrixView({ ...report, confusion: [] })).toMatchObject({ rows: [], columns: [], description: 'No confusions.' });
  });

  it('lists the policy checks with their failing cases', () => {
    const rows = policyRows(report);
    expect(rows).toHaveLength(report.policies.length);
    for (const [i, row] of rows.entries()) {
      const policy = report.policies[i]!;
      expect(row.passed).toBe(policy.failed === 0);
      expect(row.failing).toEqual(policy.failing);
      expect(row.value).toBe(formatRate(policy));
    }
    expect(rows.map((r) => r.label)).toEqual(expect.arrayContaining(['prompt injection', 'personal data']));
    expect(rows.some((r) => r.label.startsWith('sensitive topic: '))).toBe(true);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('says when no adversarial search ran, and shows the attack success rate when one did', () => {
    expect(attacksView(report)).toEqual({ ran: false, overall: 'nothing attacked', rows: [] });
    const attacked: SimulationReport = {
      ...report,
      attacks: {
        attacked: 12,
        succeeded: 3,
        rate: 25,
        byIntent: [
          { intent: 'report_lost_card', flow: 'card_lost', attacked: 8, succeeded: 3, rate: 37.5, wordsChanged: 14.3 },
          { intent: 'check_balance', flow: 'balance', attacked: 4, succeeded: 0, rate: 0, wordsChanged: null },
        ],
      },
    };
    expect(attacksView(attacked)).toEqual({
      ran: true,
      overall: '3 of 12 (25%)',
      rows: [
        { key: 'card_lost/report_lost_card', intent: 'report_lost_card', flow: 'card_lost', value: '3 of 8 (37.5%)', rate: 37.5, wordsChanged: '14.3% of words changed' },
        { key: 'balance/check_balance', intent: 'check_balance', flow: 'balance', value: '0 of 4 (0%)', rate: 0, wordsChanged: '' },
      ],
    });
  });

  it('lists failing cases a page at a time, filtered by generator, with what was expected and what happened', () => {
    const all = failingList(report, undefined, 5);
    expect(all.matching).toBe(report.failing.length);
    expect(all.rows.map((r) => r.id)).toEqual(report.failing.slice(0, 5).map((f) => f.id));
    expect(all.generators.reduce((n, g) => n + g.count, 0)).toBe(report.failing.length);
    // Generators in run order.
    const order = all.generators.map((g) => report.run.generators.indexOf(g.generator as never));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const wording = failingList(report, 'wording', 100);
    expect(wording.rows.length).toBe(wording.matching);
    expect(wording.rows.every((r) => r.generator === 'wording')).toBe(true);
    expect(wording.matching).toBe(report.failing.filter((f) => f.generator === 'wording').length);

    const row = all.rows[0]!;
    const failing = report.failing[0]!;
    expect(row.utterance).toBe(failing.utterance);
    expect(row.reasons).toEqual(failing.reasons);
    if (failing.expectation === 'same-intent') expect(row.expected).toBe(`intent ${failing.intents.join(' or ')}`);
    if (failing.outcome === 'out-of-scope') expect(row.got).toMatch(/^not understood/);
    // Prompt injection accepts either outcome: both are said.
    const injection = report.failing.find((f) => f.accept.length > 1);
    if (injection) expect(failingList({ ...report, failing: [injection] }, undefined, 1).rows[0]!.expected).toContain(' or ');
  });

  it('gives the run’s metadata, hashes shortened with the full value kept', () => {
    const rows = runMetadata(report);
    const byLabel = new Map(rows.map((r) => [r.label, r]));
    expect(byLabel.get('Recognizer')!.value).toBe('lexical');
    expect(byLabel.get('Model')!.value).toBe('none (lexical)');
    expect(byLabel.get('Weights hash')!.value).toBe('none');
    expect(byLabel.get('Seed')!.value).toBe('colloquy');
    expect(byLabel.get('Report hash')).toEqual({ label: 'Report hash', value: `${report.reportHash.slice(0, 12)}…`, full: report.reportHash });
    const model = runMetadata({ ...report, run: { ...report.run, recognizer: 'use', model: 'universal-sentence-encoder', weightsHash: 'f'.repeat(64) } });
    expect(model.find((r) => r.label === 'Weights hash')).toEqual({ label: 'Weights hash', value: `${'f'.repeat(12)}…`, full: 'f'.repeat(64) });
    expect(model.find((r) => r.label === 'Model')!.value).toBe('universal-sentence-encoder');
  });
});
