import type { IntentScore, Recognition } from '../recognizer.ts';

/** The out-of-scope settings of a recognizer, from agent.yaml `nlu`. */
export interface RecognitionThresholds {
  /** The best intent must score at least this to be recognised. */
  readonly threshold: number;
  /** When set above 0, the best intent must lead the second by at least this much. */
  readonly margin?: number;
}

/** Most intents a recognition lists in `ranking`. */
export const RANKING_SIZE = 10;

/**
 * Turns a ranking (best first) into a recognition: the best intent when it
 * clears the threshold and, with a margin, leads the runner-up by enough;
 * otherwise no intent and the reason. Shared by every recognizer so that
 * threshold and margin mean the same whichever one runs
 * (docs/reference/runtime.md, "Recognising what the customer wants").
 */
export function decideIntent(ranking: readonly IntentScore[], thresholds: RecognitionThresholds): Recognition {
  const best = ranking[0];
  if (!best) return { intent: null, confidence: 0, ranking, slots: NO_SLOTS, rejected: 'out_of_scope' };
  if (!(best.score >= thresholds.threshold)) return { intent: null, confidence: best.score, ranking, slots: NO_SLOTS, rejected: 'out_of_scope' };
  const margin = thresholds.margin ?? 0;
  const second = ranking[1]?.score ?? 0;
  // The epsilon keeps a lead of exactly the margin (0.55 vs 0.50, margin 0.05) on the accepted side despite binary fractions.
  if (margin > 0 && best.score - second < margin - 1e-9) return { intent: null, confidence: best.score, ranking, slots: NO_SLOTS, rejected: 'ambiguous' };
  return { intent: best.intent, confidence: best.score, ranking, slots: NO_SLOTS };
}

/** Shared and frozen: recognitions are memoised and handed to many callers, so none may change another's. */
const NO_SLOTS: Recognition['slots'] = Object.freeze({});

/** The recognition of an utterance with nothing in it. */
export const EMPTY_RECOGNITION: Recognition = Object.freeze({
  intent: null,
  confidence: 0,
  ranking: Object.freeze([]) as readonly IntentScore[],
  slots: NO_SLOTS,
  rejected: 'empty',
});
