import { createUseEmbedder } from '../model/createUseEmbedder.ts';
import type { Embedder } from '../model/Embedder.ts';
import { loadUseModelFiles } from './loadUseModelFiles.ts';

/** The Universal Sentence Encoder from the installed npm packages (no network). */
export async function loadUseEmbedder(): Promise<Embedder> {
  return createUseEmbedder(await loadUseModelFiles());
}
