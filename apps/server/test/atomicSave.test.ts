import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NODE_FS, type AtomicWriteFs } from '@colloquy/core/node';
import { startTestServer, type TestServer } from './support/testServer.ts';

const FLOW = 'flows/opening_hours.flow.yaml';

/** The real file system, except that writing file contents fails with `code` after a partial write. */
function failingWrites(code: string): AtomicWriteFs {
  return {
    ...NODE_FS,
    async open(path, flags, mode) {
      const handle = await NODE_FS.open(path, flags, mode);
      if (flags !== 'wx') return handle;
      return {
        async writeFile(data) {
          await handle.writeFile(data.subarray(0, 10));
          throw Object.assign(new Error(`injected ${code}`), { code });
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
}

describe('a save that fails on disk (real server, injected failure)', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it.each([
    ['EIO', 500, /unexpected problem/],
    ['ENOSPC', 507, /no space left/],
    ['EACCES', 403, /not allowed to change/],
  ])('%s: answers %i, keeps the original file whole and leaves no temp file', async (code, status, message) => {
    const logged: string[] = [];
    t = await startTestServer({ fs: failingWrites(code), log: (line) => logged.push(line) });
    const before = readFileSync(join(t.root, FLOW), 'utf8');
    const response = await t.api('/api/file', { method: 'PUT', json: { path: FLOW, content: 'replacement: true\n'.repeat(100) } });
    expect(response.status).toBe(status);
    expect(response.body.error).toMatch(message);
    expect(readFileSync(join(t.root, FLOW), 'utf8')).toBe(before);
    expect(readdirSync(join(t.root, 'flows'))).toEqual(['opening_hours.flow.yaml']);
    // Only the unexpected failure is logged (with its detail); expected ones are the user's to act on.
    expect(logged.length).toBe(status === 500 ? 1 : 0);
    if (status === 500) expect(logged[0]).toContain(`injected ${code}`);
    // And the server carries on.
    expect((await t.api(`/api/file?path=${FLOW}`)).status).toBe(200);
  });
});
