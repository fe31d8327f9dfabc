/**
 * @colloquy/simulator/node: the parts of the simulator that read files, for
 * the CLI, the server and tests. The shared code takes what they read.
 */
export { loadWordNet } from './loadWordNet.ts';
export { loadModelGuidance, type ModelGuidance } from './loadModelGuidance.ts';
