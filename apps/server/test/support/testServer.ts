/**
 * Builders for server tests: a real server on 127.0.0.1 port 0 over a real
 * temporary copy of a workspace, real HTTP through fetch, and cleanup that
 * closes the server and removes the folder. Every test closes what it starts.
 *
 * The workspace gets one account per role (TEST_ACCOUNTS, cheap scrypt
 * parameters so tests stay fast), and requests are signed in as dana, the
 * designer, unless a test says otherwise (`as`): each account signs in once,
 * through the real POST /api/session, and its cookie and CSRF token go with
 * its requests.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditRecord, Role } from '@colloquy/governance';
import { AccountStore, type ScryptParameters } from '@colloquy/governance/node';
import { createServer, CSRF_HEADER, type RunningServer, type ServerOptions } from '../../src/index.ts';

export const FIXTURE = fileURLToPath(new URL('../fixtures/workspace/', import.meta.url));
/** The repository's example workspace (Northbank), for tests that need a realistic one. */
export const EXAMPLE_WORKSPACE = fileURLToPath(new URL('../../../../flows/', import.meta.url));

/** Cheap scrypt parameters for test accounts: what is tested does not depend on the cost. */
export const TEST_HASHING: ScryptParameters = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

/** One account per role, as `serve --demo` makes them. */
export const TEST_ACCOUNTS: readonly { readonly name: string; readonly roles: readonly Role[] }[] = [
  { name: 'dana', roles: ['designer'] },
  { name: 'omar', roles: ['ops_manager'] },
  { name: 'rita', roles: ['rai_lead'] },
  { name: 'vic', roles: ['viewer'] },
  { name: 'ada', roles: ['admin'] },
];
export const testPassword = (account: string) => `${account}'s test password`;

/** A signed-in account's credentials, for requests the helper does not make. */
export interface TestSession {
  readonly cookie: string;
  readonly csrfToken: string;
  /** Headers of a signed-in state-changing request: cookie and CSRF token. */
  readonly headers: Record<string, string>;
}

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  /** The workspace folder (a real path). */
  readonly root: string;
  /**
   * Sends a request, signed in as `as` (default dana; `null`: no session), with the session's CSRF
   * token on state-changing methods unless `csrf: false`; `json` is sent as a JSON body. Answers are
   * parsed as JSON.
   */
  api<T = Record<string, unknown>>(path: string, init?: ApiInit): Promise<ApiResponse<T>>;
  /** `fetch` signed in as `as` (default dana; `null`: no session), for answers that are not JSON. */
  fetch(path: string, init?: RequestInit, as?: string | null): Promise<Response>;
  /** Signs `account` in (once; later calls answer the same session). */
  signIn(account?: string): Promise<TestSession>;
  /** The audit log's records so far, parsed. */
  auditRecords(): AuditRecord[];
  close(): Promise<void>;
}

export interface ApiInit {
  method?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** The account to send it as; default `dana`; `null` for none. */
  as?: string | null;
  /** False: leave the CSRF header out. */
  csrf?: boolean;
}

/**
 * Starts a server over a fresh copy of the fixture workspace (or of `copyOf`, or an empty folder),
 * with TEST_ACCOUNTS (or `accounts`) in it.
 */
export async function startTestServer(
  options: Partial<ServerOptions> & { empty?: boolean; copyOf?: string; accounts?: readonly { readonly name: string; readonly roles: readonly Role[] }[] } = {},
): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'colloquy-server-'));
  const workspace = join(root, 'workspace');
  const source = options.copyOf ?? FIXTURE;
  // Never a .colloquy/ a run on the source folder may have left (accounts, sessions, an audit log): each server starts afresh.
  const fresh = (path: string) => basename(path) !== '.colloquy';
  if (options.empty) cpSync(source, workspace, { recursive: true, filter: (path) => fresh(path) && !/\.ya?ml$/.test(path) });
  else cpSync(source, workspace, { recursive: true, filter: fresh });
  const { empty: _empty, copyOf: _copyOf, accounts = TEST_ACCOUNTS, ...serverOptions } = options;
  let server: RunningServer;
  try {
    const store = new AccountStore(workspace, { hashParameters: TEST_HASHING });
    await Promise.all(accounts.map(({ name, roles }) => store.add({ name, roles, password: testPassword(name) })));
    server = await createServer({ root: workspace, port: 0, studioDir: join(root, 'no-studio'), log: () => undefined, passwordHashing: TEST_HASHING, ...serverOptions });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const sessions = new Map<string, Promise<TestSession>>();
  const signIn = (account = 'dana') => {
    let session = sessions.get(account);
    if (!session) {
      session = (async () => {
        const response = await fetch(new URL('/api/session', server.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ account, password: testPassword(account) }),
        });
        if (response.status !== 200) throw new Error(`signing in as ${account} failed: ${response.status} ${await response.text()}`);
        const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
        const { csrfToken } = (await response.json()) as { csrfToken: string };
        return { cookie, csrfToken, headers: { cookie, [CSRF_HEADER]: csrfToken } };
      })();
      sessions.set(account, session);
    }
    return session;
  };
  const sessionHeaders = async (as: string | null | undefined, method: string, csrf = true): Promise<Record<string, string>> => {
    if (as === null) return {};
    const session = await signIn(as);
    return method === 'GET' || method === 'HEAD' || !csrf ? { cookie: session.cookie } : session.headers;
  };
  return {
    server,
    url: server.url,
    root: server.root,
    signIn,
    async fetch(path, init = {}, as = 'dana') {
      const method = init.method ?? 'GET';
      return fetch(new URL(path, server.url), { ...init, headers: { ...(await sessionHeaders(as, method)), ...(init.headers as Record<string, string> | undefined) } });
    },
    auditRecords() {
      const text = readFileSync(join(server.root, '.colloquy', 'audit', 'log.jsonl'), 'utf8');
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as AuditRecord);
    },
    async api(path, init = {}) {
      const method = init.method ?? 'GET';
      const headers: Record<string, string> = { ...(await sessionHeaders(init.as, method, init.csrf)), ...init.headers };
      let body = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(new URL(path, server.url), { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { text };
      }
      return { status: response.status, body: parsed as never, headers: response.headers };
    },
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A raw HTTP request with headers fetch will not send (fetch always sets Host
 * from the URL): for the DNS-rebinding checks.
 */
export function rawRequest(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, url), { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}
