import type { LexicalTuning } from './LexicalTuning.ts';

/**
 * Per-intent raw scores from example similarities: a mix of the intent's best
 * example (an utterance close to one example is enough) and the mean of its
 * top-k examples (agreement between several examples is more reliable than
 * one lucky overlap). Intents with fewer than k examples average what they
 * have. Raw scores are in 0..1.
 */
export function intentScores(similarities: Float64Array, intentStart: Int32Array, tuning: LexicalTuning, out: Float64Array, scratch?: Float64Array): void {
  const k = Math.max(1, Math.floor(tuning.topK));
  // The caller may lend a buffer of at least k entries to keep scoring allocation-free.
  const top = scratch && scratch.length >= k ? scratch : new Float64Array(k);
  for (let intent = 0; intent + 1 < intentStart.length; intent++) {
    const from = intentStart[intent]!;
    const to = intentStart[intent + 1]!;
    // top[0..k) holds the k best similarities, best first.
    top.fill(0, 0, k);
    for (let e = from; e < to; e++) {
      const value = similarities[e]!;
      if (value <= top[k - 1]!) continue;
      let at = k - 1;
      while (at > 0 && top[at - 1]! < value) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = value;
    }
    const taken = Math.min(k, to - from);
    let sum = 0;
    for (let i = 0; i < taken; i++) sum += top[i]!;
    out[intent] = taken === 0 ? 0 : tuning.maxShare * top[0]! + (1 - tuning.maxShare) * (sum / taken);
  }
}

/**
 * Maps a raw score to a confidence in 0..1 with a logistic curve, so that the
 * threshold designers set means roughly the same thing as for model
 * recognizers: 0.5 sits where in-scope and out-of-scope utterances separate
 * best on held-out data. Rounded to four decimals so that reports hash the
 * same on every JavaScript engine.
 */
export function calibrate(raw: number, tuning: Pick<LexicalTuning, 'center' | 'slope'>): number {
  if (raw <= 0) return 0;
  const confidence = 1 / (1 + Math.exp(-tuning.slope * (raw - tuning.center)));
  return Math.round(confidence * 10_000) / 10_000;
}
