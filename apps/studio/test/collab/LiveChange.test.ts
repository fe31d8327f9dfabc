/**
 * The live session against a bare y-websocket server (@y/websocket-server's setupWSConnection on
 * `ws`, real sockets on 127.0.0.1): two people's sessions on one change request, the store each
 * one feeds. The server here does what the contract gives the real one to do by hand: it seeds the
 * file document and the index, and sends the access message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { LiveChange, type KeptCopy, type LiveChangeOptions, type LiveFileEvent } from '../../src/collab/LiveChange.ts';
import { WorkbenchStore } from '../../src/state/WorkbenchStore.ts';
import { MemoryApi } from '../support/MemoryApi.ts';
import { getYDoc, MemoryOfflineCopies, Network, NodeWebSocket, startBareCollabServer, type BareCollabServer } from '../support/bareCollabServer.ts';

const FLOW = 'flows/a.flow.yaml';
const ROOM = 'CR-1/file/flows%2Fa.flow.yaml';

let server: BareCollabServer;
let url: string;
let connections: BareCollabServer['connections'];
const sessions: LiveChange[] = [];

beforeEach(async () => {
  server = await startBareCollabServer();
  ({ url, connections } = server);
  // The server's part: the file's first content from the change, and the index.
  getYDoc(ROOM).getText('content').insert(0, 'kind: flow\nid: a\n');
  getYDoc('CR-1/index').getMap('files').set(FLOW, { version: 'v-server' });
});

afterEach(async () => {
  for (const session of sessions.splice(0)) session.dispose();
  await server.stop();
});

async function person(account: string, network = new Network(), options: Partial<LiveChangeOptions> = {}) {
  const api = new MemoryApi();
  api.put('agent.yaml', 'kind: agent\n');
  api.put(FLOW, 'kind: flow\nid: a\n');
  const store = new WorkbenchStore(api, () => new Date(0));
  store.setMode({ kind: 'change', change: { id: 'CR-1', title: 'T', author: 'dana', state: 'draft' } });
  await store.load();
  const live = new LiveChange({ store, change: 'CR-1', serverUrl: url, workspace: 'Test', account, WebSocket: NodeWebSocket as unknown as typeof WebSocket, network, maxBackoffTime: 100, ...options });
  sessions.push(live);
  return { api, store, live, network };
}

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LiveChange', () => {
  it('syncs a file between two people and shows each to the other, with the file they are in', async () => {
    const dana = await person('dana');
    const dave = await person('dave');
    const a = dana.live.open(FLOW);
    const b = dave.live.open(FLOW);
    await Promise.all([a.ready, b.ready]);
    expect(a.text.toString()).toBe('kind: flow\nid: a\n'); // the server's content, not seeded twice
    a.bound();
    expect(dana.store.isLive(FLOW)).toBe(true);
    expect(dana.store.state.live?.files.get(FLOW)).toEqual({ writable: true, reason: null });

    a.text.insert(a.text.length, 'title: Mine\n');
    await until(() => b.text.toString().includes('title: Mine'), 'dave to see dana’s edit');
    b.text.insert(0, '# dave\n');
    await until(() => a.text.toString().startsWith('# dave\n'), 'dana to see dave’s edit');
    expect(a.text.toString()).toBe(b.text.toString());

    dave.store.openFile(FLOW);
    await until(() => dana.store.state.live?.people.some((p) => p.name === 'dave' && p.files.includes(FLOW)) ?? false, 'dave’s avatar on the file');
    expect(dana.store.state.live?.people.map((p) => p.name)).toEqual(['dave']);
    await until(() => dana.store.state.live?.status.connection === 'connected', 'connected');
  });

  it('reloads files without a live document when the index gives them another version', async () => {
    const dana = await person('dana');
    await until(() => dana.store.state.live?.status.connection === 'connected', 'connected');
    dana.api.put(FLOW, 'kind: flow\nid: a\ntitle: Published later\n');
    getYDoc('CR-1/index').getMap('files').set(FLOW, { version: 'v-2' });
    await until(() => dana.store.file(FLOW)?.text.includes('Published later') ?? false, 'the file reloaded');
    // A file the index no longer lists is gone from the explorer.
    getYDoc('CR-1/index').getMap('files').set('agent.yaml', { version: 'v-agent' });
    getYDoc('CR-1/index').getMap('files').delete(FLOW);
    await until(() => dana.store.file(FLOW) === undefined, 'the deleted file gone');
  });

  it('takes the server’s access message: a read-only connection says why', async () => {
    const vic = await person('vic');
    const file = vic.live.open(FLOW);
    await file.ready;
    file.bound();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 100);
    encoding.writeVarString(encoder, JSON.stringify({ writable: false, reason: 'A viewer reads change requests; editing needs a designer.' }));
    for (const conn of connections.get(ROOM) ?? []) conn.send(encoding.toUint8Array(encoder));
    await until(() => vic.store.state.live?.files.get(FLOW) !== undefined && (vic.store.state.live.files.get(FLOW) as { writable: boolean }).writable === false, 'read-only');
    expect(vic.store.state.live?.files.get(FLOW)).toEqual({ writable: false, reason: 'A viewer reads change requests; editing needs a designer.' });
  });

  it('passes on the server’s word that an edit was not taken (read-only), with the file and the reason', async () => {
    const notTaken: [string, string][] = [];
    const dana = await person('dana', new Network(), { onEditsNotTaken: (path, reason) => notTaken.push([path, reason]) });
    const file = dana.live.open(FLOW);
    await file.ready;
    file.bound();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 102);
    encoding.writeVarString(encoder, 'CR-1 is in review: only a draft or a change request with changes requested can be edited.');
    for (const conn of connections.get(ROOM) ?? []) conn.send(encoding.toUint8Array(encoder));
    await until(() => notTaken.length > 0, 'the refusal');
    expect(notTaken).toEqual([[FLOW, 'CR-1 is in review: only a draft or a change request with changes requested can be edited.']]);
  });

  it('says once that the server ended the session for good (the change was published), and not for a session that ended', async () => {
    const ended: string[] = [];
    const api = new MemoryApi();
    api.put(FLOW, 'kind: flow\n');
    const store = new WorkbenchStore(api, () => new Date(0));
    await store.load();
    const live = new LiveChange({ store, change: 'CR-1', serverUrl: url, workspace: 'Test', account: 'dana', WebSocket: NodeWebSocket as unknown as typeof WebSocket, maxBackoffTime: 100, onEnded: (reason) => ended.push(reason) });
    sessions.push(live);
    await until(() => store.state.live?.status.connection === 'connected', 'connected');
    for (const conn of connections.get('CR-1/index') ?? []) conn.close(4401, 'session ended');
    await until(() => store.state.live?.status.connection !== 'connected', 'closed');
    expect(ended).toEqual([]);
    live.reconnect();
    await until(() => store.state.live?.status.connection === 'connected', 'connected again');
    for (const conn of connections.get('CR-1/index') ?? []) conn.close(4404, 'CR-1 was published.');
    await until(() => ended.length > 0, 'the end');
    await new Promise((r) => setTimeout(r, 300));
    expect(ended).toEqual(['CR-1 was published.']);
  });

  it('keeps edits made offline, says they are unsynced, and merges them when back online', async () => {
    const dana = await person('dana');
    const dave = await person('dave');
    const a = dana.live.open(FLOW);
    const b = dave.live.open(FLOW);
    await Promise.all([a.ready, b.ready]);
    await until(() => dana.store.state.live?.status.connection === 'connected', 'connected');

    dana.network.set(false);
    expect(dana.store.state.live?.status).toEqual({ connection: 'offline', unsynced: false });
    a.text.insert(0, '# offline edit\n');
    expect(dana.store.state.live?.status).toEqual({ connection: 'offline', unsynced: true });
    b.text.insert(b.text.length, 'title: online edit\n');
    await new Promise((r) => setTimeout(r, 150));
    expect(b.text.toString()).not.toContain('offline edit');

    dana.network.set(true);
    await until(() => a.text.toString() === b.text.toString() && b.text.toString().includes('offline edit') && a.text.toString().includes('online edit'), 'convergence');
    await until(() => dana.store.state.live?.status.unsynced === false && dana.store.state.live.status.connection === 'connected', 'synced again');
    expect(getYDoc(ROOM).getText('content').toString()).toBe(a.text.toString());
  });
});

describe('LiveChange: file operations and offline copies', () => {
  const RENAMED = 'flows/b.flow.yaml';
  const RENAMED_ROOM = 'CR-1/file/flows%2Fb.flow.yaml';
  const COPY = 'colloquy:Test:CR-1:flows/a.flow.yaml';
  const index = () => getYDoc('CR-1/index');
  beforeEach(() => {
    index().getMap('files').set('agent.yaml', { version: 'v-agent' });
    getYDoc(ROOM).getMap('document').set('epoch', 'e-1');
  });

  it('connects a file with its offline copy’s epoch, and without one when it has no copy', async () => {
    const offline = new MemoryOfflineCopies();
    offline.keep(COPY, 'kind: flow\nid: a\n', 'e-1');
    const dana = await person('dana', new Network(), { offline });
    const file = dana.live.open(FLOW);
    await file.ready;
    await until(() => server.requests.some((r) => r.startsWith('/api/collab/CR-1/file/')), 'the file’s connection');
    expect(server.requests.filter((r) => r.includes('/file/'))).toEqual(['/api/collab/CR-1/file/flows%2Fa.flow.yaml?epoch=e-1']);
    await until(() => (connections.get(ROOM)?.length ?? 0) > 0, 'connected');

    const dave = await person('dave');
    await dave.live.open(FLOW).ready;
    expect(server.requests.filter((r) => r.includes('/file/')).at(-1)).toBe('/api/collab/CR-1/file/flows%2Fa.flow.yaml');
  });

  it('replaces a stale copy (4409) by the server’s document, hands its text over and clears it, never merging it', async () => {
    // A copy of an earlier life of the file, with an edit that never reached the server.
    const offline = new MemoryOfflineCopies();
    offline.keep(COPY, 'kind: flow\nid: a\n# written offline, before the file was deleted\n', 'e-0');
    const kept: KeptCopy[] = [];
    const events: LiveFileEvent[] = [];
    const dana = await person('dana', new Network(), { offline, onOfflineCopy: (copy) => kept.push(copy), onEnded: () => kept.push({ path: 'ended', text: '', message: '' }) });
    dana.live.onFiles((event) => events.push(event));
    const first = dana.live.open(FLOW);
    await first.ready; // from the copy: offline content is shown at once
    expect(first.text.toString()).toContain('# written offline');
    first.bound();

    await until(() => kept.length > 0, 'the kept copy');
    expect(kept).toEqual([{ path: FLOW, text: 'kind: flow\nid: a\n# written offline, before the file was deleted\n', message: expect.stringMatching(/deleted and created again.*not merged/) }]);
    expect(events).toEqual([{ type: 'replaced', path: FLOW }]);
    const fresh = dana.live.open(FLOW);
    expect(fresh).not.toBe(first);
    await fresh.ready;
    expect(fresh.text.toString()).toBe('kind: flow\nid: a\n');
    expect(getYDoc(ROOM).getText('content').toString()).toBe('kind: flow\nid: a\n');
    // The copy now holds the new document (epoch and all), nothing of the old one.
    await until(() => offline.textOf(COPY) === 'kind: flow\nid: a\n', 'the copy replaced');
    expect(dana.store.state.live?.files.get(FLOW)).toBe('pending'); // until the editor binds the new document
  });

  it('follows a rename: the same document goes on under the new name with edits made meanwhile, the tab follows, the notice names who', async () => {
    const offline = new MemoryOfflineCopies();
    const dana = await person('dana', new Network(), { offline });
    const dora = await person('dora');
    const events: LiveFileEvent[] = [];
    dana.live.onFiles((event) => events.push(event));
    const file = dana.live.open(FLOW);
    await file.ready;
    file.bound();
    dana.store.openFile(FLOW, { preview: false });
    await until(() => (connections.get(ROOM)?.length ?? 0) > 0 && dora.store.state.live?.status.connection === 'connected', 'connected');

    // dora says she renames it; the server moves the document, tells the index, closes the old name (4410).
    dora.live.announce({ type: 'rename', from: FLOW, to: RENAMED });
    await until(() => dana.store.state.live?.people.length === 1, 'dora present');
    await new Promise((r) => setTimeout(r, 50));
    server.closeRoom(ROOM, 4410, `renamed to ${RENAMED}`);
    await until(() => (connections.get(ROOM)?.length ?? 0) === 0, 'closed');
    // dana types before the index says where the file went: kept, unsynced.
    file.text.insert(file.text.length, '# typed during the rename\n');
    expect(dana.store.state.live?.status.unsynced).toBe(true);
    Y.applyUpdate(getYDoc(RENAMED_ROOM), Y.encodeStateAsUpdate(getYDoc(ROOM)));
    index().transact(() => {
      index().getMap('files').delete(FLOW);
      index().getMap('files').set(RENAMED, { version: 'v-b' });
      index().getMap('renamed').set(FLOW, { to: RENAMED, epoch: 'e-1' });
    });

    await until(() => dana.store.file(RENAMED) !== undefined, 'the buffer moved');
    expect(events).toEqual([{ type: 'moved', from: FLOW, to: RENAMED }]);
    expect(dana.store.file(FLOW)).toBeUndefined();
    expect(dana.store.state.tabs.active).toBe(RENAMED);
    expect(dana.store.state.notices.map((n) => n.message)).toEqual([`dora renamed ${FLOW} to ${RENAMED}.`]);
    const moved = dana.live.open(RENAMED);
    expect(moved.doc).toBe(file.doc); // the same document: nothing reloaded, nothing lost
    // Her edit reaches the server under the new name; the old name is gone from this client.
    await until(() => getYDoc(RENAMED_ROOM).getText('content').toString().includes('# typed during the rename'), 'the edit under the new name');
    await until(() => dana.store.state.live?.status.unsynced === false, 'synced');
    expect(dana.store.state.live?.files.has(FLOW)).toBe(false);
    expect(server.requests.at(-1)).toBe('/api/collab/CR-1/file/flows%2Fb.flow.yaml?epoch=e-1');
    // The offline copy moved with it.
    await until(() => offline.textOf('colloquy:Test:CR-1:flows/b.flow.yaml')?.includes('# typed during the rename') === true && offline.textOf(COPY) === undefined, 'the copy moved');
    // dora, with no tab of it, got no notice; her tree follows.
    await until(() => dora.store.file(RENAMED) !== undefined && dora.store.file(FLOW) === undefined, 'dora’s tree');
    expect(dora.store.state.notices).toEqual([]);
  });

  it('does not follow a rename of another life of the file (another epoch): the file is deleted here', async () => {
    const dana = await person('dana');
    const file = dana.live.open(FLOW);
    await file.ready;
    file.bound();
    dana.store.openFile(FLOW);
    index().transact(() => {
      index().getMap('files').delete(FLOW);
      index().getMap('files').set(RENAMED, { version: 'v-b' });
      index().getMap('renamed').set(FLOW, { to: RENAMED, epoch: 'e-older' });
    });
    await until(() => dana.store.file(FLOW) === undefined, 'closed');
    expect(dana.store.state.tabs.active).toBeUndefined();
    expect(dana.store.state.notices.map((n) => n.message)).toEqual([`${FLOW} was deleted from CR-1; its tab was closed.`]);
  });

  it('hands over the text of a deleted file holding unsynced edits, closes its tab, clears its copy; a 4404 on a file ends nothing', async () => {
    const offline = new MemoryOfflineCopies();
    const kept: KeptCopy[] = [];
    const ended: string[] = [];
    const dana = await person('dana', new Network(), { offline, onOfflineCopy: (copy) => kept.push(copy), onEnded: (reason) => ended.push(reason) });
    const dave = await person('dave');
    const dora = await person('dora');
    for (const who of [dana, dave]) {
      const file = who.live.open(FLOW);
      await file.ready;
      file.bound();
      who.store.openFile(FLOW);
    }
    await until(() => (connections.get(ROOM)?.length ?? 0) === 2 && dora.store.state.live?.status.connection === 'connected', 'connected');
    dora.live.announce({ type: 'delete', path: FLOW });
    await until(() => dana.store.state.live?.people.some((p) => p.name === 'dora') === true && dave.store.state.live?.people.some((p) => p.name === 'dora') === true, 'dora present');
    await new Promise((r) => setTimeout(r, 50));

    // The server deletes it: its connections close (4404) and the index drops it. dana typed in between.
    server.closeRoom(ROOM, 4404, `${FLOW} was deleted from CR-1`);
    await until(() => dana.store.state.live?.status.unsynced === false && (connections.get(ROOM)?.length ?? 0) === 0, 'closed');
    dana.live.open(FLOW).text.insert(0, '# dana’s last words\n');
    index().getMap('files').delete(FLOW);

    await until(() => kept.length > 0 && dave.store.file(FLOW) === undefined, 'the deletion');
    expect(kept).toEqual([{ path: FLOW, text: '# dana’s last words\nkind: flow\nid: a\n', message: expect.stringMatching(/^dora deleted flows\/a\.flow\.yaml while this browser held edits/) }]);
    await until(() => dana.store.file(FLOW) === undefined, 'dana’s tab closed');
    expect(dana.store.state.tabs.active).toBeUndefined();
    expect(dana.store.state.notices).toEqual([]); // the kept copy's notice is the studio's (onOfflineCopy), not another
    expect(dave.store.state.notices.map((n) => n.message)).toEqual([`dora deleted ${FLOW} from CR-1; its tab was closed.`]);
    await until(() => offline.textOf(COPY) === undefined, 'the copy cleared');
    expect(ended).toEqual([]);
    expect(dana.store.state.live?.files.has(FLOW)).toBe(false);
  });

  it('says after a reload that a copy holds unsynced edits, until they are synced', async () => {
    const offline = new MemoryOfflineCopies();
    // An earlier page typed offline and was closed: its copy says so.
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(getYDoc(ROOM)));
    base.getText('content').insert(0, '# from the page before\n');
    offline.stored.set(COPY, [Y.encodeStateAsUpdate(base)]);
    offline.unsynced.set(COPY, true);
    const network = new Network();
    network.set(false);
    const dana = await person('dana', network, { offline });
    const file = dana.live.open(FLOW);
    await file.ready;
    await until(() => dana.store.state.live?.status.unsynced === true, 'unsynced after the reload');
    network.set(true);
    await until(() => getYDoc(ROOM).getText('content').toString().startsWith('# from the page before\n'), 'merged');
    await until(() => dana.store.state.live?.status.unsynced === false && offline.unsynced.get(COPY) === false, 'synced, and the copy says so');
  });

  it('finds copies of files the change no longer has: a renamed one’s edits reach its new name, a deleted one’s are handed over, each copy is deleted', async () => {
    const offline = new MemoryOfflineCopies();
    const kept: KeptCopy[] = [];
    // While this browser was closed: a.flow.yaml was renamed to b (same document), and gone.yaml deleted.
    Y.applyUpdate(getYDoc(RENAMED_ROOM), Y.encodeStateAsUpdate(getYDoc(ROOM)));
    index().transact(() => {
      index().getMap('files').delete(FLOW);
      index().getMap('files').set(RENAMED, { version: 'v-b' });
      index().getMap('renamed').set(FLOW, { to: RENAMED, epoch: 'e-1' });
    });
    const before = new Y.Doc();
    Y.applyUpdate(before, Y.encodeStateAsUpdate(getYDoc(ROOM)));
    before.getText('content').insert(0, '# offline, before the rename\n');
    offline.stored.set(COPY, [Y.encodeStateAsUpdate(before)]);
    offline.unsynced.set(COPY, true);
    offline.keep('colloquy:Test:CR-1:flows/gone.yaml', 'kind: flow\n# mine\n', 'e-9', true);
    offline.keep('colloquy:Test:CR-1:flows/synced_gone.yaml', 'kind: flow\n', 'e-8', false);
    offline.keep('colloquy:Test:CR-2:flows/other_change.yaml', 'kind: flow\n', 'e-7', true);

    const dana = await person('dana', new Network(), { offline, onOfflineCopy: (copy) => kept.push(copy) });
    await until(() => getYDoc(RENAMED_ROOM).getText('content').toString().startsWith('# offline, before the rename\n'), 'the renamed file’s edit delivered');
    await until(() => kept.length === 1 && offline.stored.size === 1, 'the copies swept');
    expect(kept).toEqual([{ path: 'flows/gone.yaml', text: 'kind: flow\n# mine\n', message: expect.stringMatching(/no longer in CR-1.*never reached the server/) }]);
    expect([...offline.stored.keys()]).toEqual(['colloquy:Test:CR-2:flows/other_change.yaml']); // another change request's copies are its own
    await until(() => dana.store.state.live?.files.size === 0, 'the delivery closed again');
  });
});
