import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import type { Embedder } from './Embedder.ts';
import { UseTokenizer, type UseVocabulary } from './useTokenizer.ts';

/** The files of the USE lite model as TensorFlow.js ships them, already read (from disk in Node, by fetch in a browser). */
export interface UseModelFiles {
  /** model.json: the graph and its weights manifest. */
  readonly modelJson: { readonly modelTopology: unknown; readonly weightsManifest: readonly { readonly paths: readonly string[]; readonly weights: readonly tf.io.WeightsManifestEntry[] }[] };
  /** The weight shards concatenated in manifest order. */
  readonly weightData: ArrayBuffer;
  /** vocab.json: the SentencePiece pieces and scores. */
  readonly vocabulary: UseVocabulary;
  /** sha256 (hex) of `weightData`. */
  readonly weightsSha256: string;
  /** Where the backend's .wasm files are (a directory path in Node, a URL prefix in a browser), ending in `/`. */
  readonly wasmPaths: string;
}

export const USE_MODEL_ID = 'use-lite-512';
const DIMENSIONS = 512;
/** Texts per model call: 32 was fastest on ~200 sentences (docs/decisions/0009). */
const BATCH_SIZE = 32;
/** USE lite reads pieces as a bag; beyond this the text adds nothing but tokenizing time. */
const LONGEST_TEXT = 2_000;

/**
 * Google's Universal Sentence Encoder (lite, 512 dimensions) on TensorFlow.js
 * with the WebAssembly backend: no native module, no download, the same code
 * in Node and in a browser worker. The TensorFlow.js backend is global to the
 * JavaScript realm; this sets it to `wasm`.
 */
export async function createUseEmbedder(files: UseModelFiles): Promise<Embedder> {
  if (tf.getBackend() !== 'wasm') {
    setWasmPaths(files.wasmPaths);
    if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js wasm backend failed to start');
  }
  await tf.ready();
  const manifest = files.modelJson.weightsManifest;
  const model = await loadGraphModel(
    tf.io.fromMemory({
      modelTopology: files.modelJson.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs: manifest.flatMap((group) => group.weights),
      weightData: files.weightData,
    }),
  );
  const tokenizer = new UseTokenizer(files.vocabulary);

  const embedChunk = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const tokens = texts.map((text) => tokenizer.encode(wellFormed(text.slice(0, LONGEST_TEXT))));
    const out = texts.map(() => new Float32Array(DIMENSIONS));
    // A text without tokens has no row in the sparse input: it keeps a zero vector.
    const rows = tokens.map((_, i) => i).filter((i) => tokens[i]!.length > 0);
    if (rows.length === 0) return out;
    const indices: number[] = [];
    const values: number[] = [];
    rows.forEach((textIndex, row) => {
      tokens[textIndex]!.forEach((id, position) => {
        indices.push(row, position);
        values.push(id);
      });
    });
    const inputs = { indices: tf.tensor2d(indices, [values.length, 2], 'int32'), values: tf.tensor1d(values, 'int32') };
    try {
      const result = (await model.executeAsync(inputs)) as tf.Tensor;
      const data = (await result.data()) as Float32Array;
      result.dispose();
      rows.forEach((textIndex, row) => out[textIndex]!.set(data.subarray(row * DIMENSIONS, (row + 1) * DIMENSIONS)));
      return out;
    } finally {
      inputs.indices.dispose();
      inputs.values.dispose();
    }
  };

  return {
    modelId: USE_MODEL_ID,
    weightsSha256: files.weightsSha256,
    dimensions: DIMENSIONS,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH_SIZE) out.push(...(await embedChunk(texts.slice(i, i + BATCH_SIZE))));
      return out;
    },
    dispose: () => model.dispose(),
  };
}

/** Lone surrogates become U+FFFD, so that NFKC and the tokenizer see valid text. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
