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

describe("a change request's file write that fails on disk (real server, injected failure)", () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it.each([
    ['EIO', 500, /unexpected problem/],
    ['ENOSPC', 507, /no space left/],
    ['EACCES', 403, /not allowed to change/],
  ])('%s: answers %i, keeps the change\'s content whole and leaves no temp file', async (code, status, message) => {
    const logged: string[] = [];
    t = await startTestServer({ fs: failingWrites(code), log: (line) => logged.push(line) });
    const published = readFileSync(join(t.root, FLOW), 'utf8');
    const change = await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'A write that fails' } });
    const response = await t.api(`/api/changes/${change.body.id}/files`, { method: 'PUT', json: { path: FLOW, content: 'replacement: true\n'.repeat(100) } });
    expect(response.status).toBe(status);
    expect(response.body.error).toMatch(message);
    // The change still shows the published content, nothing half-written is left in its folder or the workspace.
    expect((await t.api<{ content: string }>(`/api/changes/${change.body.id}/files?path=${FLOW}`)).body.content).toBe(published);
    const changeFolder = join(t.root, '.colloquy', 'changes', change.body.id);
    expect(readdirSync(changeFolder, { recursive: true }).map(String).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(t.root, FLOW), 'utf8')).toBe(published);
    // Only the unexpected failure is logged (with its detail); expected ones are the user's to act on.
    expect(logged.length).toBe(status === 500 ? 1 : 0);
    if (status === 500) expect(logged[0]).toContain(`injected ${code}`);
    // And the server carries on.
    expect((await t.api(`/api/file?path=${FLOW}`)).status).toBe(200);
  });
});
