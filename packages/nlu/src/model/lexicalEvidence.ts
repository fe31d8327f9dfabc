import { createLexicalRecognizer } from '../lexical/createLexicalRecognizer.ts';
import type { IntentTraining } from '../recognizer.ts';

/**
 * The lexical recognizer's view of an utterance, added to the classifier's
 * logits: `logit_c + weight × lexical confidence_c` for every intent c, before
 * the temperature and the softmax. The temperature and the out-of-scope
 * threshold are then fitted on the combined score, so calibration and the
 * threshold rule mean what they meant without it.
 *
 * Why: USE lite blurs exact wording ("freeze my card" and "unfreeze my card"
 * embed close together); the lexical recognizer sees the words and character
 * n-grams. On CLINC150 validation, with the out-of-scope class, in-scope accuracy
 * at 55% out-of-scope recall rose from about 93% to about 94.5% (docs/decisions/0009).
 */
export interface LexicalEvidence {
  /** Logit units per unit of lexical confidence (0..1); see DEFAULT_LEXICAL_WEIGHT. */
  readonly weight: number;
  /** The lexical confidence of every intent for `text`, in the classifier's intent order (0 for intents outside its top 10). */
  scores(text: string): Float64Array;
}

/**
 * Default weight: 5, chosen on CLINC150 validation only among 0, 2, 3, 5 and 8
 * (`pnpm bench:nlu:use` prints each; figures in docs/decisions/0009). The
 * head's logits span about 10 units between a sure and an unlikely intent
 * (they start as cosine similarities × 10), so 5 lets an exact lexical match
 * overturn a close call of the embedding but not a clear one.
 */
export const DEFAULT_LEXICAL_WEIGHT = 5;

/**
 * Lexical evidence from a lexical recognizer trained on `examples` (the same
 * examples as the classifier, or the part of them it was trained on when
 * calibrating). `intents` is the classifier's intent order. Deterministic: the
 * lexical recognizer does not depend on the order of its training data.
 */
export function lexicalEvidence(
  examples: readonly { readonly intent: string; readonly text: string }[],
  intents: readonly string[],
  weight: number = DEFAULT_LEXICAL_WEIGHT,
): LexicalEvidence {
  const byIntent = new Map<string, string[]>();
  for (const { intent, text } of examples) {
    const texts = byIntent.get(intent) ?? [];
    texts.push(text);
    byIntent.set(intent, texts);
  }
  const training: IntentTraining[] = [...byIntent].map(([intent, texts]) => ({ intent, examples: texts }));
  // Threshold 0: only the ranking is used; the combined score gets its own threshold.
  const recognizer = createLexicalRecognizer({ intents: training, threshold: 0, margin: 0 });
  const index = new Map(intents.map((intent, c) => [intent, c]));
  return {
    weight,
    scores(text) {
      const out = new Float64Array(intents.length);
      for (const { intent, score } of recognizer.recognizeSync(text).ranking) {
        const c = index.get(intent);
        if (c !== undefined) out[c] = score;
      }
      return out;
    },
  };
}

/** `logits[c] += weight × lexical[c]` for the intents (an out-of-scope class after them gets nothing), in place. */
export function addLexicalEvidence(logits: Float64Array, lexical: Float64Array, weight: number): Float64Array {
  const n = Math.min(logits.length, lexical.length);
  for (let c = 0; c < n; c++) logits[c]! += weight * lexical[c]!;
  return logits;
}
