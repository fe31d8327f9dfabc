import { logitsInto, softmaxInPlace, type SoftmaxModel } from './softmaxRegression.ts';
import { normalized } from './vectors.ts';

/**
 * A trained intent classifier over sentence embeddings: a softmax layer
 * (initialised from the intents' prototypes, see trainIntentClassifier), a
 * temperature that calibrates its probabilities and the out-of-scope
 * threshold chosen on held-out examples. Immutable once trained.
 */
export class IntentClassifier {
  constructor(
    /** Intent names in alphabetical order: class c is intents[c]. */
    readonly intents: readonly string[],
    /** The softmax layer's weights (over unit-length embeddings). */
    readonly model: SoftmaxModel,
    readonly temperature: number,
    /** Suggested out-of-scope threshold (callers may override it with the agent's). */
    readonly threshold: number,
  ) {}

  /** Calibrated probability of each intent (same order as `intents`), summing to 1. */
  probabilities(embedding: Float32Array): Float64Array {
    return softmaxInPlace(this.logits(embedding), this.temperature);
  }

  /** Uncalibrated scores, for fitting the temperature. */
  logits(embedding: Float32Array): Float64Array {
    return logitsInto(this.model.weights, this.model.bias, normalized(embedding), this.model.dimensions, new Float64Array(this.intents.length));
  }
}
