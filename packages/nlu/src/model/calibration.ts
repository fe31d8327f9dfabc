import { softmaxInPlace } from './softmaxRegression.ts';

/**
 * The lowest temperature fitTemperature returns: 1, i.e. calibration never
 * sharpens the logits. Without a floor, a small workspace whose few held-out
 * examples are all recognised (or matched by the lexical evidence) got T = 0.05
 * and confidences near 1 for nonsense. On CLINC150 validation the fits were
 * 0.74 (embeddings alone) to 1.12; with the lexical weight 5, 0.96 before the floor.
 */
export const MIN_TEMPERATURE = 1;

/**
 * The temperature T that makes softmax(logits / T) honest on held-out
 * examples: the one with the least negative log-likelihood, searched on a
 * logarithmic grid from `min` to 20 (deterministic, no optimiser state).
 *
 * `min` defaults to MIN_TEMPERATURE: when every held-out example is recognised
 * with a clear margin (a small workspace, or lexical evidence matching the
 * held-out wording), the likelihood keeps improving as T falls and the fit
 * would sharpen the scores without limit, so that nonsense gets confidences
 * near 1 too.
 */
export function fitTemperature(logits: readonly Float64Array[], labels: readonly number[], min = MIN_TEMPERATURE): number {
  if (logits.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  const scratch = new Float64Array(logits[0]!.length);
  for (let step = 0; step <= 160; step++) {
    // The grid of the first version (0.05 to 20), cut at `min`, so that fits above it do not move.
    const temperature = 0.05 * 400 ** (step / 160);
    if (temperature < min && step < 160) continue;
    let loss = 0;
    for (let e = 0; e < logits.length; e++) {
      scratch.set(logits[e]!);
      loss -= Math.log(Math.max(1e-12, softmaxInPlace(scratch, temperature)[labels[e]!]!));
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = temperature;
    }
  }
  return best;
}

/** The out-of-scope recall thresholds are chosen for by default (ThresholdGoal.outOfScopeRecall). */
export const DEFAULT_OUT_OF_SCOPE_RECALL = 0.55;

export interface HeldOutConfidence {
  readonly confidence: number;
  readonly correct: boolean;
}

/** What the out-of-scope threshold is chosen for. */
export interface ThresholdGoal {
  /**
   * With out-of-scope examples: the least share of them that must be rejected;
   * among the thresholds that reject at least that share, the one recognising
   * the most in-scope examples correctly wins. Default 0.55, a little above
   * the best published CLINC150 figures (BERT 52.3%, USE + MLP 47.4%): an
   * assistant that answers the wrong question half the time it should say
   * "I can't help with that" loses trust faster than one that asks again.
   * The share is measured on the examples given: with 100 of them it is
   * known to about ±5 points, so new data rejects less than the target about
   * half the time; ask for 0.10 more to be fairly sure of a floor.
   */
  readonly outOfScopeRecall?: number;
  /** Without out-of-scope examples: the share of correctly recognised held-out examples the threshold must still accept. Default 0.95. */
  readonly keep?: number;
}

/**
 * The out-of-scope threshold (a multiple of 0.01). With out-of-scope
 * examples: the highest in-scope accuracy (correct and at or above the
 * threshold) among thresholds whose out-of-scope recall reaches
 * `goal.outOfScopeRecall`, the highest such threshold on a tie; if none
 * does, the threshold with the best recall. Without (a workspace has only its
 * own intents' examples): the highest threshold that still accepts `keep` of
 * the correctly recognised held-out examples.
 */
export function chooseThreshold(inScope: readonly HeldOutConfidence[], outOfScope: readonly number[] = [], goal: ThresholdGoal = {}): number {
  if (inScope.length === 0) return 0;
  if (outOfScope.length > 0) {
    const floor = goal.outOfScopeRecall ?? DEFAULT_OUT_OF_SCOPE_RECALL;
    let best = 0;
    let bestAccuracy = -1;
    let bestRecall = -1;
    for (let step = 0; step <= 100; step++) {
      const t = step / 100;
      const accuracy = inScope.filter((s) => s.correct && s.confidence >= t).length / inScope.length;
      const recall = outOfScope.filter((c) => c < t).length / outOfScope.length;
      const meets = recall >= floor;
      // Meeting the floor beats missing it; among those meeting it, accuracy (a tie goes to the higher threshold); among those missing it, recall.
      const better = meets !== (bestRecall >= floor) ? meets : meets ? accuracy >= bestAccuracy : recall > bestRecall;
      if (better) {
        best = t;
        bestAccuracy = accuracy;
        bestRecall = recall;
      }
    }
    return best;
  }
  const correct = inScope.filter((s) => s.correct).map((s) => s.confidence).sort((a, b) => a - b);
  if (correct.length === 0) return 0;
  const floor = correct[Math.floor((1 - (goal.keep ?? 0.95)) * correct.length)]!;
  return Math.floor(floor * 100) / 100;
}
