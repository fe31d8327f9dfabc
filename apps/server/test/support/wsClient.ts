/**
 * A real WebSocket client for the event tests. Node 20 has no global
 * WebSocket, and `ws` is not a direct dependency: it is resolved from
 * @fastify/websocket, which ships it (the same copy the server uses).
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
const requireFromPlugin = createRequire(requireHere.resolve('@fastify/websocket'));

/** The part of the `ws` client used here (ws ships no TypeScript types of its own). */
export interface WsClient {
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(code?: number): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer) => void): this;
  on(event: 'open' | 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'unexpected-response', listener: (request: unknown, response: { statusCode: number }) => void): this;
  once(event: 'close', listener: (code: number) => void): this;
}

type WsConstructor = new (url: string, options?: { headers?: Record<string, string> }) => WsClient;
const WebSocketClass = requireFromPlugin('ws') as WsConstructor;

export interface EventClient {
  readonly socket: WsClient;
  /** Every message received so far, parsed. */
  readonly messages: Record<string, unknown>[];
  /** Resolves with the first message (already received or next) matching `predicate`; rejects after `timeoutMs`. */
  next(predicate: (message: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Opens `/api/events` and waits for the connection. */
export function connectEvents(serverUrl: string, headers: Record<string, string> = {}): Promise<EventClient> {
  const url = new URL('api/events', serverUrl);
  url.protocol = 'ws:';
  const socket = new WebSocketClass(url.href, { headers });
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
    for (const wake of [...waiters]) wake();
  });
  const client: EventClient = {
    socket,
    messages,
    next(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < messages.length; seen++) {
            if (predicate(messages[seen]!)) {
              cleanup();
              resolve(messages[seen]!);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching event within ${timeoutMs} ms; received: ${JSON.stringify(messages)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise((resolve) => {
        if (socket.readyState === 3) return resolve();
        socket.once('close', () => resolve());
        socket.close();
        setTimeout(() => socket.terminate(), 1000).unref();
      });
    },
  };
  return new Promise((resolve, reject) => {
    socket.on('open', () => resolve(client));
    socket.on('error', reject);
  });
}
