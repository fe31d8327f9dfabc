/**
 * The behaviour diff between two simulation reports (a baseline and the
 * current run): every scripted test and generated case whose outcome changed,
 * matched by scripted `suite/test` and by generated case id (ids are stable
 * for the same seed and options, and asking for more cases keeps the first).
 * Plain JSON data in run order, deterministic like the reports themselves.
 */
import type { CaseOutcome } from './runGeneratedCase.ts';
import type { CaseOutcomeRow, SimulationReport } from './simulationReport.ts';

/**
 * One change, most important first when a case has several:
 * - `handoff-lost`: the conversation reached a person before and no longer does (was handoff, now resolved or not understood);
 * - `handoff-gained`: the reverse;
 * - `newly-failing`, `newly-passing`: the case's or test's verdict flipped;
 * - `intent-changed`: the utterance is now recognised as another intent (or no longer / newly understood).
 */
export type BehaviourChange = 'handoff-lost' | 'handoff-gained' | 'newly-failing' | 'newly-passing' | 'intent-changed';
export const BEHAVIOUR_CHANGES: readonly BehaviourChange[] = ['handoff-lost', 'handoff-gained', 'newly-failing', 'newly-passing', 'intent-changed'];

export interface CaseState {
  readonly passed: boolean;
  readonly outcome: CaseOutcome | 'passed' | 'failed' | 'error';
  readonly intent: string | null;
  readonly handoff: boolean;
}

export interface ChangedCase {
  readonly kind: 'scripted' | 'generated';
  /** `suite/test` for scripted tests, the case id for generated cases. */
  readonly id: string;
  readonly changes: readonly BehaviourChange[];
  readonly before: CaseState;
  readonly after: CaseState;
}

export interface BehaviourDiff {
  /** Differences in run options that make the generated cases not comparable one to one (`seed`, `generators`, `perIntent`, `flow`, `flows`, `today`). */
  readonly optionsDiffer: readonly string[];
  readonly baseline: { readonly workspaceHash: string | null; readonly reportHash: string };
  readonly current: { readonly workspaceHash: string | null; readonly reportHash: string };
  /** How many of each change, in BEHAVIOUR_CHANGES order (a case with two changes counts in both). */
  readonly counts: { readonly [C in BehaviourChange]: number };
  readonly changed: readonly ChangedCase[];
  /** Ids only in the current run / only in the baseline (scripted tests as `suite/test`). */
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export function diffReports(baseline: SimulationReport, current: SimulationReport): BehaviourDiff {
  const changed: ChangedCase[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  compareRows('scripted', scriptedRows(baseline), scriptedRows(current), changed, added, removed);
  compareRows('generated', generatedRows(baseline), generatedRows(current), changed, added, removed);
  const counts = Object.fromEntries(BEHAVIOUR_CHANGES.map((c) => [c, changed.filter((x) => x.changes.includes(c)).length])) as BehaviourDiff['counts'];
  const optionsDiffer = (['seed', 'generators', 'perIntent', 'flow', 'flows', 'today'] as const).filter(
    (key) => JSON.stringify(baseline.run[key]) !== JSON.stringify(current.run[key]),
  );
  return {
    optionsDiffer,
    baseline: { workspaceHash: baseline.run.workspaceHash, reportHash: baseline.reportHash },
    current: { workspaceHash: current.run.workspaceHash, reportHash: current.reportHash },
    counts,
    changed,
    added,
    removed,
  };
}

/** The changes between two states of one case, in BEHAVIOUR_CHANGES order. */
export function changesBetween(before: CaseState, after: CaseState): BehaviourChange[] {
  const changes: BehaviourChange[] = [];
  if (before.handoff && !after.handoff) changes.push('handoff-lost');
  if (!before.handoff && after.handoff) changes.push('handoff-gained');
  if (before.passed && !after.passed) changes.push('newly-failing');
  if (!before.passed && after.passed) changes.push('newly-passing');
  if (before.intent !== after.intent) changes.push('intent-changed');
  return changes;
}

function compareRows(
  kind: ChangedCase['kind'],
  before: ReadonlyMap<string, CaseState>,
  after: ReadonlyMap<string, CaseState>,
  changed: ChangedCase[],
  added: string[],
  removed: string[],
): void {
  for (const [id, state] of after) {
    const old = before.get(id);
    if (!old) {
      added.push(id);
      continue;
    }
    const changes = changesBetween(old, state);
    if (changes.length > 0) changed.push({ kind, id, changes, before: old, after: state });
  }
  for (const id of before.keys()) if (!after.has(id)) removed.push(id);
}

function generatedRows(report: SimulationReport): Map<string, CaseState> {
  return new Map(report.cases.map((row: CaseOutcomeRow) => [row.id, { passed: row.passed, outcome: row.outcome, intent: row.intent, handoff: row.handoff }]));
}

interface ScriptedTestJson {
  readonly suite: string;
  readonly test: string;
  readonly status: 'passed' | 'failed' | 'error';
}

/**
 * A scripted test's state is its verdict: its file already says which
 * intent, node and handoff each turn must reach, so a changed handoff or
 * intent shows as `newly-failing` with the mismatch in the current report.
 */
function scriptedRows(report: SimulationReport): Map<string, CaseState> {
  const rows = new Map<string, CaseState>();
  const suites = (report.scripted['suites'] ?? []) as unknown as readonly { readonly tests: readonly ScriptedTestJson[] }[];
  for (const suite of suites) {
    for (const test of suite.tests) {
      rows.set(`${test.suite}/${test.test}`, { passed: test.status === 'passed', outcome: test.status, intent: null, handoff: false });
    }
  }
  return rows;
}
