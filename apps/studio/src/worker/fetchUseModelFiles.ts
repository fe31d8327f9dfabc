/**
 * The Universal Sentence Encoder's files, fetched from the studio's own server
 * (apps/server/src/routes/models.ts serves them from the installed npm
 * packages): `/models/use.json` says where they are, then model.json, its
 * weight shards, vocab.json; the wasm backend's binaries are fetched later by
 * TensorFlow.js from `wasmPaths`. Every URL is resolved against the server's
 * origin, so nothing leaves it. The weights are hashed here (sha256, Web
 * Crypto) as `loadUseModelFiles` hashes them in Node, so the studio names the
 * same weights hash as a report.
 */
import type { UseModelFiles } from '@colloquy/nlu/use';

/** Where the server says the files are. */
export const USE_MODEL_MANIFEST_PATH = '/models/use.json';

interface UseModelManifest {
  readonly modelUrl: string;
  readonly vocabularyUrl: string;
  readonly wasmPaths: string;
}

/** `origin`: the server's (`self.location.origin` in a worker). */
export async function fetchUseModelFiles(origin: string): Promise<UseModelFiles> {
  const manifestUrl = new URL(USE_MODEL_MANIFEST_PATH, origin);
  const manifest = (await fetchOk(manifestUrl, 'json')) as Partial<UseModelManifest>;
  if (typeof manifest.modelUrl !== 'string' || typeof manifest.vocabularyUrl !== 'string' || typeof manifest.wasmPaths !== 'string') {
    throw new Error(`${manifestUrl.pathname} does not say where the model files are`);
  }
  const modelUrl = sameOrigin(manifest.modelUrl, manifestUrl);
  const [modelJson, vocabulary] = await Promise.all([
    fetchOk(modelUrl, 'json') as Promise<UseModelFiles['modelJson']>,
    fetchOk(sameOrigin(manifest.vocabularyUrl, manifestUrl), 'json') as Promise<UseModelFiles['vocabulary']>,
  ]);
  const paths = (modelJson.weightsManifest ?? []).flatMap((group) => group.paths);
  const shards = await Promise.all(paths.map(async (path) => new Uint8Array((await fetchOk(sameOrigin(path, modelUrl), 'bytes')) as ArrayBuffer)));
  const weights = new Uint8Array(shards.reduce((sum, shard) => sum + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weights.set(shard, offset);
    offset += shard.byteLength;
  }
  if (!globalThis.crypto?.subtle) throw new Error('this page cannot hash the weights (Web Crypto needs a secure context: open the studio at http://127.0.0.1 or http://localhost)');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', weights));
  return {
    modelJson,
    weightData: weights.buffer,
    vocabulary,
    weightsSha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''),
    wasmPaths: sameOrigin(manifest.wasmPaths, manifestUrl).href,
  };
}

/** `path` resolved against `base`, refused when it would leave the server. */
function sameOrigin(path: string, base: URL): URL {
  const url = new URL(path, base);
  if (url.origin !== base.origin) throw new Error(`the model files must come from the studio's server, not ${url.origin}`);
  return url;
}

async function fetchOk(url: URL, as: 'json' | 'bytes'): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`GET ${url.pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    // The server explains a missing model in `{ error }`.
    const body = await response.text().catch(() => '');
    let reason = body.slice(0, 300);
    try {
      const parsed = JSON.parse(body) as { error?: unknown };
      if (typeof parsed.error === 'string') reason = parsed.error;
    } catch {
      // not JSON: keep the text
    }
    throw new Error(`GET ${url.pathname} answered ${response.status}${reason ? `: ${reason}` : ''}`);
  }
  return as === 'json' ? response.json() : response.arrayBuffer();
}
