/**
 * The knobs of the lexical recognizer. The defaults were chosen on CLINC150's
 * train and validation splits (never its test split) by
 * `packages/nlu/bench/tuneLexical.ts`; see docs/reference/nlu.md for what
 * they mean to a designer. They are not part of the agent.yaml format: a
 * designer tunes `threshold` and `margin`, not these.
 */
export interface LexicalTuning {
  /** Shortest and longest character n-gram, counted inside a word padded with a space on each side. */
  readonly minGram: number;
  readonly maxGram: number;
  /**
   * Features found in more than this share of the examples (" t", "e ", "my") are
   * ignored, like stop words: they say little about the intent and, being in
   * every example's postings, would cost most of the time of a recognition.
   * Only applied from `minExamplesForStopFeatures` examples on, so that a tiny
   * training set keeps all its features.
   */
  readonly stopFeatureShare: number;
  readonly minExamplesForStopFeatures: number;
  /** Share of whole words in the similarity; the rest is character n-grams, which absorb typos and inflections. */
  readonly wordShare: number;
  /** An intent's raw score is `maxShare * best example + (1 - maxShare) * mean of its top-k examples`. */
  readonly maxShare: number;
  readonly topK: number;
  /** Logistic calibration of the raw score to 0..1: `1 / (1 + exp(-slope * (raw - center)))`. */
  readonly center: number;
  readonly slope: number;
}

export const DEFAULT_LEXICAL_TUNING: LexicalTuning = Object.freeze({
  minGram: 2,
  maxGram: 4,
  stopFeatureShare: 0.2,
  minExamplesForStopFeatures: 50,
  wordShare: 0.4,
  maxShare: 0.3,
  topK: 5,
  // On workspace-sized data (30 intents x 10 examples) in-scope and out-of-scope separate best at a raw
  // score of about 0.27 (balanced accuracy 0.79); a typical correct paraphrase scores 0.38, which the slope maps to 0.8.
  center: 0.27,
  slope: 12,
});
