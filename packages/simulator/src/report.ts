/**
 * The result of a scripted test run, as plain data: every formatter (pretty
 * text, JUnit XML, JSON) and every consumer (CLI, studio, change-request
 * evidence) reads this one shape. It holds no functions and no clock readings
 * unless the caller asked for timings, so the same workspace and options give
 * the same report, byte for byte.
 */
import type { TraceEvent } from '@colloquy/engine';
import type { Coverage } from './coverage/coverageTypes.ts';

/** A place in a workspace file: 1-based line and column, as editors show them. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The expectation fields of a test turn, in the order they are checked and reported. */
export const EXPECTATION_FIELDS = ['intent', 'fallback', 'flow', 'node', 'bot', 'not_bot', 'slots', 'actions', 'handoff', 'end'] as const;
export type ExpectationField = (typeof EXPECTATION_FIELDS)[number];

/** One expectation that did not hold. */
export interface Mismatch {
  readonly field: ExpectationField;
  /** The slot or action name (`slots`, `actions`), or the expected text (`bot`, `not_bot`). */
  readonly key?: string;
  /** What the test expected, written for a person (`ask_last4`, `"4821"`, `a reply containing "frozen"`). */
  readonly expected: string;
  /** What happened, in the same words (`confirm_freeze`, `no value`, `not run`). */
  readonly actual: string;
  /** The whole line, e.g. `node: expected ask_last4, got confirm_freeze`. */
  readonly message: string;
  /** Where the expectation is written in the test file. */
  readonly location: SourceLocation;
}

export interface TranscriptLine {
  readonly speaker: 'user' | 'bot';
  /** The engine's turn number: 0 is the greeting, 1 the first customer utterance. */
  readonly turn: number;
  readonly text: string;
}

export type TestStatus = 'passed' | 'failed' | 'error';

/** Where and why a test stopped: the first failing turn, or the engine error. */
export interface TestFailure {
  /** 0-based index into the test's `turns`; absent when the session could not even start. */
  readonly turnIndex?: number;
  /** The engine's turn number (`turnIndex + 1`); absent with `turnIndex`. */
  readonly turn?: number;
  /** What the customer said in that turn. */
  readonly utterance?: string;
  /** The turn in the test file (or the test itself, when no turn ran). */
  readonly location: SourceLocation;
  /** For `failed`: every expectation of the turn that did not hold, in field order. Empty for `error`. */
  readonly mismatches: readonly Mismatch[];
  /** For `error`: the engine's error message. */
  readonly error?: string;
  /** The conversation from the greeting up to and including the failing turn. */
  readonly transcript: readonly TranscriptLine[];
  /** The failing turn's trace events (for an error, those recorded before it). */
  readonly events: readonly TraceEvent[];
}

export interface TestCaseResult {
  /** The test file's `id`. */
  readonly suite: string;
  /** The test's `id`. */
  readonly test: string;
  readonly title?: string;
  readonly status: TestStatus;
  /** Where the test starts in its file. */
  readonly location: SourceLocation;
  /** How many turns the test has. */
  readonly turns: number;
  /** Set unless the test passed. */
  readonly failure?: TestFailure;
  /** Milliseconds, only when the run was given a clock. */
  readonly durationMs?: number;
}

/** The results of one test file. */
export interface SuiteResult {
  readonly suite: string;
  readonly title?: string;
  readonly file: string;
  readonly tests: readonly TestCaseResult[];
  readonly summary: TestSummary;
  readonly durationMs?: number;
}

export interface TestSummary {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
}

export interface TestRunReport {
  /** The date the conversations ran on (YYYY-MM-DD). */
  readonly today: string;
  /** Test files in path order; files whose every test was filtered out are left out. */
  readonly suites: readonly SuiteResult[];
  /** Every test that ran, in run order: the suites' tests, flattened. */
  readonly tests: readonly TestCaseResult[];
  readonly summary: TestSummary;
  readonly coverage: Coverage;
  readonly durationMs?: number;
}

/** Counts by status. */
export function summarise(tests: readonly TestCaseResult[]): TestSummary {
  let passed = 0;
  let failed = 0;
  let errors = 0;
  for (const test of tests) {
    if (test.status === 'passed') passed++;
    else if (test.status === 'failed') failed++;
    else errors++;
  }
  return { total: tests.length, passed, failed, errors };
}
