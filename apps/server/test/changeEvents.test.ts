/**
 * `change` events on the events socket: a real server, real sockets signed in
 * as two people, a change request created, edited, submitted, simulated (its
 * evidence stored: `evidence`) and approved over HTTP. Each step reaches every open socket once, after the
 * server has saved it (asking for the change request when the event arrives
 * already shows the new state), and a refused request sends nothing.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectEvents, type EventClient } from './support/wsClient.ts';
import { approvalYaml } from './support/approvalYaml.ts';
import { FIXTURE, startTestServer, type TestServer } from './support/testServer.ts';

const OPENING_HOURS = 'flows/opening_hours.flow.yaml';
/** A worker thread starts in 1–3 s on the shared machine; a small run takes as long again. */
const WAIT_MS = 60_000;
const RUN = { generators: ['noise', 'wording'], perIntent: 2, seed: 'change-events' };

let source: string;
beforeAll(() => {
  // The fixture with a gate the small run passes, so the approval has evidence.
  source = mkdtempSync(join(tmpdir(), 'colloquy-change-events-'));
  cpSync(FIXTURE, source, { recursive: true });
  appendFileSync(join(source, 'agent.yaml'), approvalYaml(0.5, RUN));
  mkdirSync(join(source, 'tests'), { recursive: true });
  writeFileSync(join(source, 'tests', 'hours.test.yaml'), 'kind: test\nversion: 1\nid: hours\nflow: opening_hours\ntests:\n  - id: asks_hours\n    turns:\n      - user: "when are you open"\n        expect: { intent: ask_opening_hours }\n');
});
afterAll(() => rmSync(source, { recursive: true, force: true }));

describe('change request events on /api/events (real server, real sockets)', { timeout: 120_000 }, () => {
  let t: TestServer;
  const clients: EventClient[] = [];
  const connect = async (account: string) => {
    const client = await connectEvents(t.url, { cookie: (await t.signIn(account)).cookie });
    clients.push(client);
    await client.next((m) => m.type === 'hello');
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await t?.close();
  });
  const changeEvents = (client: EventClient) => client.messages.filter((m) => m.type === 'change');
  const act = (id: string, action: string, as: string, asRole: string, rationale?: string) =>
    t.api<{ state: string }>(`/api/changes/${id}/actions`, { method: 'POST', json: { action, asRole, ...(rationale ? { rationale } : {}) }, as });

  it('sends every socket one event per create, edit, submit and approve, each after it is saved; a refusal sends none', async () => {
    t = await startTestServer({ copyOf: source });
    const [dana, omar] = [await connect('dana'), await connect('omar')];

    // Created: both sockets hear it, and the list already holds it.
    const created = await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'Friendlier hours' } });
    const id = created.body.id;
    const expected = { type: 'change', id, title: 'Friendlier hours', author: 'dana' };
    for (const client of [dana, omar]) expect(await client.next((m) => m.type === 'change' && m.action === 'created')).toEqual({ ...expected, action: 'created', state: 'draft', by: 'dana' });

    // Edited
    const hours = readFileSync(join(t.root, OPENING_HOURS), 'utf8').replace('9 to 5', '9 to 6');
    expect((await t.api(`/api/changes/${id}/files`, { method: 'PUT', json: { path: OPENING_HOURS, content: hours } })).status).toBe(200);
    expect(await omar.next((m) => m.type === 'change' && m.action === 'edited')).toEqual({ ...expected, action: 'edited', state: 'draft', by: 'dana' });

    // A refused request (the author approving a draft) is recorded but changes nothing: no event.
    expect((await act(id, 'approve', 'omar', 'ops_manager', 'too early')).status).toBe(409);

    // Submitted: when the event arrives, the server already answers with the new state.
    const submittedSeen = omar.next((m) => m.type === 'change' && m.action === 'submitted').then(async (event) => ({ event, state: (await t.api<{ state: string }>(`/api/changes/${id}`, { as: 'omar' })).body.state }));
    expect((await act(id, 'submit', 'dana', 'designer')).body.state).toBe('in_review');
    expect(await submittedSeen).toEqual({ event: { ...expected, action: 'submitted', state: 'in_review', by: 'dana' }, state: 'in_review' });

    // omar's simulation stored as evidence: dana's open review page hears it, and the details already have it.
    const evidenceSeen = dana
      .next((m) => m.type === 'change' && m.action === 'evidence', WAIT_MS)
      .then(async (event) => ({ event, stored: (await t.api<{ evidence: unknown }>(`/api/changes/${id}`, { as: 'dana' })).body.evidence !== null }));
    const run = await t.api<{ id: string }>(`/api/changes/${id}/simulations`, { method: 'POST', json: RUN, as: 'omar' });
    expect(run.status).toBe(202);
    expect(await evidenceSeen).toEqual({ event: { ...expected, action: 'evidence', state: 'in_review', by: 'omar' }, stored: true });

    // Approved by omar (with evidence): dana's socket hears it, naming omar.
    const approvedSeen = dana.next((m) => m.type === 'change' && m.action === 'approved', WAIT_MS);
    const approved = await act(id, 'approve', 'omar', 'ops_manager', 'Longer hours, the run passes.');
    expect(approved.status).toBe(200);
    expect(await approvedSeen).toEqual({ ...expected, action: 'approved', state: 'approved', by: 'omar' });

    // Once each, in order, on both sockets; nothing for the refusal.
    for (const client of [dana, omar]) expect(changeEvents(client).map((m) => `${String(m.action)}:${String(m.state)}`)).toEqual(['created:draft', 'edited:draft', 'submitted:in_review', 'evidence:in_review', 'approved:approved']);
  });

  it('a socket that throws on send does not stop the action or the other sockets', async () => {
    t = await startTestServer({ copyOf: source });
    const [dana, omar] = [await connect('dana'), await connect('omar')];
    dana.socket.terminate(); // gone without a close handshake: the server may still try to send to it
    const created = await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'After a lost socket' } });
    expect(created.status).toBe(201);
    expect(await omar.next((m) => m.type === 'change')).toMatchObject({ id: created.body.id, action: 'created' });
  });
});
