import type { SlotValue } from '../recognizer.ts';

/**
 * The result of reading one slot's value from an utterance. Extraction never
 * throws: a definition it cannot use (an invalid pattern) or an answer without
 * a value is a typed failure with a reason a designer can read in the trace.
 * Reasons never quote the customer's words, as slots may hold personal data.
 */
export type SlotExtraction =
  | { readonly ok: true; readonly value: SlotValue; readonly start: number; readonly end: number }
  | { readonly ok: false; readonly reason: string };

export interface SlotExtractionOptions {
  /** The session's date, `YYYY-MM-DD`: relative and year-less dates resolve against it. */
  readonly today: string;
}

/** One value found in the text, with its span in the original text. */
export interface SlotCandidate {
  readonly value: SlotValue;
  readonly start: number;
  readonly end: number;
}

export function notFound(reason: string): SlotExtraction {
  return { ok: false, reason };
}

/**
 * The value when every candidate agrees on it (mentioning the same value twice
 * is fine); not ok when there is none or when two different values compete.
 */
export function singleValue(candidates: readonly SlotCandidate[], nothing: string, ambiguous: string): SlotExtraction {
  const first = candidates[0];
  if (!first) return notFound(nothing);
  for (const other of candidates) if (other.value !== first.value) return notFound(ambiguous);
  return { ok: true, value: first.value, start: first.start, end: first.end };
}
