/**
 * The Test & Simulate view's reading of a test run: tests grouped by file,
 * each with an editor range to reveal, and for a failure the failing turn, the
 * diff (one row per expectation that did not hold) and the conversation up to
 * it. Wording comes from the simulator's report (`Mismatch.message` et al.), so
 * the studio says what `colloquy test` says.
 */
import type { Range } from '@colloquy/core';
import { describeTraceEvent } from '@colloquy/engine';
import type { SourceLocation, TestRunReport, TestStatus, TestSummary, TranscriptLine } from '@colloquy/simulator';
import { rangeAtLineColumn, type WorkspaceFiles } from './workspaceSource.ts';

export interface TestFileResults {
  readonly file: string;
  readonly suite: string;
  readonly title?: string;
  readonly summary: TestSummary;
  readonly tests: readonly TestResultView[];
}

export interface TestResultView {
  /** `suite/test`: unique in the workspace (test ids are unique only within their file). */
  readonly key: string;
  readonly suite: string;
  readonly test: string;
  readonly title?: string;
  readonly status: TestStatus;
  readonly file: string;
  /** Where the test starts, for "reveal in editor". */
  readonly range: Range;
  readonly failure?: FailureView;
}

export interface FailureView {
  /** 1-based turn number in the test (absent when the conversation could not even start). */
  readonly turn?: number;
  readonly utterance?: string;
  /** The failing turn in the test file. */
  readonly range: Range;
  /** For an error: the runtime's message. */
  readonly error?: string;
  readonly diff: readonly DiffRow[];
  readonly transcript: readonly TranscriptLine[];
  /** The failing turn's trace, one readable line per event. */
  readonly trace: readonly string[];
}

export interface DiffRow {
  /** `node`, `slots.card_last4`, `bot`, ... */
  readonly label: string;
  readonly expected: string;
  readonly actual: string;
  /** `node: expected ask_last4, got confirm_freeze`. */
  readonly message: string;
  /** The expectation in the test file. */
  readonly range: Range;
}

/** Groups a report's results by test file, with ranges in the texts the run used. */
export function testResultsByFile(report: TestRunReport, files: WorkspaceFiles): TestFileResults[] {
  const rangeOf = (location: SourceLocation): Range => rangeAtLineColumn(files.get(location.file) ?? '', location.line, location.column);
  return report.suites.map((suite) => ({
    file: suite.file,
    suite: suite.suite,
    ...(suite.title !== undefined ? { title: suite.title } : {}),
    summary: suite.summary,
    tests: suite.tests.map((test): TestResultView => {
      const failure = test.failure;
      return {
        key: `${test.suite}/${test.test}`,
        suite: test.suite,
        test: test.test,
        ...(test.title !== undefined ? { title: test.title } : {}),
        status: test.status,
        file: suite.file,
        range: rangeOf(test.location),
        ...(failure
          ? {
              failure: {
                ...(failure.turn !== undefined ? { turn: failure.turn } : {}),
                ...(failure.utterance !== undefined ? { utterance: failure.utterance } : {}),
                range: rangeOf(failure.location),
                ...(failure.error !== undefined ? { error: failure.error } : {}),
                diff: failure.mismatches.map((m) => ({
                  label: m.key !== undefined && (m.field === 'slots' || m.field === 'actions') ? `${m.field}.${m.key}` : m.field,
                  expected: m.expected,
                  actual: m.actual,
                  message: m.message,
                  range: rangeOf(m.location),
                })),
                transcript: failure.transcript,
                trace: failure.events.map((event) => describeTraceEvent(event)),
              },
            }
          : {}),
      };
    }),
  }));
}

/** "96 passed", "94 passed, 1 failed, 1 error": as the CLI's last line. */
export function describeSummary(summary: TestSummary): string {
  const parts = [`${summary.passed} passed`];
  if (summary.failed > 0) parts.push(`${summary.failed} failed`);
  if (summary.errors > 0) parts.push(`${summary.errors} error${summary.errors === 1 ? '' : 's'}`);
  return summary.total === 0 ? 'No tests' : parts.join(', ');
}
