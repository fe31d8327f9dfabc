/**
 * Live collaboration on a real server (127.0.0.1, port 0) with real
 * y-websocket clients: convergence of concurrent edits, the text written to
 * the change request, read-only connections, REST edits merged into the live
 * document, the file index, and refusals of the upgrade.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectCollab, eventually, fileRoom, upgradeStatus, type CollabClient } from './support/collabClient.ts';
import { startTestServer, type TestServer } from './support/testServer.ts';

const FLOW = 'flows/opening_hours.flow.yaml';

/** A deterministic pseudo-random sequence (no Math.random in tests: failures must replay). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('live collaboration (real server, real y-websocket clients)', () => {
  let t: TestServer;
  let change: string;
  const clients: CollabClient[] = [];
  const connect = async (account: string, room: string) => {
    const client = connectCollab(t.url, room, (await t.signIn(account)).cookie);
    clients.push(client);
    return client;
  };
  beforeEach(async () => {
    t = await startTestServer({ collab: { materialiseDelayMs: 100, unloadAfterMs: 200 } });
    const created = await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'live edits' } });
    change = created.body.id;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await t.close();
  });

  it('seeds a file document on the server from the change content, once', async () => {
    const published = readFileSync(join(t.root, FLOW), 'utf8');
    const [a, b] = [await connect('dana', fileRoom(change, FLOW)), await connect('omar', fileRoom(change, FLOW))];
    await Promise.all([a.synced(), b.synced()]);
    expect(a.text.toString()).toBe(published);
    expect(b.text.toString()).toBe(published);
    expect(a.access.at(-1)).toEqual({ writable: true, reason: null });
    expect(b.access.at(-1)?.writable).toBe(false);
  });

  it('ten clients editing at random at the same time end with the same text everywhere and in the change request', async () => {
    const room = fileRoom(change, FLOW);
    const editors = await Promise.all(Array.from({ length: 10 }, () => connect('dana', room)));
    await Promise.all(editors.map((c) => c.synced()));
    const next = random(42);
    // Given ten clients, when each makes 30 edits (inserts and deletes at random places) in interleaved rounds
    for (let round = 0; round < 30; round++) {
      for (const [index, client] of editors.entries()) {
        const length = client.text.length;
        if (length > 20 && next() < 0.3) {
          const at = Math.floor(next() * (length - 5));
          client.text.delete(at, 1 + Math.floor(next() * 4));
        } else {
          client.text.insert(Math.floor(next() * (length + 1)), `#${index}.${round} `);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Then every client converges on one text, which holds every surviving insertion
    await eventually(
      () => new Set(editors.map((c) => c.text.toString())).size === 1,
      () => `texts differ: ${editors.map((c) => c.text.length).join(', ')}`,
      15_000,
    );
    const text = editors[0]!.text.toString();
    expect(text).toContain('#');
    // And the change request's file holds exactly that text (written after the edits stop)
    await eventually(
      () => {
        try {
          return readFileSync(join(t.root, '.colloquy', 'changes', change, 'files', FLOW), 'utf8') === text;
        } catch {
          return false;
        }
      },
      () => 'the change request file does not hold the converged text',
    );
    const read = await t.api<{ content: string }>(`/api/changes/${change}/files?path=${encodeURIComponent(FLOW)}`);
    expect(read.body.content).toBe(text);
  });

  it('refuses the upgrade with an HTTP status: 401 without a session, 404 for an unknown change or file, 400 for a bad path', async () => {
    const upgrade = (path: string, cookie?: string) => upgradeStatus(new URL(path, t.url.replace('http:', 'ws:')).href, cookie ? { cookie } : {});
    const cookie = (await t.signIn('vic')).cookie;
    expect((await upgrade(`/api/collab/${change}/index`))).toBe(401);
    expect((await upgrade(`/api/collab/CR-999/index`, cookie))).toBe(404);
    expect((await upgrade(`/api/collab/${change}/file/${encodeURIComponent('flows/none.flow.yaml')}`, cookie))).toBe(404);
    expect((await upgrade(`/api/collab/${change}/file/${encodeURIComponent('../etc/passwd.yaml')}`, cookie))).toBe(400);
    expect((await upgrade(`/api/collab/${change}/file/${encodeURIComponent('flows/x.txt')}`, cookie))).toBe(400);
  });
});
