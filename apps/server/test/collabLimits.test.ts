/**
 * Bad input on the collaboration socket (real server, raw `ws` sockets next
 * to real y-websocket clients): each bad connection is closed with its code
 * and reason; the document and the other clients are untouched. And a client
 * whose socket drops while it edits merges its edits after reconnecting.
 */
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collabUrl, connectCollab, eventually, fileRoom, type CollabClient } from './support/collabClient.ts';
import { startTestServer, type TestServer } from './support/testServer.ts';

const FLOW = 'flows/opening_hours.flow.yaml';

/** A y-websocket sync message carrying `update` (type 0, sync type 2). */
function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An update inserting `text` at the start, from a fresh client. */
function insertUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('bad input on the collaboration socket', { timeout: 25_000 }, () => {
  let t: TestServer;
  let change: string;
  const clients: CollabClient[] = [];
  const sockets: WebSocket[] = [];
  const connect = async (account = 'dana') => {
    const client = connectCollab(t.url, fileRoom(change, FLOW), (await t.signIn(account)).cookie);
    clients.push(client);
    await client.synced();
    return client;
  };
  /** A raw socket on the document; resolves once open. */
  const raw = async () => {
    const socket = new WebSocket(`${collabUrl(t.url)}/${fileRoom(change, FLOW)}`, { headers: { cookie: (await t.signIn('dana')).cookie } });
    sockets.push(socket);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return socket;
  };
  const closed = (socket: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

  beforeEach(async () => {
    t = await startTestServer({
      collab: { maxMessageBytes: 64 * 1024, maxDocumentBytes: 96 * 1024, updatesPerSecond: 20, burst: 10, maxBacklogMessages: 50, materialiseDelayMs: 100 },
    });
    change = (await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'limits' } })).body.id;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
    await t.close();
  });

  it('closes a connection sending malformed messages with 1007 and applies nothing of them', async () => {
    const [a, b] = [await connect(), await connect('omar')];
    const before = a.text.toString();
    const cases: [string, Uint8Array][] = [
      ['unknown type', Uint8Array.of(42)],
      ['truncated varint', Uint8Array.of(0x80)],
      ['garbage update', updateFrame(Uint8Array.of(5, 200, 1, 2, 3))],
      ['cut-off update', updateFrame(insertUpdate('HALF').subarray(0, 8))],
      ['awareness that is not JSON', Uint8Array.of(1, 5, 1, 1, 1, 1, 0x7b)],
    ];
    for (const [name, frame] of cases) {
      const socket = await raw();
      const done = closed(socket);
      socket.send(frame);
      const { code, reason } = await done;
      expect(code, name).toBe(1007);
      expect(reason, name).toMatch(/^malformed message: /);
    }
    // The others stay connected, the document unchanged, and an edit still goes through
    a.text.insert(0, '# still fine\n');
    await eventually(() => b.text.toString() === `# still fine\n${before}`, () => b.text.toString().slice(0, 30));
    expect(a.closes).toEqual([]);
  });

  it('closes a connection sending a message above maxMessageBytes with 1009', async () => {
    const a = await connect();
    const socket = await raw();
    const done = closed(socket);
    socket.send(updateFrame(insertUpdate('x'.repeat(70 * 1024))));
    expect((await done).code).toBe(1009);
    expect(a.text.toString()).not.toContain('xxxx');
    expect(a.closes).toEqual([]);
  });

  it('refuses an update that would take the document above maxDocumentBytes: 1009 "document too large", nothing stored', async () => {
    const [a, b] = [await connect(), await connect('omar')];
    const before = a.text.toString();
    const socket = await raw();
    const done = closed(socket);
    // Each under the message limit; together above the document limit
    for (let i = 0; i < 3; i++) socket.send(updateFrame(insertUpdate(`${i}`.repeat(40 * 1024))));
    expect(await done).toEqual({ code: 1009, reason: 'document too large' });
    await eventually(() => b.text.toString().includes('1'.repeat(1000)), () => 'the updates under the limit did not arrive');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.text.toString()).not.toContain('2'.repeat(1000));
    expect(b.text.length).toBe(before.length + 2 * 40 * 1024);
    expect(a.text.toString()).toBe(b.text.toString());
    expect(a.closes).toEqual([]);
  });

  it('throttles a connection sending too fast, and closes it with 1008 when its backlog passes the bound', async () => {
    const b = await connect('omar');
    // A burst within the backlog bound is slowed down, not refused: all of it arrives
    const slow = await raw();
    const started = performance.now();
    for (let i = 0; i < 30; i++) slow.send(updateFrame(insertUpdate(`s${i};`)));
    await eventually(() => b.text.toString().includes('s29;'), () => 'the throttled updates did not all arrive');
    // 10 at once, then 20 per second: the last 20 take about a second
    expect(performance.now() - started).toBeGreaterThan(700);
    // A flood past the backlog bound is closed
    const flood = await raw();
    const done = closed(flood);
    for (let i = 0; i < 200; i++) flood.send(updateFrame(insertUpdate(`f${i};`)));
    expect(await done).toEqual({ code: 1008, reason: 'too many updates' });
    expect(b.closes).toEqual([]);
  });

  it("merges the edits of a client whose socket dropped while it was editing, after it reconnects", async () => {
    const [a, b] = [await connect(), await connect('omar')];
    a.text.insert(0, '# before the drop\n');
    await eventually(() => b.text.toString().startsWith('# before the drop\n'), () => 'not relayed');
    // The socket is cut (no close handshake) and dana keeps typing while it reconnects
    (a.provider.ws as unknown as WebSocket).terminate();
    for (let i = 0; i < 5; i++) a.text.insert(a.text.length, `# offline ${i}\n`);
    await eventually(() => b.text.toString().includes('# offline 4\n'), () => 'the offline edits were not merged', 15_000);
    await eventually(() => a.text.toString() === b.text.toString(), () => 'the clients differ');
  });
});
