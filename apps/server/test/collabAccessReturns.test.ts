/**
 * Keystrokes refused while a change request was in review are still in the
 * typist's document, and every later edit of theirs builds on them; the server
 * tells the typist once per read-only spell (type 102). When the
 * change comes back for changes, the server asks the client again (sync step
 * 1 with the access message), so those keystrokes land and the typist's new
 * edits are seen by the others, without a reconnection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectCollab, eventually, fileRoom, type CollabClient } from './support/collabClient.ts';
import { startTestServer, type TestServer } from './support/testServer.ts';

const FLOW = 'flows/opening_hours.flow.yaml';

describe('a change request sent back for changes takes what its typists kept (real server, real y-websocket clients)', { timeout: 20_000 }, () => {
  let t: TestServer;
  const clients: CollabClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await t?.close();
  });

  it("takes the keystrokes refused in review, and the typist's next edit reaches the other client, on the same connection", async () => {
    t = await startTestServer();
    const change = (await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'back and forth' } })).body.id;
    const connect = async (account: string) => {
      const client = connectCollab(t.url, fileRoom(change, FLOW), (await t.signIn(account)).cookie);
      clients.push(client);
      await client.synced();
      return client;
    };
    const act = async (action: string, as: string, asRole: string, rationale?: string) =>
      expect((await t.api(`/api/changes/${change}/actions`, { method: 'POST', json: { action, asRole, ...(rationale ? { rationale } : {}) }, as })).status).toBe(200);
    const [dana, dora] = [await connect('dana'), await connect('dana')];
    dana.text.insert(0, '# before review\n');
    await eventually(() => dora.text.toString().startsWith('# before review\n'), () => dora.text.toString().slice(0, 40));

    // Given the change in review: dana's keystroke is refused (her document keeps it, nobody else has it)
    await act('submit', 'dana', 'designer');
    await eventually(() => dana.access.at(-1)?.writable === false, () => JSON.stringify(dana.access));
    dana.text.insert(0, '# typed in review\n');
    // and she is told, once for the spell however much she types, with the reason
    await eventually(() => dana.refused.length === 1, () => JSON.stringify(dana.refused));
    dana.text.insert(0, '#');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dora.text.toString().startsWith('# typed in review\n')).toBe(false);
    expect(dana.refused).toEqual([dana.access.at(-1)!.reason]);
    expect(dora.refused).toEqual([]);
    dana.text.delete(0, 1);

    // When it is sent back for changes
    await act('request_changes', 'omar', 'ops_manager', 'Say who is open on Saturdays.');
    await eventually(() => dana.access.at(-1)?.writable === true, () => JSON.stringify(dana.access));
    // and dana types next to what was refused
    dana.text.insert('# typed in review\n'.length, '# after review\n');

    // Then both reach dora, in dana's order, and nobody reconnected
    await eventually(() => dora.text.toString().startsWith('# typed in review\n# after review\n# before review\n'), () => dora.text.toString().slice(0, 80));
    expect([...dana.closes, ...dora.closes]).toEqual([]);
    // A later read-only spell tells her again
    await act('submit', 'dana', 'designer');
    await eventually(() => dana.access.at(-1)?.writable === false, () => JSON.stringify(dana.access));
    dana.text.insert(0, '# typed in the second review\n');
    await eventually(() => dana.refused.length === 2, () => JSON.stringify(dana.refused));
  });
});
