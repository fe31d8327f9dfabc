/**
 * @colloquy/nlu/node: the parts of the NLU that read files, for the CLI, the
 * server and benchmarks. Browser code loads the same model through
 * `createUseEmbedder` with files it fetched.
 */
export { loadUseModelFiles } from './loadUseModelFiles.ts';
export { loadUseEmbedder } from './loadUseEmbedder.ts';
