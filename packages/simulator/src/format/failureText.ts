/** The words every report format uses for a failing or erroring test, so the CLI, CI and the studio say the same thing. */
import type { TestCaseResult, TestFailure, TranscriptLine } from '../report.ts';
import { formatLocation } from '../sourceLocation.ts';

/** One line: `turn 2: node: expected ask_last4, got confirm_freeze (and 1 more)`. */
export function failureHeadline(failure: TestFailure): string {
  const turn = failure.turn === undefined ? 'session start' : `turn ${failure.turn}`;
  if (failure.error !== undefined) return `${turn}: engine error: ${failure.error}`;
  const [first, ...rest] = failure.mismatches;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more)`;
  return `${turn}: ${first?.message ?? 'failed'}${more}`;
}

/** Where the failure is and what the customer said: `turn 2 at file:27:9, user said "sure"`. */
export function failurePlace(failure: TestFailure): string {
  if (failure.turn === undefined) return `at ${formatLocation(failure.location)}, before the first turn`;
  return `turn ${failure.turn} at ${formatLocation(failure.location)}, user said ${JSON.stringify(failure.utterance ?? '')}`;
}

/** The diff: one line per mismatch (with where the expectation is written), or the engine error. */
export function failureDetails(failure: TestFailure): string[] {
  if (failure.error !== undefined) return [`engine error: ${failure.error}`];
  return failure.mismatches.map((m) => `${m.message}  (${formatLocation(m.location)})`);
}

/** `user: …` / `bot: …` lines, the last `limit` of them, with a note of how many were left out. */
export function transcriptLines(transcript: readonly TranscriptLine[], limit = Number.POSITIVE_INFINITY): string[] {
  const shown = transcript.length > limit ? transcript.slice(transcript.length - limit) : transcript;
  const lines = shown.map((line) => `${line.speaker === 'user' ? 'user' : 'bot '}> ${line.text}`);
  const hidden = transcript.length - shown.length;
  return hidden > 0 ? [`… ${hidden} earlier line${hidden === 1 ? '' : 's'}`, ...lines] : lines;
}

export function testLabel(test: TestCaseResult): string {
  return `${test.suite}/${test.test}`;
}
