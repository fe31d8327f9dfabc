/**
 * Starts the model recognizer worker. Imported dynamically by the composition
 * root only when agent.yaml names `use`, so neither this client nor the
 * worker's TensorFlow.js is part of the first paint.
 */
import { ModelRecognizerClient, type ModelRecognizerState } from './ModelRecognizerClient.ts';
import RecognizerWorker from './recognizer.worker.ts?worker';

export function startModelRecognizer(onState: (state: ModelRecognizerState) => void): ModelRecognizerClient {
  return new ModelRecognizerClient(new RecognizerWorker({ name: 'use recognizer' }), onState);
}
