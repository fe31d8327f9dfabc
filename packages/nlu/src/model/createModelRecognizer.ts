import { decideIntent, EMPTY_RECOGNITION, RANKING_SIZE, type RecognitionThresholds } from '../recognition/decideIntent.ts';
import type { IntentScore, IntentTraining, Recognition, Recognizer, RecognizerInfo } from '../recognizer.ts';
import { normalizeUtterance } from '../text/normalizeUtterance.ts';
import type { Embedder } from './Embedder.ts';
import type { IntentClassifier } from './IntentClassifier.ts';
import { BACKGROUND_UTTERANCES, backgroundFor } from './backgroundUtterances.ts';
import { DEFAULT_LEXICAL_WEIGHT } from './lexicalEvidence.ts';
import { trainIntentClassifier, type ClassifierTuning } from './trainIntentClassifier.ts';

export interface ModelRecognizerOptions {
  /** The sentence encoder (wrap it with cachedEmbedder to reuse embeddings). */
  readonly embedder: Embedder;
  readonly intents: readonly IntentTraining[];
  /** The agent's threshold; default: the one the classifier chose on held-out examples. */
  readonly threshold?: number;
  /** Default 0 (no margin). */
  readonly margin?: number;
  /** For benchmarks; designers tune `threshold` and `margin`. `lexicalWeight` defaults to DEFAULT_LEXICAL_WEIGHT here (0: embeddings alone). */
  readonly tuning?: ClassifierTuning;
  /** The name `info` reports (agent.yaml's `nlu.recognizer`); default `use`. */
  readonly recognizer?: ModelRecognizerName;
  /**
   * Utterances that belong to none of the intents, learnt as an out-of-scope
   * class and used to choose the threshold. Default BACKGROUND_UTTERANCES
   * (those close to an example are left out, backgroundFor); `[]` trains on
   * the examples alone.
   */
  readonly background?: readonly string[];
}

/**
 * The out-of-scope recall the threshold must reach on the held-out background
 * utterances. They are far from the workspace by construction (backgroundFor),
 * so an assistant should turn nearly all of them away: 0.9, where CLINC150's
 * out-of-scope set, full of near misses, gets DEFAULT_OUT_OF_SCOPE_RECALL.
 */
export const BACKGROUND_RECALL = 0.9;

/** The recognizers that run a sentence encoder under this classifier. */
export type ModelRecognizerName = Exclude<RecognizerInfo['recognizer'], 'lexical'>;

export interface ModelRecognizer extends Recognizer {
  readonly classifier: IntentClassifier;
  /** The threshold and margin in force. */
  readonly thresholds: RecognitionThresholds;
}

/**
 * A recognizer over sentence embeddings: embeds the training examples, trains
 * the classifier (trainIntentClassifier) and recognises by embedding the
 * utterance and ranking the intents by calibrated probability. The classifier's
 * logits get the scores of a lexical recognizer trained on the same examples
 * (lexicalEvidence.ts, weight DEFAULT_LEXICAL_WEIGHT), and its temperature and
 * threshold are fitted on that combined score. Background utterances
 * (backgroundUtterances.ts) teach it what "none of these" looks like and set
 * the threshold with the held-out examples. The verdict
 * comes from decideIntent, so threshold and margin mean what they mean for the
 * lexical recognizer. Asynchronous: the engine gets recognitions through a
 * lookup the caller fills with `recognizeBatch` (docs/decisions/0004).
 */
export async function createModelRecognizer(options: ModelRecognizerOptions): Promise<ModelRecognizer> {
  const { embedder } = options;
  const examples = options.intents.flatMap(({ intent, examples }) => examples.map((text) => ({ intent, text })));
  const backgroundTexts = options.background ?? BACKGROUND_UTTERANCES;
  const vectors = await embedder.embed([...examples.map((e) => e.text), ...backgroundTexts]);
  const labelled = examples.map((e, i) => ({ ...e, embedding: vectors[i]! }));
  const background = backgroundFor(
    backgroundTexts.map((text, i) => ({ text, embedding: vectors[examples.length + i]! })),
    labelled,
  );
  const classifier = trainIntentClassifier(labelled, { lexicalWeight: DEFAULT_LEXICAL_WEIGHT, outOfScopeRecall: BACKGROUND_RECALL, ...options.tuning }, undefined, background);
  return recognizerFor(embedder, classifier, { threshold: options.threshold ?? classifier.threshold, margin: options.margin ?? 0 }, options.recognizer);
}

/** A recognizer for a classifier trained elsewhere (the benchmark trains with its own validation split). */
export function recognizerFor(
  embedder: Embedder,
  classifier: IntentClassifier,
  thresholds: RecognitionThresholds,
  name: ModelRecognizerName = 'use',
): ModelRecognizer {
  const recognizeBatch = async (texts: readonly string[]): Promise<Recognition[]> => {
    const usable = texts.map((text) => typeof text === 'string' && normalizeUtterance(text).length > 0);
    const vectors = await embedder.embed(texts.filter((_, i) => usable[i]));
    let next = 0;
    return texts.map((text, i) => (usable[i] ? recognition(classifier, vectors[next++]!, text, thresholds) : EMPTY_RECOGNITION));
  };
  return {
    info: Object.freeze({ recognizer: name, model: embedder.modelId, modelHash: embedder.weightsSha256 }),
    classifier,
    thresholds,
    recognizeBatch,
    recognize: async (text) => (await recognizeBatch([text]))[0]!,
  };
}

function recognition(classifier: IntentClassifier, embedding: Float32Array, text: string, thresholds: RecognitionThresholds): Recognition {
  const probabilities = classifier.probabilities(embedding, text);
  const ranking = classifier.intents
    .map((intent, index) => ({ intent, score: probabilities[index]!, index }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, RANKING_SIZE)
    .map(({ intent, score }) => Object.freeze({ intent, score }) as IntentScore);
  return Object.freeze(decideIntent(Object.freeze(ranking), thresholds));
}
