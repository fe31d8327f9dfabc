import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectEvents, type EventClient } from './support/wsClient.ts';
import { startTestServer, type TestServer } from './support/testServer.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Bounded wait for events that come through the file watcher. */
const WATCH_TIMEOUT_MS = 4000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the event socket (real server, real WebSocket, real file watching)', () => {
  let t: TestServer;
  const clients: EventClient[] = [];
  const connect = async (headers?: Record<string, string>) => {
    const client = await connectEvents(t.url, { cookie: (await t.signIn()).cookie, ...headers });
    clients.push(client);
    return client;
  };
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await t.close();
  });

  it('says hello with the workspace first', async () => {
    const client = await connect();
    const hello = await client.next((m) => m.type === 'hello');
    expect(hello).toEqual({ type: 'hello', workspace: { name: 'Test Bank', fileCount: 2 } });
    expect(client.messages[0]).toBe(hello);
  });

  it('reports files another process creates, changes and deletes', async () => {
    const client = await connect();
    await client.next((m) => m.type === 'hello');
    const path = 'flows/external.flow.yaml';

    await writeFile(join(t.root, path), 'kind: flow\n');
    expect(await client.next((m) => m.path === path && m.type === 'created', WATCH_TIMEOUT_MS)).toEqual({ type: 'created', path, version: sha256('kind: flow\n') });

    await writeFile(join(t.root, path), 'kind: flow\nversion: 1\n');
    expect(await client.next((m) => m.path === path && m.type === 'changed', WATCH_TIMEOUT_MS)).toEqual({ type: 'changed', path, version: sha256('kind: flow\nversion: 1\n') });

    unlinkSync(join(t.root, path));
    expect(await client.next((m) => m.path === path && m.type === 'deleted', WATCH_TIMEOUT_MS)).toEqual({ type: 'deleted', path });
  });

  it('reports an editor-style atomic replace (write a temp file, rename it over) as one change', async () => {
    const client = await connect();
    await client.next((m) => m.type === 'hello');
    const path = 'flows/opening_hours.flow.yaml';
    writeFileSync(join(t.root, 'flows/.opening_hours.flow.yaml.swp'), 'kind: flow\n# edited\n');
    renameSync(join(t.root, 'flows/.opening_hours.flow.yaml.swp'), join(t.root, path));
    expect(await client.next((m) => m.path === path, WATCH_TIMEOUT_MS)).toEqual({ type: 'changed', path, version: sha256('kind: flow\n# edited\n') });
    await sleep(300);
    expect(client.messages.filter((m) => m.path === path)).toHaveLength(1);
    expect(client.messages.filter((m) => String(m.path).includes('.swp'))).toEqual([]);
  });

  it('reports every file of a folder removed by another process', async () => {
    mkdirSync(join(t.root, 'tests'));
    writeFileSync(join(t.root, 'tests/a.test.yaml'), 'a: 1\n');
    writeFileSync(join(t.root, 'tests/b.test.yaml'), 'b: 1\n');
    const client = await connect();
    await client.next((m) => m.type === 'created' && m.path === 'tests/b.test.yaml', WATCH_TIMEOUT_MS);
    rmSync(join(t.root, 'tests'), { recursive: true });
    await client.next((m) => m.type === 'deleted' && m.path === 'tests/a.test.yaml', WATCH_TIMEOUT_MS);
    await client.next((m) => m.type === 'deleted' && m.path === 'tests/b.test.yaml', WATCH_TIMEOUT_MS);
  });

  it('ignores files outside the workspace set: hidden folders, node_modules, non-YAML files', async () => {
    const client = await connect();
    await client.next((m) => m.type === 'hello');
    mkdirSync(join(t.root, '.colloquy'), { recursive: true }); // the server keeps its accounts, sessions and audit log there already
    writeFileSync(join(t.root, '.colloquy/state.yaml'), 'x: 1\n');
    mkdirSync(join(t.root, 'node_modules'));
    writeFileSync(join(t.root, 'node_modules/a.yaml'), 'x: 1\n');
    writeFileSync(join(t.root, 'notes.md'), '# notes\n');
    writeFileSync(join(t.root, 'flows/marker.flow.yaml'), 'marker: 1\n'); // written last: once it arrives, the others had their chance
    await client.next((m) => m.path === 'flows/marker.flow.yaml', WATCH_TIMEOUT_MS);
    await sleep(200);
    expect(client.messages.map((m) => m.path).filter(Boolean)).toEqual(['flows/marker.flow.yaml']);
  });

  it('ignores malformed and oversized client messages without crashing', async () => {
    const client = await connect();
    await client.next((m) => m.type === 'hello');
    for (const message of ['not json', '{"type":"save","path":"../../etc/passwd"}', '\u0000\u0001', new Uint8Array([0xff, 0xfe, 0x00]), '{'.repeat(10_000)]) client.socket.send(message);
    // An oversized frame closes that socket (ws refuses it: 1009), and only that one.
    const big = await connect();
    const closed = new Promise<number>((resolve) => big.socket.once('close', resolve));
    big.socket.send('x'.repeat(1024 * 1024));
    expect(await closed).toBe(1009);

    writeFileSync(join(t.root, 'flows/after.flow.yaml'), 'x: 1\n');
    await client.next((m) => m.path === 'flows/after.flow.yaml', WATCH_TIMEOUT_MS);
    expect((await t.api('/api/files')).status).toBe(200);
  });

  it('refuses a WebSocket opened by a page on another site', async () => {
    await expect(connectEvents(t.url, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
  });

  it('closes open sockets when the server closes', async () => {
    const client = await connect();
    await client.next((m) => m.type === 'hello');
    const closed = new Promise<number>((resolve) => client.socket.once('close', resolve));
    await t.server.close();
    expect(await closed).toBe(1001);
  });
});
