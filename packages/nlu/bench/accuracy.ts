/**
 * In-scope accuracy, out-of-scope recall and latency of any recognizer on a
 * scenario (clinc150.ts), through the `Recognizer` interface only, so that the
 * model recognizers of a later issue are measured by the same code.
 *
 * The recognizer is asked with threshold 0 and no margin, so that each
 * utterance's best intent and confidence are kept and any threshold can be
 * applied afterwards: one pass serves both choosing a threshold (on
 * validation) and reporting at it (on test).
 */
import type { Recognizer } from '@colloquy/nlu';
import type { Scenario } from './clinc150.ts';

export interface Scored {
  /** Per in-scope utterance: the best intent's confidence and whether it is the right intent. */
  readonly inScope: readonly { readonly confidence: number; readonly correct: boolean }[];
  /** Per out-of-scope utterance: the best intent's confidence. */
  readonly outOfScope: readonly number[];
  /** Microseconds per `recognize` call, sorted. */
  readonly latencyMicros: readonly number[];
}

export interface Accuracy {
  readonly threshold: number;
  /** Share of in-scope utterances recognised as the right intent at or above the threshold. */
  readonly inScopeAccuracy: number;
  /** Share of out-of-scope utterances whose best intent scores below the threshold. */
  readonly outOfScopeRecall: number;
  /** The mean of the two: what a threshold is chosen on. */
  readonly balanced: number;
}

export async function scoreScenario(recognizer: Recognizer, scenario: Scenario): Promise<Scored> {
  const latencyMicros: number[] = [];
  const ask = async (text: string) => {
    const start = performance.now();
    const recognition = await recognizer.recognize(text);
    latencyMicros.push((performance.now() - start) * 1000);
    return recognition;
  };
  const inScope = [];
  for (const [text, intent] of scenario.inScope) {
    const recognition = await ask(text);
    inScope.push({ confidence: recognition.confidence, correct: recognition.ranking[0]?.intent === intent });
  }
  const outOfScope = [];
  for (const text of scenario.outOfScope) outOfScope.push((await ask(text)).confidence);
  return { inScope, outOfScope, latencyMicros: latencyMicros.sort((a, b) => a - b) };
}

export function accuracyAt(scored: Scored, threshold: number): Accuracy {
  const inScopeAccuracy = scored.inScope.filter((s) => s.correct && s.confidence >= threshold).length / scored.inScope.length;
  const outOfScopeRecall = scored.outOfScope.filter((c) => c < threshold).length / scored.outOfScope.length;
  return { threshold, inScopeAccuracy, outOfScopeRecall, balanced: (inScopeAccuracy + outOfScopeRecall) / 2 };
}

/** The threshold (a multiple of 0.01) with the best balanced accuracy: run on validation scores only. */
export function bestThreshold(scored: Scored): Accuracy {
  let best = accuracyAt(scored, 0);
  for (let step = 1; step <= 100; step++) {
    const candidate = accuracyAt(scored, step / 100);
    if (candidate.balanced > best.balanced) best = candidate;
  }
  return best;
}

/** Share of in-scope utterances whose best intent is right, whatever its confidence. */
export function topOneAccuracy(scored: Scored): number {
  return scored.inScope.filter((s) => s.correct).length / scored.inScope.length;
}

export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
