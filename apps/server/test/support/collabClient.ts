/**
 * Real live-collaboration clients for the server tests: y-websocket's own
 * WebsocketProvider in Node, over `ws`, signed in with the session cookie.
 *
 * y-websocket constructs its socket as `new WebSocketPolyfill(url, protocols)`
 * and has no option for headers, so the polyfill is a `ws` subclass that adds
 * the cookie (`socketWithHeaders`). BroadcastChannel is off: clients in one
 * process would otherwise sync with each other without the server.
 */
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** A `ws` WebSocket class that sends `headers` (the session cookie) with its upgrade request. */
export function socketWithHeaders(headers: Record<string, string>): new (address: string, protocols?: string | string[]) => WebSocket {
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
}

export interface AccessMessage {
  readonly writable: boolean;
  readonly reason: string | null;
}

export interface CollabClient {
  readonly doc: Y.Doc;
  readonly text: Y.Text;
  readonly provider: WebsocketProvider;
  /** Every access message (type 100) received, in order. */
  readonly access: AccessMessage[];
  /** Every refused message (type 102: an edit not taken, read-only), its reason, in order. */
  readonly refused: string[];
  /** Close events the server sent (code, reason), in order. */
  readonly closes: { code: number; reason: string }[];
  /** The latest "persisted" count (type 101). */
  persisted: number;
  /** Resolves once synced with the server (now, or after the next sync). */
  synced(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/** The collaboration base URL of a running server (`http://…/` → `ws://…/api/collab`). */
export function collabUrl(serverUrl: string): string {
  const url = new URL('api/collab', serverUrl);
  url.protocol = 'ws:';
  return url.href;
}

export function fileRoom(change: string, path: string): string {
  return `${change}/file/${encodeURIComponent(path)}`;
}

/**
 * A client of `room`. `doc`: an existing document (a copy kept while offline, or the one a renamed
 * file's client reopens under the new name); `params`: the URL's query (`{ epoch }`).
 */
export function connectCollab(
  serverUrl: string,
  room: string,
  cookie: string,
  options: { connect?: boolean; maxBackoffTime?: number; doc?: Y.Doc; params?: Record<string, string> } = {},
): CollabClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(collabUrl(serverUrl), room, doc, {
    WebSocketPolyfill: socketWithHeaders({ cookie }) as never,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: options.maxBackoffTime ?? 300,
    ...(options.params ? { params: options.params } : {}),
  });
  const client: CollabClient = {
    doc,
    text: doc.getText('content'),
    provider,
    access: [],
    refused: [],
    closes: [],
    persisted: 0,
    synced(timeoutMs = 10_000) {
      if (provider.synced) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          provider.off('sync', onSync);
          reject(new Error(`${room} did not sync within ${timeoutMs} ms (closes: ${JSON.stringify(client.closes)})`));
        }, timeoutMs);
        const onSync = (state: boolean) => {
          if (!state) return;
          clearTimeout(timer);
          provider.off('sync', onSync);
          resolve();
        };
        provider.on('sync', onSync);
      });
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
  provider.messageHandlers[100] = (_encoder, decoder) => {
    client.access.push(JSON.parse(decoding.readVarString(decoder)) as AccessMessage);
  };
  provider.messageHandlers[102] = (_encoder, decoder) => {
    client.refused.push(decoding.readVarString(decoder));
  };
  provider.messageHandlers[101] = (_encoder, decoder) => {
    client.persisted = decoding.readVarUint(decoder);
  };
  provider.on('connection-close', (event) => {
    if (event) client.closes.push({ code: event.code, reason: event.reason });
  });
  return client;
}

/** The HTTP status a WebSocket upgrade to `url` gets (101 when it opens; the socket is closed again). */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.terminate();
    });
    socket.on('error', (error) => reject(error));
  });
}

/** Polls `check` until it holds (or throws after `timeoutMs` with `describe()`). */
export async function eventually(check: () => boolean, describe: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
