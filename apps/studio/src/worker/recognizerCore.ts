/**
 * The model recognizer worker's logic, without the worker: loads a sentence
 * encoder (the Universal Sentence Encoder, fetched from the server, in the
 * browser; read from disk in tests), keeps the page's buffers, trains a
 * classifier on the workspace's intents with nlu's `workspaceModelRecognizer`
 * (the one definition `colloquy simulate` and the server's simulations use,
 * so the same workspace and weights recognise the same everywhere), and
 * answers recognitions.
 *
 * Rules:
 * - Retraining waits for `trainDelayMs` without a sync (typing costs nothing),
 *   then runs only when the intents, their examples or agent.yaml's threshold
 *   and margin changed: the training key. A recognition trains at once on what
 *   was synced before it, so it never answers from older text.
 * - Trainings and recognitions run one at a time, in the order they were
 *   asked for. Embeddings are cached by (weights hash, text), so a retraining
 *   embeds only new examples; the last KEPT_CLASSIFIERS classifiers are kept by
 *   key, so going back to an earlier text (a conversation that started before
 *   an edit) costs nothing.
 * - Nothing throws out of here: a model that fails to load, or a workspace the
 *   classifier cannot be trained on, is a message, and every recognition then
 *   answers with the reason; the page falls back to the lexical recognizer.
 *
 * DOM-free and Node-free (a `MessagePort` works as the port): tested in Node
 * with the real model.
 */
import { WorkspaceValidator, type Workspace } from '@colloquy/core';
import { cachedEmbedder, EmbeddingCache, workspaceIntents, workspaceModelRecognizer, type Embedder, type ModelRecognizer, type ModelRecognizerName } from '@colloquy/nlu';
import { isTestFilePath, isWorkspaceFile } from '../features/simulate/headless.ts';
import type { FromRecognizer, ToRecognizer } from './recognizerProtocol.ts';

/** A worker's global scope, or one end of a MessageChannel. */
export interface RecognizerWorkerPort {
  postMessage(message: FromRecognizer): void;
  onmessage: ((event: MessageEvent<ToRecognizer>) => void) | null;
}

export interface RecognizerWorkerOptions {
  /** Quiet time after the last sync before retraining. Default TRAIN_DELAY_MS. */
  readonly trainDelayMs?: number;
  /** The name recognitions carry (agent.yaml's `nlu.recognizer`). Default `use`. */
  readonly recognizer?: ModelRecognizerName;
}

/** Longer than a pause between keystrokes, shorter than a glance from the editor to Try it. */
export const TRAIN_DELAY_MS = 400;
/** Classifiers kept by training key: the current text's and the one before it. */
const KEPT_CLASSIFIERS = 2;

/** What a classifier depends on in a workspace: the same key, the same classifier. */
export function trainingKey(workspace: Workspace): string {
  const nlu = workspace.agent?.data.nlu;
  return JSON.stringify([workspaceIntents(workspace), nlu?.threshold ?? null, nlu?.margin ?? 0]);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function serveRecognizer(port: RecognizerWorkerPort, loadEmbedder: () => Promise<Embedder>, options: RecognizerWorkerOptions = {}): { dispose(): void } {
  const delay = options.trainDelayMs ?? TRAIN_DELAY_MS;
  const name = options.recognizer ?? 'use';
  const validator = new WorkspaceValidator();
  const classifiers = new Map<string, ModelRecognizer>();
  let current: ModelRecognizer | undefined;
  let trainError: string | undefined;
  /** Files were synced since the last training. */
  let stale = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let queue: Promise<void> = Promise.resolve();
  let disposed = false;

  const post = (message: FromRecognizer) => {
    if (!disposed) port.postMessage(message);
  };
  /** One job at a time, in order; each job reports its own failures. */
  const enqueue = (job: () => Promise<void>) => {
    queue = queue.then(job).catch((error: unknown) => post({ type: 'trainFailed', message: messageOf(error) }));
    return queue;
  };

  const embedder: Promise<Embedder | { readonly error: string }> = loadEmbedder().then(
    (loaded) => {
      post({ type: 'loaded', model: loaded.modelId, weightsSha256: loaded.weightsSha256 });
      return cachedEmbedder(loaded, new EmbeddingCache());
    },
    (error: unknown) => {
      const message = messageOf(error);
      post({ type: 'loadFailed', message });
      return { error: message };
    },
  );

  const trainIfStale = async () => {
    if (!stale) return;
    const encoder = await embedder;
    if ('error' in encoder || disposed) return;
    // Files synced while the model loaded count too: take them all now.
    stale = false;
    const { workspace } = validator.validate();
    const key = trainingKey(workspace);
    let recognizer = classifiers.get(key);
    if (!recognizer) {
      try {
        recognizer = await workspaceModelRecognizer(encoder, workspace, name);
      } catch (error) {
        current = undefined;
        trainError = `could not train on this workspace: ${messageOf(error)}`;
        post({ type: 'trainFailed', message: trainError });
        return;
      }
    }
    classifiers.delete(key);
    classifiers.set(key, recognizer);
    for (const old of classifiers.keys()) if (classifiers.size > KEPT_CLASSIFIERS) classifiers.delete(old);
    if (recognizer === current) return;
    current = recognizer;
    trainError = undefined;
    const intents = workspaceIntents(workspace);
    post({ type: 'trained', intents: intents.length, examples: intents.reduce((sum, i) => sum + i.examples.length, 0) });
  };

  const recognize = async (seq: number, texts: readonly string[]) => {
    await trainIfStale();
    const encoder = await embedder;
    if ('error' in encoder) return post({ type: 'recognized', seq, error: `the model did not load: ${encoder.error}` });
    if (!current) return post({ type: 'recognized', seq, error: trainError ?? 'no workspace to train on yet' });
    try {
      post({ type: 'recognized', seq, recognitions: await current.recognizeBatch(texts) });
    } catch (error) {
      post({ type: 'recognized', seq, error: messageOf(error) });
    }
  };

  port.onmessage = ({ data: message }) => {
    switch (message.type) {
      case 'sync':
        for (const { path, text } of message.set) if (isWorkspaceFile(path) && !isTestFilePath(path)) validator.set(path, text);
        for (const path of message.removed) validator.delete(path);
        stale = true;
        clearTimeout(timer);
        timer = setTimeout(() => void enqueue(trainIfStale), delay);
        return;
      case 'recognize':
        clearTimeout(timer);
        void enqueue(() => recognize(message.seq, message.texts));
        return;
      default: {
        const unknown: never = message;
        throw new Error(`unknown message ${JSON.stringify(unknown)}`);
      }
    }
  };

  return {
    dispose() {
      disposed = true;
      clearTimeout(timer);
      port.onmessage = null;
      void embedder.then((encoder) => ('error' in encoder ? undefined : encoder.dispose()));
    },
  };
}
