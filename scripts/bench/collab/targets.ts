/**
 * The two servers the benchmark compares, behind one shape: a workspace folder, a way to start the
 * server over it, and, once started, the endpoint clients connect to and a way to put a file where
 * the server makes its documents from.
 *
 * - ours: a temporary copy of the example workspace with one designer account (cheap scrypt, as the
 *   server tests make them); each start signs in through POST /api/session and uses a change request
 *   made through POST /api/changes, files put into it with PUT /api/changes/:id/files. Every client
 *   sends the session cookie on the upgrade (one session shared by all clients: sign-in is
 *   rate-limited per account, and a connection costs the server the same either way).
 * - bare: a copy of the same workspace, read by the bare server's content initializer.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccountStore } from '@colloquy/governance/node';
import { CSRF_HEADER } from '../../../apps/server/src/index.ts';
import type { Endpoint } from './BenchClient.ts';
import { fileRoom } from './rooms.ts';
import { ServerHandle } from './serverHandle.ts';
import type { ServerKind } from './serverProcess.ts';

const EXAMPLE_WORKSPACE = fileURLToPath(new URL('../../../flows/', import.meta.url));
const ACCOUNT = 'dana';
const PASSWORD = "dana's benchmark password";

/** A running server of either kind, ready for clients. */
export interface Target {
  readonly kind: ServerKind;
  readonly server: ServerHandle;
  readonly endpoint: Endpoint;
  /** The room of `path`'s document in this target's change request (or in `change`, one `newChange` made). */
  room(path: string, change?: string): string;
  /** Opens another change request (the bare server only names it) and answers its id. */
  newChange(): Promise<string>;
  /** Makes `path` hold `content` where the server makes documents from (ours: the change request). */
  putFile(path: string, content: string): Promise<void>;
  stop(): Promise<void>;
}

/** A workspace for one kind of server, kept across that server's restarts. */
export class BenchWorkspace {
  private change: string | undefined;

  private constructor(
    readonly kind: ServerKind,
    private readonly dir: string,
  ) {}

  static async create(kind: ServerKind): Promise<BenchWorkspace> {
    const dir = mkdtempSync(join(tmpdir(), `colloquy-bench-collab-${kind}-`));
    cpSync(EXAMPLE_WORKSPACE, join(dir, 'workspace'), { recursive: true, filter: (path) => basename(path) !== '.colloquy' });
    const workspace = new BenchWorkspace(kind, dir);
    if (kind === 'ours') await new AccountStore(workspace.root, { hashParameters: { N: 2 ** 10, r: 8, p: 1, keyLength: 32 } }).add({ name: ACCOUNT, roles: ['designer'], password: PASSWORD });
    return workspace;
  }

  get root(): string {
    return join(this.dir, 'workspace');
  }

  /** Starts the server; with `newChange`, ours opens a fresh change request (else it keeps the last one). */
  async start(newChange = false): Promise<Target> {
    const server = await ServerHandle.start(this.kind, this.root);
    try {
      return this.kind === 'bare' ? this.bareTarget(server) : await this.oursTarget(server, newChange);
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private bareTarget(server: ServerHandle): Target {
    let changes = 1;
    return {
      kind: 'bare',
      server,
      endpoint: { serverUrl: `ws://127.0.0.1:${server.port}`, headers: {}, announcesAccess: false },
      room: (path, change = 'CR-1') => fileRoom(change, path),
      newChange: async () => `CR-${++changes}`,
      putFile: async (path, content) => {
        mkdirSync(dirname(join(this.root, path)), { recursive: true });
        writeFileSync(join(this.root, path), content);
      },
      stop: () => server.stop(),
    };
  }

  private async oursTarget(server: ServerHandle, newChange: boolean): Promise<Target> {
    const base = `http://127.0.0.1:${server.port}`;
    const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: ACCOUNT, password: PASSWORD }) });
    if (signIn.status !== 200) throw new Error(`signing in to our server failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const headers = { cookie, [CSRF_HEADER]: csrfToken, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const create = async () => String((await call('POST', '/api/changes', { title: 'Live collaboration benchmark' })).id);
    if (newChange || this.change === undefined) this.change = await create();
    const change = this.change;
    return {
      kind: 'ours',
      server,
      endpoint: { serverUrl: `ws://127.0.0.1:${server.port}/api/collab`, headers: { cookie }, announcesAccess: true },
      room: (path, inChange = change) => fileRoom(inChange, path),
      newChange: create,
      putFile: async (path, content) => void (await call('PUT', `/api/changes/${change}/files`, { path, content })),
      stop: () => server.stop(),
    };
  }
}
