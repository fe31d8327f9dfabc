/**
 * The server side of `pnpm bench:collab`, run in its own process (serverHandle.ts starts it with
 * `--expose-gc`) so the clients' event loop never shares the server's.
 *
 *   node --expose-gc --import tsx serverProcess.ts <bare|ours> <workspace>
 *
 * - `ours`: Colloquy's server (`createServer`, as `colloquy serve` starts it) over the workspace, with
 *   its collaboration endpoint, authentication and persistence as shipped. Nothing is added to it: this
 *   wrapper only starts it and answers the parent's questions about the process.
 * - `bare`: @y/websocket-server's `setupWSConnection` on a plain `ws` server: in memory, no
 *   authentication, no persistence. To do the same work as ours, a document's initial text is made on
 *   the server from the workspace file its room names (`…/file/<encoded path>`), as ours makes it from
 *   the change request's content.
 *
 * IPC (process.send): the child sends `{ type: 'ready', port }` once it listens; it answers
 * `{ type: 'memory' }` with `{ type: 'memory', heapUsed, external, arrayBuffers, rss }` measured after
 * two full garbage collections, and `{ type: 'stop' }` by closing and exiting.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { pathOfRoom } from './rooms.ts';

export type ServerKind = 'bare' | 'ours';
export type ParentMessage = { readonly type: 'memory' } | { readonly type: 'stop' };
export interface MemoryFigures {
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly rss: number;
}
export type ChildMessage = { readonly type: 'ready'; readonly port: number } | ({ readonly type: 'memory' } & MemoryFigures);

/** A started server: its port and how to stop it. */
interface Started {
  readonly port: number;
  close(): Promise<void>;
}

async function startBare(root: string): Promise<Started> {
  const { setupWSConnection, setContentInitializor, WSSharedDoc } = await import('@y/websocket-server/utils');
  // Synchronous on purpose: the text is in the document before the first client's sync step 1,
  // as ours has it before it answers (setupWSConnection does not wait for `whenInitialized`).
  setContentInitializor((doc) => {
    // Typed as Y.Doc; it is always the WSSharedDoc being constructed, which carries its room's name.
    const path = doc instanceof WSSharedDoc ? pathOfRoom(doc.name) : undefined;
    if (path !== undefined) doc.getText('content').insert(0, readFileSync(join(root, path), 'utf8'));
    return Promise.resolve();
  });
  const sockets = new WebSocketServer({ noServer: true });
  sockets.on('connection', setupWSConnection);
  const http = createHttpServer((_request, response) => response.writeHead(404).end());
  http.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function startOurs(root: string): Promise<Started> {
  const { createServer } = await import('../../../apps/server/src/index.ts');
  const server = await createServer({ root, port: 0, git: false, studioDir: join(root, '.no-studio'), log: (line) => process.stderr.write(`[ours] ${line}\n`) });
  return { port: server.port, close: () => server.close() };
}

/** RSS from the kernel's own count (what `ps` shows), as the parent also reads it from outside. */
function vmRss(): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : process.memoryUsage.rss();
}

function memory(): MemoryFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('serverProcess needs --expose-gc');
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers, rss: vmRss() };
}

const [kind, root] = process.argv.slice(2) as [ServerKind | undefined, string | undefined];
if ((kind !== 'bare' && kind !== 'ours') || !root || !process.send) {
  process.stderr.write('usage (from serverHandle.ts, with an IPC channel): serverProcess.ts <bare|ours> <workspace>\n');
  process.exit(2);
}
const send = (message: ChildMessage) => process.send!(message);
const started = kind === 'bare' ? await startBare(root) : await startOurs(root);
process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'memory':
      send({ type: 'memory', ...memory() });
      break;
    case 'stop':
      void started.close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`closing the ${kind} server failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
      break;
  }
});
send({ type: 'ready', port: started.port });
