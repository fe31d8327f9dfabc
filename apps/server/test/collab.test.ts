/**
 * Live collaboration on a real server (127.0.0.1, port 0) with real
 * y-websocket clients: convergence of concurrent edits, the text written to
 * the change request, read-only connections, REST edits merged into the live
 * document, the file index, and refusals of the upgrade.
 */
import { createHash } from 'node:crypto';
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

describe('live collaboration (real server, real y-websocket clients)', { timeout: 20_000 }, () => {
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

  it('a viewer, and everyone once the change is submitted, is read-only: their edits never land', async () => {
    const room = fileRoom(change, FLOW);
    const [dana, vic, omar] = [await connect('dana', room), await connect('vic', room), await connect('omar', room)];
    await Promise.all([dana.synced(), vic.synced(), omar.synced()]);
    const seeded = dana.text.toString();
    expect(vic.access.at(-1)).toEqual({ writable: false, reason: expect.stringMatching(/designer/) });

    // When the viewer edits, the others never see it
    vic.text.insert(0, 'VIEWER WAS HERE\n');
    dana.text.insert(0, '# dana\n');
    await eventually(() => omar.text.toString().startsWith('# dana\n'), () => omar.text.toString().slice(0, 40));
    expect(omar.text.toString()).not.toContain('VIEWER');
    expect(dana.text.toString()).not.toContain('VIEWER');

    // When dana submits, her connection turns read-only at once (message 100) and her next edit is refused
    expect((await t.api(`/api/changes/${change}/actions`, { method: 'POST', json: { action: 'submit', asRole: 'designer' } })).status).toBe(200);
    await eventually(() => dana.access.at(-1)?.writable === false, () => JSON.stringify(dana.access));
    expect(dana.access.at(-1)?.reason).toMatch(/in review/);
    dana.text.insert(0, 'AFTER SUBMIT\n');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(omar.text.toString()).toBe(`# dana\n${seeded}`);
    const stored = readFileSync(join(t.root, '.colloquy', 'changes', change, 'files', FLOW), 'utf8');
    expect(stored).toBe(`# dana\n${seeded}`);

    // A new connection after the submit gets the submitted text, not the refused edit
    const late = await connect('dana', room);
    await late.synced();
    expect(late.text.toString()).toBe(`# dana\n${seeded}`);
    expect(late.access.at(-1)?.writable).toBe(false);
  });

  it('a file written through the API while it is edited live is merged into the live text, and the index follows', async () => {
    const room = fileRoom(change, FLOW);
    const [a, index] = [await connect('dana', room), await connect('omar', `${change}/index`)];
    await Promise.all([a.synced(), index.synced()]);
    const files = index.doc.getMap<{ version: string }>('files');
    expect([...files.keys()].sort()).toEqual(['agent.yaml', FLOW]);
    a.text.insert(a.text.length, '# tail by dana\n');
    await eventually(() => a.persisted > 0, () => 'the live edit was not stored');
    // Given an API client that read the file (with dana's live edit) and replaces its first line
    const read = await t.api<{ content: string }>(`/api/changes/${change}/files?path=${encodeURIComponent(FLOW)}`);
    const lines = read.body.content.split('\n');
    const rewritten = ['# head by the API', ...lines.slice(1)].join('\n');
    // When it writes while dana goes on typing at the end
    const put = t.api(`/api/changes/${change}/files`, { method: 'PUT', json: { path: FLOW, content: rewritten } });
    a.text.insert(a.text.length, '# more by dana\n');
    expect((await put).status).toBe(200);
    // Then both survive: the API's line and both live edits
    await eventually(() => a.text.toString() === `${rewritten}# more by dana\n`, () => JSON.stringify(a.text.toString()));
    await eventually(() => index.doc.getMap('files').size > 0 && a.persisted > 1, () => 'not persisted');
    // A new file through the API appears in the index; deleting it removes it
    await t.api(`/api/changes/${change}/files`, { method: 'PUT', json: { path: 'flows/new.flow.yaml', content: 'kind: flow\n' } });
    await eventually(() => files.has('flows/new.flow.yaml'), () => JSON.stringify(files.toJSON()));
    const viaApi = await t.api<{ content: string }>(`/api/changes/${change}/files?path=${encodeURIComponent(FLOW)}`);
    expect(viaApi.body.content).toBe(`${rewritten}# more by dana\n`);
    expect(files.get(FLOW)?.version).toBe(createHash('sha256').update(viaApi.body.content).digest('hex'));
    await t.api(`/api/changes/${change}/files?path=${encodeURIComponent('flows/new.flow.yaml')}`, { method: 'DELETE' });
    await eventually(() => !files.has('flows/new.flow.yaml'), () => JSON.stringify(files.toJSON()));
    // The index is read-only for clients
    files.set('flows/forged.flow.yaml', { version: 'x' });
    const other = await connect('dana', `${change}/index`);
    await other.synced();
    expect(other.doc.getMap('files').has('flows/forged.flow.yaml')).toBe(false);
  });

  it('deleting a file through the API closes its live connections with 4404', async () => {
    const a = await connect('dana', fileRoom(change, FLOW));
    await a.synced();
    await t.api(`/api/changes/${change}/files?path=${encodeURIComponent(FLOW)}`, { method: 'DELETE' });
    await eventually(() => a.closes.some((c) => c.code === 4404), () => JSON.stringify(a.closes));
  });

  it('records live edits as change.edited (who, before/after hashes) when the last writer leaves, and details show them at once', async () => {
    const a = await connect('dana', fileRoom(change, FLOW));
    await a.synced();
    const before = createHash('sha256').update(a.text.toString()).digest('hex');
    a.text.insert(0, '# edited live\n');
    // The details flush the live text first: the file is listed as modified without waiting
    await eventually(() => a.persisted > 0, () => 'not persisted');
    const details = await t.api<{ files: { path: string; status: string }[] }>(`/api/changes/${change}`);
    expect(details.body.files).toEqual([{ path: FLOW, status: 'modified' }]);
    const after = createHash('sha256').update(a.text.toString()).digest('hex');
    const edited = t.auditRecords().filter((r) => r.action === 'change.edited');
    expect(edited).toHaveLength(1);
    expect(edited[0]).toMatchObject({ actor: { account: 'dana', role: 'designer' }, change, files: [{ path: FLOW, before, after }], details: { live: true, editors: ['dana (designer)'] } });
    a.destroy();
  });

  it('closes the connections of a session that ends with 4401, and only those', async () => {
    const [a, b] = [await connect('vic', fileRoom(change, FLOW)), await connect('omar', fileRoom(change, FLOW))];
    await Promise.all([a.synced(), b.synced()]);
    expect((await t.api('/api/session', { method: 'DELETE', as: 'vic' })).status).toBeLessThan(300);
    await eventually(() => a.closes.some((c) => c.code === 4401), () => JSON.stringify(a.closes));
    expect(b.closes).toEqual([]);
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
