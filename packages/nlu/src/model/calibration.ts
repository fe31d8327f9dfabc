import { softmaxInPlace } from './softmaxRegression.ts';

/**
 * The temperature T that makes softmax(logits / T) honest on held-out
 * examples: the one with the least negative log-likelihood, searched on a
 * logarithmic grid from 0.05 to 20 (deterministic, no optimiser state).
 */
export function fitTemperature(logits: readonly Float64Array[], labels: readonly number[]): number {
  if (logits.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  const scratch = new Float64Array(logits[0]!.length);
  for (let step = 0; step <= 160; step++) {
    const temperature = 0.05 * 400 ** (step / 160);
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

export interface HeldOutConfidence {
  readonly confidence: number;
  readonly correct: boolean;
}

/**
 * The out-of-scope threshold (a multiple of 0.01). With out-of-scope
 * examples: the one with the best balanced accuracy (the mean of in-scope
 * accuracy and out-of-scope recall), as the benchmark measures it. Without
 * (a workspace has only its own intents' examples): the highest threshold
 * that still accepts `keep` of the correctly recognised held-out examples.
 */
export function chooseThreshold(inScope: readonly HeldOutConfidence[], outOfScope: readonly number[] = [], keep = 0.95): number {
  if (inScope.length === 0) return 0;
  if (outOfScope.length > 0) {
    let best = 0;
    let bestBalanced = -1;
    for (let step = 0; step <= 100; step++) {
      const t = step / 100;
      const accuracy = inScope.filter((s) => s.correct && s.confidence >= t).length / inScope.length;
      const recall = outOfScope.filter((c) => c < t).length / outOfScope.length;
      if ((accuracy + recall) / 2 > bestBalanced) {
        bestBalanced = (accuracy + recall) / 2;
        best = t;
      }
    }
    return best;
  }
  const correct = inScope.filter((s) => s.correct).map((s) => s.confidence).sort((a, b) => a - b);
  if (correct.length === 0) return 0;
  const floor = correct[Math.floor((1 - keep) * correct.length)]!;
  return Math.floor(floor * 100) / 100;
}
