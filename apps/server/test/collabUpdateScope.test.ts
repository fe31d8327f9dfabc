/**
 * A writable client that changes anything of a file document but its text
 * (here: the epoch, which says which life of the file a copy belongs to) is
 * closed with 1008 and a reason, and nothing of that update is stored,
 * relayed or applied: the other client and a fresh one still see the
 * server's epoch, and the text edits made before it are kept.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectCollab, eventually, fileRoom, type CollabClient } from './support/collabClient.ts';
import { startTestServer, type TestServer } from './support/testServer.ts';

const FLOW = 'flows/opening_hours.flow.yaml';

describe("a client's update reaches only the file's text (real server, real y-websocket clients)", { timeout: 20_000 }, () => {
  let t: TestServer;
  const clients: CollabClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await t?.close();
  });

  it('closes a client that overwrites the epoch (1008) and keeps the document and the other client as they were', async () => {
    t = await startTestServer();
    const change = (await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'scope' } })).body.id;
    const connect = async (account: string) => {
      const client = connectCollab(t.url, fileRoom(change, FLOW), (await t.signIn(account)).cookie);
      clients.push(client);
      await client.synced();
      return client;
    };
    const [mallory, bob] = [await connect('dana'), await connect('dana')];
    const epoch = mallory.doc.getMap('document').get('epoch');
    expect(epoch).toMatch(/^[0-9a-f]{32}$/);

    // Given a text edit that lands
    mallory.text.insert(0, '# kept\n');
    await eventually(() => bob.text.toString().startsWith('# kept\n'), () => bob.text.toString().slice(0, 40));
    // When the same client overwrites the epoch
    mallory.doc.getMap('document').set('epoch', 'f'.repeat(32));
    await eventually(() => mallory.closes.length > 0, () => 'mallory was not closed');

    // Then it is closed with the reason, and nobody else sees the change
    expect(mallory.closes[0]).toEqual({ code: 1008, reason: "an update may change only the file's text, not what the server keeps beside it" });
    const fresh = await connect('omar');
    expect(fresh.doc.getMap('document').get('epoch')).toBe(epoch);
    expect(bob.doc.getMap('document').get('epoch')).toBe(epoch);
    expect(bob.closes).toEqual([]);
    expect(fresh.text.toString().startsWith('# kept\n')).toBe(true);
  });
});
