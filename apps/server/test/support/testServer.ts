/**
 * Builders for server tests: a real server on 127.0.0.1 port 0 over a real
 * temporary copy of a workspace, real HTTP through fetch, and cleanup that
 * closes the server and removes the folder. Every test closes what it starts.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type RunningServer, type ServerOptions } from '../../src/index.ts';

export const FIXTURE = fileURLToPath(new URL('../fixtures/workspace/', import.meta.url));
/** The repository's example workspace (Northbank), for tests that need a realistic one. */
export const EXAMPLE_WORKSPACE = fileURLToPath(new URL('../../../../flows/', import.meta.url));

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
  /** Sends a request; `json` is sent as a JSON body. Answers are parsed as JSON. */
  api<T = Record<string, unknown>>(path: string, init?: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/** Starts a server over a fresh copy of the fixture workspace (or of `copyOf`, or an empty folder). */
export async function startTestServer(options: Partial<ServerOptions> & { empty?: boolean; copyOf?: string } = {}): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'colloquy-server-'));
  const workspace = join(root, 'workspace');
  const source = options.copyOf ?? FIXTURE;
  if (options.empty) cpSync(source, workspace, { recursive: true, filter: (path) => !/\.ya?ml$/.test(path) });
  else cpSync(source, workspace, { recursive: true });
  const { empty: _empty, copyOf: _copyOf, ...serverOptions } = options;
  let server: RunningServer;
  try {
    server = await createServer({ root: workspace, port: 0, studioDir: join(root, 'no-studio'), log: () => undefined, ...serverOptions });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    url: server.url,
    root: server.root,
    async api(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      let body = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(new URL(path, server.url), { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
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
