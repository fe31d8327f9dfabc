/**
 * A server killed with SIGKILL mid-session (a child process running
 * createServer) and started again on the same port: every edit another client
 * had seen before the kill is there, and the clients (which reconnect on their
 * own, with backoff) converge, on screen and in the change request's file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccountStore } from '@colloquy/governance/node';
import { afterEach, describe, expect, it } from 'vitest';
import { connectCollab, eventually, fileRoom, type CollabClient } from './support/collabClient.ts';
import { FIXTURE, TEST_ACCOUNTS, TEST_HASHING, testPassword } from './support/testServer.ts';

const CHILD = fileURLToPath(new URL('./support/collabServerChild.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FLOW = 'flows/opening_hours.flow.yaml';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startChild(root: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, root, String(port)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`the server exited (${code ?? signal}) before listening: ${stderr}`)));
  });
}

async function signIn(url: string, account: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(new URL('/api/session', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, password: testPassword(account) }) });
  if (response.status !== 200) throw new Error(`signing in as ${account}: ${response.status}`);
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

describe('a server killed mid-session', { timeout: 40_000 }, () => {
  let dir: string | undefined;
  let child: ChildProcess | undefined;
  const clients: CollabClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loses no edit another client had seen, and the clients converge after it restarts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'colloquy-collab-crash-'));
    const root = join(dir, 'workspace');
    cpSync(FIXTURE, root, { recursive: true, filter: (path) => basename(path) !== '.colloquy' });
    const accounts = new AccountStore(root, { hashParameters: TEST_HASHING });
    await Promise.all(TEST_ACCOUNTS.map(({ name, roles }) => accounts.add({ name, roles, password: testPassword(name) })));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    child = await startChild(root, port);

    const dana = await signIn(url, 'dana');
    const omar = await signIn(url, 'omar');
    const created = await fetch(new URL('/api/changes', url), { method: 'POST', headers: { 'content-type': 'application/json', cookie: dana.cookie, 'x-colloquy-csrf': dana.csrf }, body: JSON.stringify({ title: 'crash' }) });
    const change = ((await created.json()) as { id: string }).id;
    const room = fileRoom(change, FLOW);
    const writer = connectCollab(url, room, dana.cookie);
    const watcher = connectCollab(url, room, omar.cookie);
    clients.push(writer, watcher);
    await Promise.all([writer.synced(), watcher.synced()]);

    // Given dana typing steadily, and omar watching
    let typed = 0;
    let typing = true;
    const typist = (async () => {
      while (typing) {
        writer.text.insert(writer.text.length, `[d${typed++}]`);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    await eventually(() => watcher.text.toString().includes('[d60]'), () => 'omar did not see the edits', 15_000);
    // When the server is killed mid-stream
    const seen = watcher.text.toString();
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 100));
    typing = false;
    await typist;
    const markersSeen = seen.match(/\[d\d+\]/g)!;
    expect(markersSeen.length).toBeGreaterThan(60);

    // Then, started again on the same port, a new client has every edit omar had seen
    child = await startChild(root, port);
    const fresh = connectCollab(url, room, (await signIn(url, 'omar')).cookie);
    clients.push(fresh);
    await fresh.synced();
    const afterRestart = fresh.text.toString();
    for (const marker of markersSeen) expect(afterRestart).toContain(marker);
    // And dana's and omar's clients reconnect on their own; everyone converges on every edit dana made
    await eventually(
      () => writer.provider.synced && watcher.provider.synced && new Set([writer, watcher, fresh].map((c) => c.text.toString())).size === 1,
      () => `not converged: ${[writer, watcher, fresh].map((c) => c.text.length).join(', ')}`,
      20_000,
    );
    const final = fresh.text.toString();
    expect(final.match(/\[d\d+\]/g)).toHaveLength(typed);
    // And the change request's file gets that text
    await eventually(
      () => {
        try {
          return readFileSync(join(root, '.colloquy', 'changes', change, 'files', FLOW), 'utf8') === final;
        } catch {
          return false;
        }
      },
      () => 'the change request file does not hold the converged text',
    );
  });
});
