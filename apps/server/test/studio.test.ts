import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { FIXTURE, startTestServer, type TestServer } from './support/testServer.ts';

const scratch = mkdtempSync(join(tmpdir(), 'colloquy-studio-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('serving the studio', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('when the studio is not built, every page says how to build it', async () => {
    t = await startTestServer({ studioDir: join(scratch, 'missing') });
    expect(t.server.studioBuilt).toBe(false);
    for (const [path, accept] of [['/', '*/*'], ['/flows/card_lost', 'text/html']] as const) {
      const response = await fetch(new URL(path, t.url), { headers: { accept } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(await response.text()).toContain('pnpm@10 build:studio');
    }
    const asset = await fetch(new URL('/assets/missing.js', t.url));
    expect(asset.status).toBe(404);
  });

  it('serves the built studio, its assets, and index.html for the studio\'s own routes', async () => {
    const dist = join(scratch, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Colloquy Studio</title>');
    writeFileSync(join(dist, 'assets/app-1234.js'), 'console.log("studio")');
    writeFileSync(join(dist, 'assets/monaco-CvO0lNDw.js'), '// hashed');
    t = await startTestServer({ studioDir: dist });
    expect(t.server.studioBuilt).toBe(true);
    const index = await fetch(t.url);
    expect(await index.text()).toContain('Colloquy Studio');
    const asset = await fetch(new URL('/assets/app-1234.js', t.url));
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await asset.text()).toBe('console.log("studio")');
    // Only content-hashed names are kept for good; the page itself is always checked.
    expect(asset.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(new URL('/assets/monaco-CvO0lNDw.js', t.url))).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const deepLink = await fetch(new URL('/flows/card_lost', t.url), { headers: { accept: 'text/html' } });
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('Colloquy Studio');
    expect((await fetch(new URL('/assets/missing.js', t.url))).status).toBe(404);
  });

  it('picks up a studio built while the server runs', async () => {
    const dist = join(scratch, 'later');
    t = await startTestServer({ studioDir: dist });
    expect(await (await fetch(t.url)).text()).toContain('not built');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Built later</title>');
    expect(await (await fetch(t.url)).text()).toContain('Built later');
  });
});

describe('server lifecycle', () => {
  it('close() can be called twice', async () => {
    const t = await startTestServer();
    await t.server.close();
    await t.close();
  });

  it('rejects a port in use, leaving nothing running', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    // A copy: the server writes its audit log and sessions in the workspace's .colloquy/ before it listens.
    const root = join(scratch, 'port-in-use');
    cpSync(FIXTURE, root, { recursive: true });
    try {
      await expect(createServer({ root, port, log: () => undefined })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // Nothing left running: the audit log's writer lock is released, so another server can open it.
      const t = await createServer({ root, port: 0, log: () => undefined });
      await t.close();
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('rejects a folder that does not exist', async () => {
    await expect(createServer({ root: join(scratch, 'nope'), port: 0 })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
