/**
 * Threshold-free evaluation of lexical tunings on raw (uncalibrated) scores,
 * for choosing the defaults in src/lexical/LexicalTuning.ts.
 */
import { intentScores } from '../src/lexical/intentScores.ts';
import { LexicalIndex } from '../src/lexical/LexicalIndex.ts';
import type { LexicalTuning } from '../src/lexical/LexicalTuning.ts';
import { normalizeUtterance } from '../src/text/normalizeUtterance.ts';
import type { Scenario } from './clinc150.ts';

export interface RawEvaluation {
  /** Accuracy with no threshold (best intent correct). */
  readonly topOneAccuracy: number;
  /** Best balanced score (in-scope accuracy + out-of-scope recall) / 2 over thresholds, and where it is reached. */
  readonly balanced: number;
  readonly bestThreshold: number;
  readonly inScopeAccuracy: number;
  readonly outOfScopeRecall: number;
}

export function scoreAll(scenario: Scenario, tuning: LexicalTuning): { inScope: { best: number; correct: boolean }[]; outOfScope: number[] } {
  const index = new LexicalIndex(scenario.training, tuning);
  const similarities = new Float64Array(index.exampleCount);
  const raw = new Float64Array(index.intentNames.length);
  const best = (text: string) => {
    index.similarities(normalizeUtterance(text), similarities);
    intentScores(similarities, index.intentStart, tuning, raw);
    let top = 0;
    for (let i = 1; i < raw.length; i++) if (raw[i]! > raw[top]!) top = i;
    return { intent: index.intentNames[top]!, score: raw[top]! };
  };
  return {
    inScope: scenario.inScope.map(([text, intent]) => {
      const found = best(text);
      return { best: found.score, correct: found.intent === intent };
    }),
    outOfScope: scenario.outOfScope.map((text) => best(text).score),
  };
}

export function evaluateRaw(scenario: Scenario, tuning: LexicalTuning): RawEvaluation {
  const { inScope, outOfScope } = scoreAll(scenario, tuning);
  const candidates = [...new Set([...inScope.map((s) => s.best), ...outOfScope])].sort((a, b) => a - b);
  let best = { balanced: -1, threshold: 0, acc: 0, recall: 0 };
  // Sweep thresholds over the observed scores (every 1/400 of the range is plenty).
  const step = Math.max(1, Math.floor(candidates.length / 400));
  for (let i = 0; i < candidates.length; i += step) {
    const t = candidates[i]!;
    const acc = inScope.filter((s) => s.correct && s.best >= t).length / inScope.length;
    const recall = outOfScope.filter((s) => s < t).length / outOfScope.length;
    const balanced = (acc + recall) / 2;
    if (balanced > best.balanced) best = { balanced, threshold: t, acc, recall };
  }
  return {
    topOneAccuracy: inScope.filter((s) => s.correct).length / inScope.length,
    balanced: best.balanced,
    bestThreshold: best.threshold,
    inScopeAccuracy: best.acc,
    outOfScopeRecall: best.recall,
  };
}
