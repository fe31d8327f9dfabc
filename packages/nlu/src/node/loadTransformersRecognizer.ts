import type { Workspace } from '@colloquy/core';
import { cachedEmbedder } from '../model/cachedEmbedder.ts';
import type { ModelRecognizer } from '../model/createModelRecognizer.ts';
import type { EmbeddingCache } from '../model/EmbeddingCache.ts';
import { workspaceModelRecognizer } from '../model/workspaceModelRecognizer.ts';
import { loadTransformersEmbedder, TransformersModelError, type TransformersEmbedderOptions } from './loadTransformersEmbedder.ts';

export interface TransformersRecognizerOptions extends Pick<TransformersEmbedderOptions, 'allowRemoteModels' | 'cacheDir' | 'dtype' | 'batchSize'> {
  /** The workspace's folder: agent.yaml's `nlu.model` is a folder relative to it (or absolute). */
  readonly workspaceDir: string;
  /** Embeddings kept across re-trainings (the studio re-trains after every edit). */
  readonly cache?: EmbeddingCache;
}

/**
 * The `transformers` recognizer for a workspace whose agent.yaml says
 * `nlu: { recognizer: transformers, model: <folder or id> }`: loads the model
 * (loadTransformersEmbedder, nothing downloaded unless `allowRemoteModels`),
 * trains the classifier on every intent of the workspace's flows, and applies
 * the agent's threshold and margin. `dispose` frees the model's ONNX session.
 */
export async function loadTransformersRecognizer(
  workspace: Workspace,
  options: TransformersRecognizerOptions,
): Promise<ModelRecognizer & { dispose(): void }> {
  const nlu = workspace.agent?.data.nlu;
  if (nlu?.recognizer !== 'transformers' || !nlu.model) {
    throw new TransformersModelError(
      'model_not_found',
      'agent.yaml does not name a transformers model: set `nlu.recognizer: transformers` and `nlu.model` to the folder holding the model (relative to the workspace).',
    );
  }
  const embedder = await loadTransformersEmbedder({
    model: nlu.model,
    localModelPath: options.workspaceDir,
    ...(options.allowRemoteModels !== undefined ? { allowRemoteModels: options.allowRemoteModels } : {}),
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    ...(options.dtype !== undefined ? { dtype: options.dtype } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  });
  try {
    const recognizer = await workspaceModelRecognizer(options.cache ? cachedEmbedder(embedder, options.cache) : embedder, workspace, 'transformers');
    return { ...recognizer, dispose: () => embedder.dispose() };
  } catch (error) {
    embedder.dispose();
    throw error;
  }
}
