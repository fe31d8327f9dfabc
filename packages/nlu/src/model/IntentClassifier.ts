import { addLexicalEvidence, type LexicalEvidence } from './lexicalEvidence.ts';
import { logitsInto, softmaxInPlace, type SoftmaxModel } from './softmaxRegression.ts';
import { normalized } from './vectors.ts';

/**
 * A trained intent classifier over sentence embeddings: a softmax layer
 * (initialised from the intents' prototypes, see trainIntentClassifier), a
 * temperature that calibrates its probabilities and the out-of-scope
 * threshold chosen on held-out examples. Immutable once trained.
 *
 * When trained with out-of-scope utterances, the layer has one class more
 * than there are intents (the last): it takes probability away from the
 * intents for utterances like those, and is never reported itself, so the
 * intents' probabilities then sum to less than 1.
 *
 * With lexical evidence (lexicalEvidence.ts), the lexical recognizer's
 * confidences are added to the intents' logits before the temperature, and the
 * temperature and threshold were fitted on that combined score: pass the
 * utterance's text along with its embedding.
 */
export class IntentClassifier {
  constructor(
    /** Intent names in alphabetical order: class c is intents[c]. */
    readonly intents: readonly string[],
    /** The softmax layer's weights (over unit-length embeddings): `intents.length` classes, plus one if trained with out-of-scope utterances. */
    readonly model: SoftmaxModel,
    readonly temperature: number,
    /** Suggested out-of-scope threshold (callers may override it with the agent's). */
    readonly threshold: number,
    /** The lexical recognizer's scores added to the logits, if any. */
    readonly lexical?: LexicalEvidence,
  ) {}

  /** Whether the last class of the layer stands for "none of the intents". */
  get hasOutOfScopeClass(): boolean {
    return this.model.classes > this.intents.length;
  }

  /**
   * Calibrated probability of each intent (same order as `intents`); they sum to 1 less the
   * out-of-scope class's share. `text` is the utterance embedded: with lexical evidence, leaving
   * it out leaves the lexical part out (only for tests; calibration assumed it).
   */
  probabilities(embedding: Float32Array, text?: string): Float64Array {
    const all = softmaxInPlace(this.logits(embedding, text), this.temperature);
    return this.hasOutOfScopeClass ? all.slice(0, this.intents.length) : all;
  }

  /** Uncalibrated scores of every class of the layer (the out-of-scope class last, if any), plus the lexical evidence for `text` if any, for fitting the temperature. */
  logits(embedding: Float32Array, text?: string): Float64Array {
    const logits = logitsInto(this.model.weights, this.model.bias, normalized(embedding), this.model.dimensions, new Float64Array(this.model.classes));
    return this.lexical && text !== undefined ? addLexicalEvidence(logits, this.lexical.scores(text), this.lexical.weight) : logits;
  }

  /** The same layer and lexical evidence with another temperature and threshold. */
  withCalibration(temperature: number, threshold: number): IntentClassifier {
    return new IntentClassifier(this.intents, this.model, temperature, threshold, this.lexical);
  }
}
