/**
 * File operations on live documents (notes/fileops-contract.md), on a real
 * server with real y-websocket clients: a rename keeps the document (its
 * clients are told with 4410 and reopen it under the new name with their own
 * copy, offline edits included, which merges without doubling), a file
 * deleted and created again refuses an old copy (4409 before anything is
 * sent), and the epoch is document content (it survives a restart and
 * compaction, and an old stored document gets one).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_FS, type AtomicWriteFs } from '@colloquy/core/node';
import { AccountStore } from '@colloquy/governance/node';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { documentPaths } from '../src/collab/persistence/documentFiles.ts';
import { documentExists, openDocumentStorage } from '../src/collab/persistence/index.ts';
import { createServer, CSRF_HEADER, type RunningServer } from '../src/index.ts';
import { collabUrl, connectCollab, eventually, fileRoom, upgradeStatus, type CollabClient } from './support/collabClient.ts';
import { FIXTURE, startTestServer, TEST_ACCOUNTS, TEST_HASHING, testPassword, type TestServer } from './support/testServer.ts';

const FLOW = 'flows/opening_hours.flow.yaml';
const RENAMED = 'flows/hours.flow.yaml';
const EPOCH = /^[0-9a-f]{32}$/;

const epochOf = (client: CollabClient) => client.doc.getMap('document').get('epoch') as string | undefined;
const occurrences = (text: string, part: string) => text.split(part).length - 1;

/** Opens a raw socket to `url` and collects what arrives until it closes (or `timeoutMs`). */
function rawSession(url: string, cookie: string, timeoutMs = 5000): Promise<{ code: number; reason: string; messages: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { cookie } });
    let messages = 0;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`${url} was not closed within ${timeoutMs} ms (${messages} messages)`));
    }, timeoutMs);
    socket.on('message', () => messages++);
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString('utf8'), messages });
    });
    socket.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`the upgrade was answered ${response.statusCode}`));
    });
  });
}

describe('file operations on live documents (real server, real y-websocket clients)', { timeout: 20_000 }, () => {
  let t: TestServer;
  let change: string;
  const clients: CollabClient[] = [];
  const connect = async (account: string, room: string, options: Parameters<typeof connectCollab>[3] = {}) => {
    const client = connectCollab(t.url, room, (await t.signIn(account)).cookie, options);
    clients.push(client);
    return client;
  };
  const start = async (options: Parameters<typeof startTestServer>[0] = {}) => {
    t = await startTestServer({ collab: { materialiseDelayMs: 100, unloadAfterMs: 300 }, ...options });
    change = (await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'file operations live' } })).body.id;
  };
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await t?.close();
  });
  const liveDir = () => join(t.root, '.colloquy', 'changes', change, 'live');
  const changeFile = (path: string) => {
    const file = join(t.root, '.colloquy', 'changes', change, 'files', path);
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  };
  const wsUrl = (room: string, query = '') => `${collabUrl(t.url)}/${room}${query}`;

  it('a rename keeps the document: its clients get 4410, reopen it under the new name with their own copy (offline edits too), and nothing is doubled', async () => {
    await start();
    const published = readFileSync(join(t.root, FLOW), 'utf8');
    // Given two people editing the file live, and someone watching the index
    const [ada, bob, index] = [await connect('dana', fileRoom(change, FLOW)), await connect('dana', fileRoom(change, FLOW)), await connect('omar', `${change}/index`)];
    await Promise.all([ada.synced(), bob.synced(), index.synced()]);
    const epoch = epochOf(ada);
    expect(epoch).toMatch(EPOCH);
    expect(epochOf(bob)).toBe(epoch);
    ada.text.insert(0, '# ada\n');
    bob.text.insert(bob.text.length, '# bob\n');
    await eventually(() => ada.text.toString() === bob.text.toString() && ada.text.toString().includes('# bob') && bob.text.toString().includes('# ada'), () => 'not converged');
    await eventually(() => ada.persisted >= 1 && bob.persisted >= 1, () => 'not persisted');
    // and bob goes offline and goes on typing
    bob.provider.disconnect();
    bob.text.insert(0, '# bob offline\n');

    // When dana renames the file while ada is connected
    const renamed = await t.api<{ to: string; version: string }>(`/api/changes/${change}/rename`, { method: 'POST', json: { from: FLOW, to: RENAMED } });
    expect(renamed.status).toBe(200);

    // Then ada's connection is closed with 4410 naming the new path, and the index says where it went
    await eventually(() => ada.closes.some((c) => c.code === 4410), () => JSON.stringify(ada.closes));
    expect(ada.closes.find((c) => c.code === 4410)?.reason).toBe(`renamed to ${RENAMED}`);
    const files = index.doc.getMap<{ version: string }>('files');
    await eventually(() => files.has(RENAMED) && !files.has(FLOW), () => JSON.stringify(files.toJSON()));
    expect(files.get(RENAMED)?.version).toBe(renamed.body.version);
    expect(index.doc.getMap('renamed').toJSON()).toEqual({ [FLOW]: { to: RENAMED, epoch } });
    // The old name is gone from the change and from disk storage; a connection to it is refused like any absent path
    expect(await documentExists(liveDir(), `file/${FLOW}`)).toBe(false);
    expect(await documentExists(liveDir(), `file/${RENAMED}`)).toBe(true);
    expect(await upgradeStatus(wsUrl(fileRoom(change, FLOW)), { cookie: (await t.signIn('dana')).cookie })).toBe(404);
    expect((await t.api<{ content: string | null }>(`/api/changes/${change}/files?path=${encodeURIComponent(FLOW)}`)).body.content).toBeNull();

    // When both reopen it under the new name with their own documents and the same epoch
    ada.provider.destroy();
    bob.provider.destroy();
    const ada2 = await connect('dana', fileRoom(change, RENAMED), { doc: ada.doc, params: { epoch: epoch! } });
    const bob2 = await connect('dana', fileRoom(change, RENAMED), { doc: bob.doc, params: { epoch: epoch! } });
    await Promise.all([ada2.synced(), bob2.synced()]);

    // Then they converge on one text holding every edit once, bob's offline one included
    await eventually(() => ada2.text.toString() === bob2.text.toString() && ada2.text.toString().includes('# bob offline'), () => JSON.stringify([ada2.text.toString().slice(0, 60), bob2.text.toString().slice(0, 60)]));
    const text = ada2.text.toString();
    expect(text).toBe(`# bob offline\n# ada\n${published}# bob\n`);
    for (const part of ['# ada\n', '# bob\n', '# bob offline\n', published.split('\n')[0]!]) expect(occurrences(text, part)).toBe(1);
    expect(epochOf(ada2)).toBe(epoch);
    // And the change's file under the new name has all of it (the old name has no file)
    await eventually(() => changeFile(RENAMED) === text, () => String(changeFile(RENAMED)).slice(0, 60));
    expect(changeFile(FLOW)).toBeNull();
    expect((await t.api<{ content: string }>(`/api/changes/${change}/files?path=${encodeURIComponent(RENAMED)}`)).body.content).toBe(text);
  });

  it('the index\'s renamed map follows chains of renames, and holds no entry for a path that is a file again', async () => {
    await start();
    const [doc, index] = [await connect('dana', fileRoom(change, FLOW)), await connect('omar', `${change}/index`)];
    await Promise.all([doc.synced(), index.synced()]);
    const epoch = epochOf(doc)!;
    const renamed = index.doc.getMap('renamed');
    const rename = async (from: string, to: string) => expect((await t.api(`/api/changes/${change}/rename`, { method: 'POST', json: { from, to } })).status).toBe(200);
    const [b, c] = ['flows/b.flow.yaml', 'flows/c.flow.yaml'];
    // a → b → c: a chain a client follows
    await rename(FLOW, b);
    await rename(b, c);
    await eventually(() => renamed.has(b), () => JSON.stringify(renamed.toJSON()));
    expect(renamed.toJSON()).toEqual({ [FLOW]: { to: b, epoch }, [b]: { to: c, epoch } });
    // c → a: a is a file again, so its entry goes (a chain never loops)
    await rename(c, FLOW);
    await eventually(() => !renamed.has(FLOW), () => JSON.stringify(renamed.toJSON()));
    expect(renamed.toJSON()).toEqual({ [b]: { to: c, epoch }, [c]: { to: FLOW, epoch } });
    // b created again: another document, so its entry goes too
    expect((await t.api(`/api/changes/${change}/files`, { method: 'PUT', json: { path: b, content: 'kind: flow\n', create: true } })).status).toBe(200);
    await eventually(() => !renamed.has(b), () => JSON.stringify(renamed.toJSON()));
    expect(renamed.toJSON()).toEqual({ [c]: { to: FLOW, epoch } });
    // The document that went round is the one the file has now
    const back = await connect('dana', fileRoom(change, FLOW), { params: { epoch } });
    await back.synced();
    expect(back.text.toString()).toBe(doc.text.toString());
  });

  it('a rename whose file cannot be saved leaves the document under its old name, and its clients reconnect to it with their text', async () => {
    // Given the change's writes of the new name fail on disk (opening the atomic write's temp file `.hours.flow.yaml.<random>.tmp`)
    const failing: AtomicWriteFs = {
      ...NODE_FS,
      async open(path, flags, mode) {
        if (String(path).includes('/flows/.hours.flow.yaml.')) throw Object.assign(new Error('injected EIO'), { code: 'EIO' });
        return NODE_FS.open(path, flags, mode);
      },
    };
    await start({ fs: failing, log: () => undefined });
    const ada = await connect('dana', fileRoom(change, FLOW));
    await ada.synced();
    const epoch = epochOf(ada);
    ada.text.insert(0, '# ada\n');
    await eventually(() => ada.persisted >= 1, () => 'not persisted');
    const text = ada.text.toString();

    // When the rename fails
    expect((await t.api(`/api/changes/${change}/rename`, { method: 'POST', json: { from: FLOW, to: RENAMED } })).status).toBe(500);

    // Then the document is back under the old name, and the client (closed with 1013, "try again") reconnects to it
    expect(await documentExists(liveDir(), `file/${FLOW}`)).toBe(true);
    expect(await documentExists(liveDir(), `file/${RENAMED}`)).toBe(false);
    await eventually(() => ada.closes.some((c) => c.code === 1013), () => JSON.stringify(ada.closes));
    await eventually(() => ada.provider.synced && ada.provider.wsconnected, () => 'not reconnected');
    expect(ada.closes.filter((c) => c.code === 4410)).toEqual([]);
    expect(epochOf(ada)).toBe(epoch);
    ada.text.insert(ada.text.length, '# after\n');
    const other = await connect('dana', fileRoom(change, FLOW));
    await other.synced();
    await eventually(() => other.text.toString() === `${text}# after\n`, () => JSON.stringify(other.text.toString().slice(-40)));
    expect((await t.api<{ content: string | null }>(`/api/changes/${change}/files?path=${encodeURIComponent(RENAMED)}`)).body.content).toBeNull();
  });

  it('a file deleted and created again refuses a copy of its earlier life with 4409 before sending anything; the new document is untouched', async () => {
    await start();
    // Given a client that edited the file and kept its copy
    const old = await connect('dana', fileRoom(change, FLOW));
    await old.synced();
    old.text.insert(0, '# edit of the first life\n');
    await eventually(() => old.persisted >= 1, () => 'not persisted');
    const oldEpoch = epochOf(old)!;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(old.doc));

    // When the file is deleted (its clients get 4404) and created again
    expect((await t.api(`/api/changes/${change}/files?path=${encodeURIComponent(FLOW)}`, { method: 'DELETE' })).status).toBe(200);
    await eventually(() => old.closes.some((c) => c.code === 4404), () => JSON.stringify(old.closes));
    const fresh = 'kind: flow\nversion: 1\nid: opening_hours\n# second life\n';
    expect((await t.api(`/api/changes/${change}/files`, { method: 'PUT', json: { path: FLOW, content: fresh, create: true } })).status).toBe(200);
    const now = await connect('dana', fileRoom(change, FLOW));
    await now.synced();
    const newEpoch = epochOf(now)!;
    expect(newEpoch).toMatch(EPOCH);
    expect(newEpoch).not.toBe(oldEpoch);
    expect(now.text.toString()).toBe(fresh);

    // Then a connection naming the old epoch is closed with 4409 and receives nothing at all
    const cookie = (await t.signIn('dana')).cookie;
    const refused = await rawSession(wsUrl(fileRoom(change, FLOW), `?epoch=${oldEpoch}`), cookie);
    expect(refused).toEqual({ code: 4409, reason: `stale copy: ${FLOW} was deleted and created again since this copy was made`, messages: 0 });
    // A y-websocket client holding the old copy is refused the same way and does not reconnect by itself
    const stale = await connect('dana', fileRoom(change, FLOW), { doc: copy, params: { epoch: oldEpoch } });
    await eventually(() => stale.closes.some((c) => c.code === 4409), () => JSON.stringify(stale.closes));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(stale.closes.filter((c) => c.code === 4409)).toHaveLength(1);
    expect(stale.provider.synced).toBe(false);
    // The new document never saw the old copy: the live text and the change's file are the second life only
    expect(now.text.toString()).toBe(fresh);
    expect(copy.getText('content').toString()).toContain('# edit of the first life');
    await eventually(() => changeFile(FLOW) === fresh, () => String(changeFile(FLOW)));
    // The current epoch connects; a malformed one is refused before the upgrade
    const current = await connect('dana', fileRoom(change, FLOW), { params: { epoch: newEpoch } });
    await current.synced();
    expect(current.text.toString()).toBe(fresh);
    expect(await upgradeStatus(wsUrl(fileRoom(change, FLOW), '?epoch=not-an-epoch'), { cookie })).toBe(400);
  });
});

describe('document epochs across restarts (real server started twice on one workspace)', { timeout: 30_000 }, () => {
  let folder: string | undefined;
  let server: RunningServer | undefined;
  const clients: CollabClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
    server = undefined;
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  const serve = async (root: string) => {
    server = await createServer({ root, port: 0, studioDir: join(folder!, 'no-studio'), log: () => undefined, passwordHashing: TEST_HASHING, collab: { materialiseDelayMs: 100, unloadAfterMs: 200, compactAfterUpdates: 3 } });
    const response = await fetch(new URL('/api/session', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'dana', password: testPassword('dana') }) });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return { url: server.url, cookie, headers: { cookie, [CSRF_HEADER]: csrfToken, 'content-type': 'application/json' } };
  };
  const connect = (url: string, room: string, cookie: string, options: Parameters<typeof connectCollab>[3] = {}) => {
    const client = connectCollab(url, room, cookie, options);
    clients.push(client);
    return client;
  };

  it('the epoch is document content: it survives compaction and a restart, and a document stored before epochs gets one, once', async () => {
    folder = mkdtempSync(join(tmpdir(), 'colloquy-collab-epoch-'));
    const root = join(folder, 'workspace');
    cpSync(FIXTURE, root, { recursive: true });
    const accounts = new AccountStore(root, { hashParameters: TEST_HASHING });
    await Promise.all(TEST_ACCOUNTS.map(({ name, roles }) => accounts.add({ name, roles, password: testPassword(name) })));

    // Given a document edited until its log was compacted into a snapshot
    let session = await serve(root);
    const created = await fetch(new URL('/api/changes', session.url), { method: 'POST', headers: session.headers, body: JSON.stringify({ title: 'epochs' }) });
    const change = ((await created.json()) as { id: string }).id;
    const live = join(root, '.colloquy', 'changes', change, 'live');
    const first = connect(session.url, fileRoom(change, FLOW), session.cookie);
    await first.synced();
    const epoch = epochOf(first)!;
    expect(epoch).toMatch(EPOCH);
    for (let i = 0; i < 8; i++) {
      first.text.insert(0, `# ${i}\n`);
      await eventually(() => first.persisted >= i + 1, () => `persisted ${first.persisted}`);
    }
    expect(existsSync(documentPaths(live, `file/${FLOW}`).snapshot)).toBe(true);
    const text = first.text.toString();
    // and a document stored by a server from before epochs: the published agent.yaml as a bare text update
    const legacyText = readFileSync(join(root, 'agent.yaml'), 'utf8');
    first.destroy();
    await server!.close();
    const legacy = new Y.Doc();
    legacy.getText('content').insert(0, legacyText);
    const stored = await openDocumentStorage(live, 'file/agent.yaml');
    await stored.append(Y.encodeStateAsUpdate(legacy));
    await stored.close();

    // When the server starts again
    session = await serve(root);

    // Then a client naming the epoch it had before connects to the same document, compacted and restarted
    const again = connect(session.url, fileRoom(change, FLOW), session.cookie, { params: { epoch } });
    await again.synced();
    expect(epochOf(again)).toBe(epoch);
    expect(again.text.toString()).toBe(text);
    // And the old document got an epoch at its load, with its text exactly once (not seeded again over it)
    const old = connect(session.url, fileRoom(change, 'agent.yaml'), session.cookie);
    await old.synced();
    const given = epochOf(old);
    expect(given).toMatch(EPOCH);
    expect(old.text.toString()).toBe(legacyText);
    // stored: a later connection (after the document was unloaded) gets the same one
    old.destroy();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const later = connect(session.url, fileRoom(change, 'agent.yaml'), session.cookie, { params: { epoch: given! } });
    await later.synced();
    expect(epochOf(later)).toBe(given);
    expect(later.text.toString()).toBe(legacyText);
  });
});
