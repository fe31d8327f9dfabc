/// <reference lib="webworker" />
/**
 * The model recognizer worker: the Universal Sentence Encoder on TensorFlow.js
 * (wasm backend) with its files fetched from the studio's server, trained on
 * the page's buffers and answering Try it's recognitions (recognizerCore.ts),
 * off the main thread. Started only when agent.yaml names `use`
 * (TryItRecognizer.ts): TensorFlow.js is in this worker's bundle alone.
 */
import { createUseEmbedder } from '@colloquy/nlu/use';
import { fetchUseModelFiles } from './fetchUseModelFiles.ts';
import { serveRecognizer } from './recognizerCore.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
serveRecognizer(scope, async () => createUseEmbedder(await fetchUseModelFiles(scope.location.origin)));
