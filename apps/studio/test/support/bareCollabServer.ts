/**
 * A bare y-websocket server for the live session's tests (@y/websocket-server's
 * setupWSConnection on `ws`, real sockets on 127.0.0.1), standing in for the real server's
 * collaboration routes: the test does by hand what the contract gives the real one to do (seed a
 * file document and its epoch, write the index, close a connection with a code). It refuses an
 * offline copy of another epoch (`?epoch=`) with 4409 before anything is sent, as the real one
 * does, and keeps the URL of every connection.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import { docs, getYDoc, setupWSConnection } from '@y/websocket-server/utils';
import type { NetworkState, OfflineCopies, OfflineStore } from '../../src/collab/LiveChange.ts';

export { getYDoc, NodeWebSocket };

export interface BareCollabServer {
  /** `ws://127.0.0.1:<port>/api/collab` */
  readonly url: string;
  /** Each room's open server-side connections. */
  readonly connections: Map<string, NodeWebSocket[]>;
  /** The path and query of every connection made, in order. */
  readonly requests: string[];
  /** Closes every connection to `room` with `code` and `reason` (as the server does on a rename, a deletion…). */
  closeRoom(room: string, code: number, reason: string): void;
  stop(): Promise<void>;
}

export async function startBareCollabServer(): Promise<BareCollabServer> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http });
  const connections = new Map<string, NodeWebSocket[]>();
  const requests: string[] = [];
  wss.on('connection', (conn, req) => {
    const target = new URL(req.url ?? '/', 'http://localhost');
    requests.push(target.pathname + target.search);
    const room = target.pathname.replace(/^\/api\/collab\//, '');
    const epoch = target.searchParams.get('epoch');
    const held = getYDoc(room).getMap('document').get('epoch');
    if (epoch !== null && typeof held === 'string' && epoch !== held) return conn.close(4409, 'stale copy: deleted and created again since this copy was made');
    connections.set(room, [...(connections.get(room) ?? []), conn]);
    conn.on('close', () => connections.set(room, (connections.get(room) ?? []).filter((c) => c !== conn)));
    setupWSConnection(conn, req, { docName: room });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/api/collab`,
    connections,
    requests,
    closeRoom(room, code, reason) {
      for (const conn of connections.get(room) ?? []) conn.close(code, reason);
    },
    async stop() {
      for (const conn of [...connections.values()].flat()) conn.terminate();
      connections.clear();
      for (const [name, doc] of docs) (doc.destroy(), docs.delete(name));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The browser's network, switched by the test. */
export class Network implements NetworkState {
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

/**
 * Offline copies in memory, kept as y-indexeddb keeps them in IndexedDB (the stored updates of a
 * document by database name, loaded asynchronously, then every later update appended), so a test
 * can make a copy "from an earlier page" and read what a reload would find.
 */
export class MemoryOfflineCopies implements OfflineCopies {
  readonly stored = new Map<string, Uint8Array[]>();
  /** Each copy's "holds unsynced edits" mark. */
  readonly unsynced = new Map<string, boolean>();

  open(name: string, doc: Y.Doc): OfflineStore {
    let destroyed = false;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (!destroyed && origin !== store) this.stored.get(name)?.push(update);
    };
    const store: OfflineStore = {
      whenSynced: new Promise<void>((resolve) =>
        setTimeout(() => {
          if (!destroyed) {
            for (const update of this.stored.get(name) ?? []) Y.applyUpdate(doc, update, store);
            this.stored.set(name, [Y.encodeStateAsUpdate(doc)]);
            doc.on('update', onUpdate);
          }
          resolve();
        }, 5),
      ),
      destroy: () => {
        destroyed = true;
        doc.off('update', onUpdate);
      },
      clearData: async () => {
        store.destroy();
        this.stored.delete(name);
        this.unsynced.delete(name);
      },
      markUnsynced: (unsynced) => {
        if (!destroyed) this.unsynced.set(name, unsynced);
      },
      wasUnsynced: () => was,
    };
    const was = store.whenSynced.then(() => this.unsynced.get(name) === true);
    return store;
  }

  async clear(name: string): Promise<void> {
    this.stored.delete(name);
    this.unsynced.delete(name);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.stored.keys()].filter((name) => name.startsWith(prefix));
  }

  /** A copy made by an earlier page: `text` in a document with `epoch`, marked as holding unsynced edits or not. */
  keep(name: string, text: string, epoch: string | undefined, unsynced = false): void {
    this.unsynced.set(name, unsynced);
    const doc = new Y.Doc();
    doc.getText('content').insert(0, text);
    if (epoch !== undefined) doc.getMap('document').set('epoch', epoch);
    this.stored.set(name, [Y.encodeStateAsUpdate(doc)]);
    doc.destroy();
  }

  /** The text a page loading `name` now would find; undefined when nothing is kept. */
  textOf(name: string): string | undefined {
    const updates = this.stored.get(name);
    if (!updates) return undefined;
    const doc = new Y.Doc();
    for (const update of updates) Y.applyUpdate(doc, update);
    const text = doc.getText('content').toString();
    doc.destroy();
    return text;
  }
}
