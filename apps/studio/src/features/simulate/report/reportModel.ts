/**
 * What the report view draws, read from a SimulationReport: plain data,
 * DOM-free, tested in Node. Every chart has the words a screen reader hears
 * (its `description`) and the rows of its table alternative; every number is
 * the report's own (rates are percent with one decimal, null when there was
 * nothing to count), never recomputed, so the view and `colloquy simulate`
 * always agree.
 */
import { confusionMatrix, type ConfusionMatrix, type FailingCase, type PassRate, type SimulationReport } from '@colloquy/simulator';

/** One bar: the share of cases that passed. */
export interface Bar {
  /** Unique within its chart. */
  readonly key: string;
  readonly label: string;
  /** More about the row (an intent's flow). */
  readonly detail?: string;
  readonly passed: number;
  readonly failed: number;
  readonly total: number;
  /** Percent, one decimal; null: no cases. */
  readonly rate: number | null;
  /** The passed part's width, 0–100. */
  readonly width: number;
  /** `96.5% (55 of 57)`, or `no cases`. */
  readonly value: string;
}

export interface BarChart {
  readonly title: string;
  readonly bars: readonly Bar[];
  /** The chart in words, for `aria-label`. */
  readonly description: string;
}

export function formatRate(rate: PassRate): string {
  return rate.rate === null ? 'no cases' : `${rate.rate}% (${rate.passed} of ${rate.total})`;
}

function bar(key: string, label: string, rate: PassRate, detail?: string): Bar {
  return {
    key,
    label,
    ...(detail !== undefined ? { detail } : {}),
    passed: rate.passed,
    failed: rate.failed,
    total: rate.total,
    rate: rate.rate,
    width: rate.rate === null ? 0 : Math.min(100, Math.max(0, rate.rate)),
    value: formatRate(rate),
  };
}

function chart(title: string, bars: readonly Bar[]): BarChart {
  const description = bars.length === 0 ? `${title}: nothing to show.` : `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join('; ')}.`;
  return { title, bars, description };
}

/** Pass rate per generator, in run order. */
export function generatorChart(report: SimulationReport): BarChart {
  return chart(
    'Pass rate by generator',
    report.generated.byGenerator.map((g) => bar(g.generator, g.generator, g)),
  );
}

/**
 * Pass rate per intent, weakest first (the ones to look at), then by the
 * report's (workspace) order; intents with no cases last.
 */
export function intentChart(report: SimulationReport): BarChart {
  const rows = report.generated.byIntent.map((r, index) => ({ r, index }));
  rows.sort((a, b) => rank(a.r.rate) - rank(b.r.rate) || a.index - b.index);
  return chart(
    'Pass rate by intent, weakest first',
    rows.map(({ r }) => bar(`${r.flow}/${r.intent}`, r.intent, r, r.flow)),
  );
}

function rank(rate: number | null): number {
  return rate === null ? Number.POSITIVE_INFINITY : rate;
}

export interface ReportSummary {
  readonly passed: boolean;
  readonly scripted: PassRate;
  readonly generated: PassRate;
  /** `Scripted tests 96 of 96 passed; generated cases 296 of 330 passed (89.7%).` */
  readonly text: string;
}

export function reportSummary(report: SimulationReport): ReportSummary {
  const { scripted, generated } = report.summary;
  const part = (what: string, r: PassRate) => (r.total === 0 ? `no ${what}` : `${what} ${r.passed} of ${r.total} passed (${r.rate}%)`);
  return {
    passed: scripted.failed === 0 && generated.failed === 0,
    scripted,
    generated,
    text: `${capitalise(part('scripted tests', scripted))}; ${part('generated cases', generated)}.`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface MatrixCell {
  readonly count: number;
  /** 0–1: the cell's count against the largest, for shading. */
  readonly shade: number;
  /** `greet recognised as (not understood): 5 cases`. */
  readonly label: string;
}

export interface MatrixView extends ConfusionMatrix {
  readonly cells: readonly (readonly MatrixCell[])[];
  readonly description: string;
}

/** The most confused intents as a matrix (the simulator's `confusionMatrix`), with each cell's shade and words. */
export function matrixView(report: SimulationReport, top = 8): MatrixView {
  const matrix = confusionMatrix(report.confusion, top);
  const cells = matrix.rows.map((row, r) =>
    matrix.columns.map((column, c) => {
      const count = matrix.counts[r]![c]!;
      return { count, shade: matrix.max === 0 ? 0 : count / matrix.max, label: `${row} recognised as ${column}: ${cases(count)}` };
    }),
  );
  const described = cells
    .flat()
    .filter((cell) => cell.count > 0)
    .map((cell) => cell.label);
  return { ...matrix, cells, description: described.length === 0 ? 'No confusions.' : `Confusions: ${described.join('; ')}.` };
}

function cases(n: number): string {
  return n === 1 ? '1 case' : `${n} cases`;
}

export interface PolicyRow {
  readonly key: string;
  /** `topic_handoff: complaint`, `prompt injection`, `personal data`. */
  readonly label: string;
  readonly policy: string | null;
  readonly rate: PassRate;
  readonly value: string;
  readonly passed: boolean;
  readonly failing: readonly string[];
}

const CHECK_LABEL = { topic_handoff: 'sensitive topic', injection: 'prompt injection', pii: 'personal data' } as const;

export function policyRows(report: SimulationReport): PolicyRow[] {
  return report.policies.map((p, index) => ({
    key: `${p.check}/${p.policy ?? ''}/${p.topic ?? ''}/${index}`,
    label: p.topic !== null ? `${CHECK_LABEL[p.check] ?? p.check}: ${p.topic}` : (CHECK_LABEL[p.check] ?? p.check),
    policy: p.policy,
    rate: p,
    value: formatRate(p),
    passed: p.failed === 0,
    failing: p.failing,
  }));
}

export interface AttackRow {
  readonly key: string;
  readonly intent: string;
  readonly flow: string;
  /** `2 of 9 (22.2%)`. */
  readonly value: string;
  readonly rate: number | null;
  /** `12.5% of words changed`, or empty. */
  readonly wordsChanged: string;
}

export interface AttacksView {
  /** False when the adversarial generator did not run (the section then says so). */
  readonly ran: boolean;
  readonly overall: string;
  readonly rows: readonly AttackRow[];
}

export function attacksView(report: SimulationReport): AttacksView {
  // Reports before version 2 have no attacks section.
  const attacks = report.attacks ?? { attacked: 0, succeeded: 0, rate: null, byIntent: [] };
  const value = (succeeded: number, attacked: number, rate: number | null) => (rate === null ? 'nothing attacked' : `${succeeded} of ${attacked} (${rate}%)`);
  return {
    ran: attacks.byIntent.length > 0,
    overall: value(attacks.succeeded, attacks.attacked, attacks.rate),
    rows: attacks.byIntent.map((a) => ({
      key: `${a.flow}/${a.intent}`,
      intent: a.intent,
      flow: a.flow,
      value: value(a.succeeded, a.attacked, a.rate),
      rate: a.rate,
      wordsChanged: a.wordsChanged === null ? '' : `${a.wordsChanged}% of words changed`,
    })),
  };
}

/** One failing case as the list shows it. */
export interface FailingRow {
  readonly id: string;
  readonly generator: string;
  readonly utterance: string;
  /** `intent greet`, `not understood`, `a person`; alternatives joined with "or". */
  readonly expected: string;
  /** `not understood (0.32)`, `report_lost_card (0.71)`, `a person`, `an error`. */
  readonly got: string;
  readonly reasons: readonly string[];
  readonly case: FailingCase;
}

export function failingRow(failing: FailingCase): FailingRow {
  return {
    id: failing.id,
    generator: failing.generator,
    utterance: failing.utterance,
    expected: failing.accept.map((e) => describeExpectation(e, failing.intents)).join(' or '),
    got: describeOutcome(failing),
    reasons: failing.reasons,
    case: failing,
  };
}

function describeExpectation(expectation: FailingCase['expectation'], intents: readonly string[]): string {
  switch (expectation) {
    case 'same-intent':
      return intents.length === 0 ? 'the right intent' : `intent ${intents.join(' or ')}`;
    case 'out-of-scope':
      return 'not understood';
    case 'handoff':
      return 'a person';
    // Multi-turn cases: their reasons say which check of the conversation failed.
    case 'reask':
      return 'the question asked again';
    case 'on-fail':
      return "the question's on_fail";
    case 'correction':
      return 'the corrected value kept';
    case 'prefill':
      return 'the value given early used';
    case 'digression':
      return 'the other request handled';
  }
}

function describeOutcome(failing: FailingCase): string {
  const confidence = failing.confidence === null ? '' : ` (${failing.confidence.toFixed(2)})`;
  switch (failing.outcome) {
    case 'handoff':
      return failing.intent === null ? 'a person' : `a person, after ${failing.intent}${confidence}`;
    case 'out-of-scope':
      return `not understood${confidence}`;
    case 'intent':
      return `${failing.intent ?? 'no intent'}${confidence}`;
    case 'error':
      return 'an error';
  }
}

export interface FailingList {
  /** The generators that have failing cases, in run order, with how many. */
  readonly generators: readonly { readonly generator: string; readonly count: number }[];
  readonly rows: readonly FailingRow[];
  /** How many match the filter (rows holds at most `limit` of them). */
  readonly matching: number;
}

/** The failing cases of one generator (or all), the first `limit` of them, in run order. */
export function failingList(report: SimulationReport, generator: string | undefined, limit: number): FailingList {
  const counts = new Map<string, number>();
  for (const f of report.failing) counts.set(f.generator, (counts.get(f.generator) ?? 0) + 1);
  const order = report.run.generators as readonly string[];
  const generators = [...counts]
    .sort(([a], [b]) => indexOr(order, a) - indexOr(order, b))
    .map(([name, count]) => ({ generator: name, count }));
  const matching = report.failing.filter((f) => generator === undefined || f.generator === generator);
  return { generators, rows: matching.slice(0, Math.max(0, limit)).map(failingRow), matching: matching.length };
}

function indexOr(list: readonly string[], item: string): number {
  const i = list.indexOf(item);
  return i < 0 ? list.length : i;
}

export interface MetadataRow {
  readonly label: string;
  readonly value: string;
  /** Shown in full on hover (hashes are shortened). */
  readonly full?: string;
}

/** The run's metadata: what ran, on what, and the hashes that identify it. */
export function runMetadata(report: SimulationReport): MetadataRow[] {
  const { run } = report;
  const hash = (label: string, value: string | null, none: string): MetadataRow =>
    value === null ? { label, value: none } : { label, value: `${value.slice(0, 12)}…`, full: value };
  return [
    { label: 'Recognizer', value: run.recognizer },
    { label: 'Model', value: run.model ?? 'none (lexical)' },
    hash('Weights hash', run.weightsHash, 'none'),
    { label: 'Seed', value: run.seed },
    { label: 'Generators', value: run.generators.join(', ') || 'none' },
    { label: 'Cases per intent', value: String(run.perIntent) },
    { label: 'Flow', value: run.flow ?? 'all flows' },
    { label: 'Date', value: run.today },
    hash('Workspace hash', run.workspaceHash, 'not recorded'),
    hash('Report hash', report.reportHash, 'none'),
  ];
}
