/**
 * One collaborator of the benchmark: a real y-websocket `WebsocketProvider` in Node (`ws` as its
 * WebSocket, the target's headers, e.g. the session cookie, on the upgrade request) bound to a Yjs
 * document whose `Y.Text('content')` holds the file, as the studio binds Monaco to it.
 *
 * BroadcastChannel is off: clients in one process would otherwise reach each other without the
 * server, and the server is what is measured.
 */
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** Application messages of the contract ("Access"): 100 carries `{ writable, reason }`, 101 `persisted`. */
const MESSAGE_ACCESS = 100;
const MESSAGE_PERSISTED = 101;

export interface Endpoint {
  /** e.g. `ws://127.0.0.1:4173/api/collab`; the provider adds `/` + room. */
  readonly serverUrl: string;
  /** Sent with the upgrade request (the session cookie for ours; none for the bare server). */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the server says if a connection may write (message 100); the bare server never does. */
  readonly announcesAccess: boolean;
}

/** `ws` with fixed request headers, in the shape y-websocket constructs (`new WS(url, protocols)`). */
function socketWithHeaders(headers: Readonly<Record<string, string>>): typeof globalThis.WebSocket {
  class HeaderedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { ...headers } });
    }
  }
  return HeaderedWebSocket as unknown as typeof globalThis.WebSocket;
}

export class BenchClient {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('content');
  readonly provider: WebsocketProvider;
  /** What the server last said about writing; undefined until it says (always, for the bare server). */
  private writable: { writable: boolean; reason: string | null } | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly endpoint: Endpoint,
    readonly room: string,
    name: string,
  ) {
    this.provider = new WebsocketProvider(endpoint.serverUrl, room, this.doc, { WebSocketPolyfill: socketWithHeaders(endpoint.headers), disableBc: true });
    this.provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
      this.writable = JSON.parse(decoding.readVarString(decoder)) as { writable: boolean; reason: string | null };
      this.wake();
    };
    this.provider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => void decoding.readVarUint(decoder);
    this.provider.on('sync', () => this.wake());
    this.provider.on('connection-close', () => this.wake());
    // What the studio sets on a file document (the contract's awareness shape), so presence costs what it will.
    this.provider.awareness.setLocalStateField('user', { name, colour: '#1f77b4' });
  }

  /** Resolves once synced with the server (and, where the server says so, allowed to write). */
  ready(timeoutMs = 30_000, needWritable = false): Promise<void> {
    return this.until(() => this.provider.synced && (!needWritable || !this.endpoint.announcesAccess || this.writable?.writable === true), timeoutMs, () =>
      `${this.room}: not ${this.provider.synced ? `writable (${this.writable ? (this.writable.reason ?? 'refused') : 'the server never said'})` : 'synced'} after ${timeoutMs} ms (ws ${this.provider.wsconnected ? 'open' : 'closed'})`,
    );
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }

  private until(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(describe()));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Connects `count` clients to `room`, a few at a time (as people arrive), and waits until all are ready. */
export async function connectClients(endpoint: Endpoint, room: string, count: number, needWritable: boolean): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  try {
    for (let i = 0; i < count; i += 10) {
      const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) => new BenchClient(endpoint, room, `bench-${i + j}`));
      clients.push(...batch);
      await Promise.all(batch.map((client) => client.ready(30_000, needWritable)));
    }
  } catch (error) {
    for (const client of clients) client.destroy();
    throw error;
  }
  return clients;
}
