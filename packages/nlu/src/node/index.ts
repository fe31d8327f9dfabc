/**
 * @colloquy/nlu/node: the parts of the NLU that read files, for the CLI, the
 * server and benchmarks. Browser code loads the same model through
 * `createUseEmbedder` with files it fetched.
 */
export { loadUseModelFiles } from './loadUseModelFiles.ts';
export { loadUseEmbedder } from './loadUseEmbedder.ts';
export {
  loadTransformersEmbedder,
  TRANSFORMERS_MODEL_FILES,
  TransformersModelError,
  type TransformersDtype,
  type TransformersEmbedderOptions,
  type TransformersModelErrorCode,
} from './loadTransformersEmbedder.ts';
export { loadTransformersRecognizer, type TransformersRecognizerOptions } from './loadTransformersRecognizer.ts';
export {
  agentModelSource,
  describeRecognizerModel,
  loadRecognizerEmbedder,
  type RecognizerModelDescription,
  type RecognizerModelSource,
} from './loadRecognizerEmbedder.ts';
