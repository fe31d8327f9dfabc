/**
 * `simulateWithEmbedder`: a simulation with a model recognizer, from its
 * sentence encoder: trains the workspace's recognizer on it
 * (workspaceModelRecognizer: the agent's threshold and margin), makes the
 * model-guided cases (paraphrase, adversarial: `modelGuidedCases`, attacking
 * that same recognizer), records the model id and weights hash in the report,
 * and runs `simulateWithRecognizer`. One definition for `colloquy simulate`
 * and the server's simulation worker, so both give the same report for the
 * same files and weights.
 *
 * One embedding cache serves the recognizer and the meaning check, so an
 * attack's candidate embedded for the check is recognised without a second
 * embedding, and the generated cases' utterances, recognised during the search,
 * cost nothing when the simulation runs them.
 */
import type { Workspace } from '@colloquy/core';
import { cachedEmbedder, EmbeddingCache, workspaceModelRecognizer, type Embedder, type ModelRecognizerName } from '@colloquy/nlu';
import { flowGenerations } from '../generate/flowSettings.ts';
import { DEFAULT_PER_INTENT } from '../generate/generateCases.ts';
import { GENERATOR_NAMES, isModelGuided, MODEL_GUIDED_GENERATORS } from '../generate/generatedCase.ts';
import type { WordNet } from '../generate/lexicon/WordNet.ts';
import { modelGuidedCases, type ModelGuidedCases } from '../generate/modelGuidedCases.ts';
import type { SimulateOptions } from './simulate.ts';
import { simulateWithRecognizer } from './simulateWithRecognizer.ts';
import type { SimulationReport } from './simulationReport.ts';

/**
 * What a model run is doing, for progress displays: `training` (embedding the
 * examples), `generating` (the model-guided generators: paraphrases checked
 * and adversarial searches run against the recognizer), `collecting` (the
 * first pass, noting the utterances the engine asks about), `recognising`
 * (embedding them), `simulating` (the pass with the answers, whose report is
 * kept).
 */
export type ModelRunPhase = 'training' | 'generating' | 'collecting' | 'recognising' | 'simulating';

export interface SimulateWithEmbedderOptions extends Omit<SimulateOptions, 'nlu' | 'recognizer' | 'modelGuided'> {
  /** Called when the run moves to another phase; `onProgress` counts conversations (while generating: intents and attacked examples) within the phase. */
  readonly onPhase?: (phase: ModelRunPhase) => void;
  /**
   * The lexical database of the model-guided generators (`loadWordNet` from
   * `@colloquy/simulator/node`). Without it `paraphrase` and `adversarial` do
   * not run, and the report's `run.generators` leaves them out.
   */
  readonly wordNet?: WordNet;
  /**
   * The sentence encoder of the model-guided generators' meaning check. Its
   * thresholds were chosen with the Universal Sentence Encoder
   * (SimilarityCheck), so a `use` run checks with its own encoder and this is
   * ignored; a `transformers` run needs it (`loadUseEmbedder`), or the
   * model-guided generators do not run. The caller disposes it.
   */
  readonly meaningEmbedder?: Embedder;
}

export async function simulateWithEmbedder(
  workspace: Workspace,
  embedder: Embedder,
  name: ModelRecognizerName,
  options: SimulateWithEmbedderOptions,
): Promise<SimulationReport> {
  const { onPhase, wordNet, meaningEmbedder, ...simulateOptions } = options;
  const cached = cachedEmbedder(embedder, new EmbeddingCache());
  onPhase?.('training');
  const recognizer = await workspaceModelRecognizer(cached, workspace, name);

  const meaning = name === 'use' ? cached : meaningEmbedder && cachedEmbedder(meaningEmbedder, new EmbeddingCache());
  // The test files' `simulate:` blocks, resolved as `simulate` resolves them, so each flow's cases use its own settings.
  const generators = options.generators ?? GENERATOR_NAMES;
  const flows = flowGenerations(workspace, { generators, perIntent: options.perIntent ?? DEFAULT_PER_INTENT, seed: options.seed }, options.overrides).filter(
    (f) => options.flow === undefined || f.flow === options.flow,
  );
  const wanted = MODEL_GUIDED_GENERATORS.filter((g) => generators.includes(g) || flows.some((f) => f.generators.includes(g)));
  let modelGuided: ModelGuidedCases | undefined;
  if (wordNet && meaning && wanted.length > 0) {
    onPhase?.('generating');
    modelGuided = await modelGuidedCases(workspace, {
      seed: options.seed,
      generators,
      flows,
      embedder: meaning,
      recognizer,
      wordNet,
      ...(options.perIntent !== undefined ? { perIntent: options.perIntent } : {}),
      ...(options.flow !== undefined ? { flow: options.flow } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } else if (options.generators?.some(isModelGuided)) {
    throw new Error(`simulateWithEmbedder: ${wanted.join(', ')} need ${wordNet ? 'a meaning encoder (meaningEmbedder) with a transformers recognizer' : 'WordNet (wordNet)'}`);
  }

  onPhase?.('collecting');
  const recognizeBatch = async (texts: readonly string[]) => {
    onPhase?.('recognising');
    const recognitions = await recognizer.recognizeBatch(texts);
    onPhase?.('simulating');
    return recognitions;
  };
  return simulateWithRecognizer(workspace, { recognizeBatch }, {
    ...simulateOptions,
    ...(modelGuided ? { modelGuided } : {}),
    recognizer: { name, model: embedder.modelId, weightsHash: embedder.weightsSha256 },
  });
}

