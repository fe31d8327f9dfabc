/**
 * The live session against a bare y-websocket server (@y/websocket-server's setupWSConnection on
 * `ws`, real sockets on 127.0.0.1): two people's sessions on one change request, the store each
 * one feeds. The server here does what the contract gives the real one to do by hand: it seeds the
 * file document and the index, and sends the access message.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, WebSocket as NodeWebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import { docs, getYDoc, setupWSConnection } from '@y/websocket-server/utils';
import { LiveChange, type NetworkState } from '../../src/collab/LiveChange.ts';
import { WorkbenchStore } from '../../src/state/WorkbenchStore.ts';
import { MemoryApi } from '../support/MemoryApi.ts';

const FLOW = 'flows/a.flow.yaml';
const ROOM = 'CR-1/file/flows%2Fa.flow.yaml';

class Network implements NetworkState {
  private up = true;
  private readonly listeners = new Set<() => void>();
  online = () => this.up;
  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(up: boolean) {
    this.up = up;
    for (const l of this.listeners) l();
  }
}

let http: Server;
let wss: WebSocketServer;
let url: string;
/** Each server-side connection by room, to send the access message on. */
const connections = new Map<string, NodeWebSocket[]>();
const sessions: LiveChange[] = [];

beforeEach(async () => {
  http = createServer();
  wss = new WebSocketServer({ server: http });
  wss.on('connection', (conn, req) => {
    const room = (req.url ?? '').replace(/^\/api\/collab\//, '').split('?')[0]!;
    connections.set(room, [...(connections.get(room) ?? []), conn]);
    setupWSConnection(conn, req, { docName: room });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/api/collab`;
  // The server's part: the file's first content from the change, and the index.
  getYDoc(ROOM).getText('content').insert(0, 'kind: flow\nid: a\n');
  getYDoc('CR-1/index').getMap('files').set(FLOW, { version: 'v-server' });
});

afterEach(async () => {
  for (const session of sessions.splice(0)) session.dispose();
  for (const conn of [...connections.values()].flat()) conn.terminate();
  connections.clear();
  for (const [name, doc] of docs) (doc.destroy(), docs.delete(name));
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

async function person(account: string, network = new Network()) {
  const api = new MemoryApi();
  api.put('agent.yaml', 'kind: agent\n');
  api.put(FLOW, 'kind: flow\nid: a\n');
  const store = new WorkbenchStore(api, () => new Date(0));
  store.setMode({ kind: 'change', change: { id: 'CR-1', title: 'T', author: 'dana', state: 'draft' } });
  await store.load();
  const live = new LiveChange({ store, change: 'CR-1', serverUrl: url, workspace: 'Test', account, WebSocket: NodeWebSocket as unknown as typeof WebSocket, network, maxBackoffTime: 100 });
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
