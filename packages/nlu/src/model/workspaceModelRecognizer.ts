import type { Workspace } from '@colloquy/core';
import { workspaceIntents } from '../training/workspaceTraining.ts';
import { createModelRecognizer, type ModelRecognizer, type ModelRecognizerName } from './createModelRecognizer.ts';
import type { Embedder } from './Embedder.ts';

/**
 * The model recognizer a workspace gets: trained on every intent its flows
 * declare, with agent.yaml's `nlu.threshold` (when set; otherwise the one the
 * classifier chose on held-out examples) and `nlu.margin`. One definition for
 * `colloquy simulate`, the server's simulation worker, the `transformers`
 * loader and the studio's Try-it worker, so the same workspace and weights give
 * the same recognitions wherever they run.
 */
export function workspaceModelRecognizer(embedder: Embedder, workspace: Workspace, name: ModelRecognizerName): Promise<ModelRecognizer> {
  const nlu = workspace.agent?.data.nlu;
  return createModelRecognizer({
    embedder,
    intents: workspaceIntents(workspace),
    ...(nlu?.threshold !== undefined ? { threshold: nlu.threshold } : {}),
    margin: nlu?.margin ?? 0,
    recognizer: name,
  });
}
