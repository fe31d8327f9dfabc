import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { Embedder } from '../model/Embedder.ts';

/** The files a transformers.js feature-extraction model needs, as a Hugging Face repository lays them out. */
export const TRANSFORMERS_MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;

/** The ONNX weights transformers.js picks for each `dtype` (its `DEFAULT_DTYPE_SUFFIX_MAPPING`). */
const ONNX_FILE_BY_DTYPE = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
  int8: 'onnx/model_int8.onnx',
  uint8: 'onnx/model_uint8.onnx',
  q4: 'onnx/model_q4.onnx',
  bnb4: 'onnx/model_bnb4.onnx',
} as const;

export type TransformersDtype = keyof typeof ONNX_FILE_BY_DTYPE;

export interface TransformersEmbedderOptions {
  /**
   * The model: a folder holding its files (absolute, or relative to `localModelPath`), or a
   * Hugging Face model id such as `Xenova/all-MiniLM-L6-v2`, which is looked up as the folder
   * `<localModelPath>/Xenova/all-MiniLM-L6-v2`. Either way the folder is read from disk.
   */
  readonly model: string;
  /** Where relative folders and model ids are looked up. Default: the current directory. */
  readonly localModelPath?: string;
  /**
   * Whether a model id that is not on disk may be downloaded from the Hugging Face hub.
   * Default false: CI machines reach only the npm registry, and a recognizer that quietly
   * fetches weights at run time would make results depend on the network. Only when the user
   * asks for it.
   */
  readonly allowRemoteModels?: boolean;
  /** Where downloads are kept (only with `allowRemoteModels`). Default: transformers.js's own, inside node_modules. */
  readonly cacheDir?: string;
  /** Which ONNX weights to load. Default `fp32` (`onnx/model.onnx`), the file every exported model has. */
  readonly dtype?: TransformersDtype;
  /** Texts per ONNX run. Default 32, as for `use` (docs/decisions/0009); padding makes larger batches slower. */
  readonly batchSize?: number;
}

export type TransformersModelErrorCode = 'model_not_found' | 'no_onnx_file' | 'load_failed';

/** An expected failure to load a model: the message says where Colloquy looked and what to do. */
export class TransformersModelError extends Error {
  override readonly name = 'TransformersModelError';
  constructor(
    readonly code: TransformersModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const HOW_TO_DOWNLOAD =
  `On a machine with internet, download the model's files (${TRANSFORMERS_MODEL_FILES.join(', ')}) ` +
  'from its Hugging Face page into one folder, copy the folder here and set `nlu.model` in agent.yaml to it ' +
  '(see docs/reference/nlu.md, "transformers").';

/**
 * Any transformers.js feature-extraction model (a sentence-transformers export such as
 * all-MiniLM-L6-v2) as an `Embedder`: mean pooling over the tokens, then L2 normalisation.
 * Runs on onnxruntime-node, loaded only when this is called (importing `@colloquy/nlu/node`
 * does not load it). Reads the model from disk; downloads only with `allowRemoteModels`.
 * `weightsSha256` is the sha256 of the ONNX file(s) the session loaded, in load order.
 *
 * transformers.js keeps its settings (`env`) in one object per JavaScript realm: this sets
 * `allowRemoteModels`, `localModelPath` and `cacheDir` before each load, so two loads with
 * different settings must not run at the same time.
 */
export async function loadTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const dtype = options.dtype ?? 'fp32';
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
  const allowRemoteModels = options.allowRemoteModels ?? false;
  const localModelPath = resolve(options.localModelPath ?? '.');
  const folder = isAbsolute(options.model) ? options.model : join(localModelPath, options.model);
  const onnxFile = ONNX_FILE_BY_DTYPE[dtype];

  const local = await isFolder(folder);
  if (!local && (!allowRemoteModels || isAbsolute(options.model) || options.model.startsWith('.'))) {
    throw new TransformersModelError(
      'model_not_found',
      `The transformers model "${options.model}" is not on disk: there is no folder ${folder}. ` +
        (allowRemoteModels ? 'A folder path is never downloaded. ' : 'Colloquy downloads nothing unless asked (allowRemoteModels is off), so nothing was fetched. ') +
        HOW_TO_DOWNLOAD,
    );
  }
  if (local) await checkModelFolder(options.model, folder, onnxFile);

  const transformers = await import('@huggingface/transformers');
  const { env } = transformers;
  // A local folder is always loaded as a folder, with downloads off, whatever the option says.
  env.allowLocalModels = true;
  env.allowRemoteModels = allowRemoteModels && !local;
  env.localModelPath = `${localModelPath}/`;
  if (options.cacheDir !== undefined) env.cacheDir = options.cacheDir;

  const loaded: string[] = [];
  const source = local ? folder : options.model;
  let extractor: Awaited<ReturnType<typeof transformers.pipeline<'feature-extraction'>>>;
  try {
    extractor = await transformers.pipeline('feature-extraction', source, {
      dtype,
      progress_callback: (event) => {
        // The graph and its external data files, if any (`model.onnx_data`, `model.onnx_data_1`, …).
        if (event.status === 'done' && /\.onnx(_data(_\d+)?)?$/.test(event.file) && !loaded.includes(event.file)) loaded.push(event.file);
      },
    });
  } catch (error) {
    throw new TransformersModelError(
      'load_failed',
      `The transformers model "${options.model}" did not load from ${local ? folder : `the Hugging Face hub (cache: ${env.cacheDir})`}: ${(error as Error).message}. ${HOW_TO_DOWNLOAD}`,
      { cause: error },
    );
  }

  let disposed = false;
  const embedBatch = async (texts: readonly string[]): Promise<Float32Array[]> => {
    // The tokenizer truncates to the model's maximum length; pooling skips padding, so a text
    // gets the same vector alone and in a batch.
    const output = await extractor([...texts], { pooling: 'mean', normalize: true });
    const data = output.data as Float32Array;
    const width = output.dims[output.dims.length - 1]!;
    const vectors = texts.map((_, i) => data.slice(i * width, (i + 1) * width));
    output.dispose();
    return vectors;
  };
  let weightsSha256: string;
  let dimensions: number;
  try {
    // Downloads land in the cache as `<cacheDir>/<model id>/<file>`.
    weightsSha256 = await hashFiles(loaded.map((file) => (local ? join(folder, file) : join(env.cacheDir ?? '', options.model, file))));
    dimensions = (await embedBatch(['']))[0]!.length;
  } catch (error) {
    void extractor.dispose().catch(() => {});
    throw error;
  }

  return {
    modelId: isAbsolute(options.model) ? basename(options.model) : options.model,
    weightsSha256,
    dimensions,
    async embed(texts) {
      if (disposed) throw new Error(`The transformers model "${options.model}" was disposed.`);
      const vectors: Float32Array[] = [];
      // Lone surrogates are not valid UTF-8 and cannot cross into the tokenizer: make them U+FFFD first.
      const clean = texts.map((text) => (typeof text === 'string' ? text.replace(LONE_SURROGATE, '\ufffd') : ''));
      for (let start = 0; start < clean.length; start += batchSize) vectors.push(...(await embedBatch(clean.slice(start, start + batchSize))));
      return vectors;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      void extractor.dispose().catch(() => {});
    },
  };
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Checks before loading, so that a half-copied folder gets a message naming the missing files. */
async function checkModelFolder(model: string, folder: string, onnxFile: string): Promise<void> {
  const missing: string[] = [];
  for (const file of ['config.json', 'tokenizer.json', onnxFile]) {
    try {
      await stat(join(folder, file));
    } catch {
      missing.push(file);
    }
  }
  if (missing.length === 0) return;
  const onnxThere = (await readdir(join(folder, 'onnx')).catch(() => [] as string[])).filter((name) => name.endsWith('.onnx'));
  const noOnnx = missing.includes(onnxFile);
  throw new TransformersModelError(
    noOnnx ? 'no_onnx_file' : 'model_not_found',
    `The transformers model "${model}" in ${folder} is incomplete: ${missing.map((file) => join(folder, file)).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing` +
      (noOnnx && onnxThere.length > 0 ? ` (onnx/ holds ${onnxThere.join(', ')}: pick the matching dtype)` : '') +
      `. ${HOW_TO_DOWNLOAD}`,
  );
}

async function hashFiles(paths: readonly string[]): Promise<string> {
  if (paths.length === 0) throw new TransformersModelError('no_onnx_file', 'transformers.js loaded the model without reading an ONNX file, so its weights cannot be identified.');
  const hash = createHash('sha256');
  for (const path of paths) hash.update(await readFile(path));
  return hash.digest('hex');
}
