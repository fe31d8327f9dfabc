/**
 * Live collaboration across a change request's life, on a real server with
 * real y-websocket clients: what is recorded before a decision reads live
 * text, the `change` events live edits send, a REST edit whose live storage
 * fails (recorded nowhere), and the live storage of a change that ends
 * (removed when published or withdrawn, kept when rejected).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '@colloquy/governance';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogFileSystem } from '../src/collab/persistence/index.ts';
import { connectCollab, eventually, fileRoom, upgradeStatus, type CollabClient } from './support/collabClient.ts';
import { approvalYaml } from './support/approvalYaml.ts';
import { FIXTURE, startTestServer, type TestServer } from './support/testServer.ts';
import { connectEvents, type EventClient } from './support/wsClient.ts';

const FLOW = 'flows/opening_hours.flow.yaml';
const RUN = { generators: ['noise', 'wording'], perIntent: 2, seed: 'collab-lifecycle' };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let source: string;
beforeAll(() => {
  // The fixture with a scripted test and a gate the small run passes, so a change can be approved and published.
  source = mkdtempSync(join(tmpdir(), 'colloquy-collab-lifecycle-'));
  cpSync(FIXTURE, source, { recursive: true });
  appendFileSync(join(source, 'agent.yaml'), approvalYaml(0.5, RUN));
  mkdirSync(join(source, 'tests'), { recursive: true });
  writeFileSync(join(source, 'tests', 'hours.test.yaml'), 'kind: test\nversion: 1\nid: hours\nflow: opening_hours\ntests:\n  - id: asks_hours\n    turns:\n      - user: "when are you open"\n        expect: { intent: ask_opening_hours }\n');
});
afterAll(() => rmSync(source, { recursive: true, force: true }));

describe('live collaboration over a change request’s life (real server, real clients)', { timeout: 120_000 }, () => {
  let t: TestServer;
  let change: string;
  const clients: CollabClient[] = [];
  const events: EventClient[] = [];
  const connect = async (account: string, room: string) => {
    const client = connectCollab(t.url, room, (await t.signIn(account)).cookie);
    clients.push(client);
    await client.synced();
    return client;
  };
  const start = async (options: Parameters<typeof startTestServer>[0] = {}) => {
    t = await startTestServer({ copyOf: source, ...options });
    change = (await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'live life' } })).body.id;
  };
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(events.splice(0).map((e) => e.close()));
    await t?.close();
  });
  const act = (action: string, as: string, asRole: string, rationale?: string) =>
    t.api<{ state: string; error?: string }>(`/api/changes/${change}/actions`, { method: 'POST', json: { action, asRole, ...(rationale ? { rationale } : {}) }, as });
  const liveDir = () => join(t.root, '.colloquy', 'changes', change, 'live');
  const storedFile = () => readFileSync(join(t.root, '.colloquy', 'changes', change, 'files', FLOW), 'utf8');
  const storedFileOr = () => (existsSync(join(t.root, '.colloquy', 'changes', change, 'files', FLOW)) ? storedFile() : null);
  const indexOf = (records: AuditRecord[], action: string) => records.findIndex((r) => r.action === action && r.change === change);

  it('a submit right after live typing has the change.edited record first, its after-hash the submitted file’s', async () => {
    // Materialised after 100 ms of quiet; recorded at most every 30 s (the default).
    await start({ collab: { materialiseDelayMs: 100 } });
    const dana = await connect('dana', fileRoom(change, FLOW));
    const published = dana.text.toString();
    dana.text.insert(0, '# first pass\n');
    // The text is written without its record (coalesced): a read may see it first (decision 0017).
    await eventually(() => storedFileOr() === `# first pass\n${published}`, () => String(storedFileOr()).slice(0, 40));
    expect(t.auditRecords().filter((r) => r.action === 'change.edited')).toEqual([]);
    // When dana types again and submits at once
    dana.text.insert(0, '# second pass\n');
    await eventually(() => dana.persisted >= 2, () => `persisted ${dana.persisted}`);
    expect((await act('submit', 'dana', 'designer')).body.state).toBe('in_review');
    // Then the live edit is recorded before the submit, with the hash of exactly the submitted file
    const records = t.auditRecords();
    const edited = records.filter((r) => r.action === 'change.edited');
    expect(edited).toHaveLength(1);
    expect(indexOf(records, 'change.edited')).toBeLessThan(indexOf(records, 'change.submitted'));
    const submittedText = storedFile();
    expect(submittedText).toBe(`# second pass\n# first pass\n${published}`);
    expect(edited[0]).toMatchObject({ actor: { account: 'dana', role: 'designer' }, files: [{ path: FLOW, before: sha256(published), after: sha256(submittedText) }], details: { live: true } });
    const submitted = records.find((r) => r.action === 'change.submitted')!;
    expect((submitted.details as { contentHash: string }).contentHash).toBe((await t.api<{ contentHash: string }>(`/api/changes/${change}`)).body.contentHash);
  });

  it('sends a change event "edited" once live edits are recorded (not per materialisation), after the record exists', async () => {
    await start({ collab: { materialiseDelayMs: 100 } });
    const omar = await connectEvents(t.url, { cookie: (await t.signIn('omar')).cookie });
    events.push(omar);
    await omar.next((m) => m.type === 'hello');
    const dana = await connect('dana', fileRoom(change, FLOW));
    dana.text.insert(0, '# a\n');
    await eventually(() => storedFileOr()?.startsWith('# a\n') === true, () => 'not materialised');
    dana.text.insert(0, '# b\n');
    await eventually(() => storedFileOr()?.startsWith('# b\n# a\n') === true, () => 'not materialised');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Two materialisations, no record yet: no event (the review page's refresh would record each one).
    expect(omar.messages.filter((m) => m.type === 'change' && m.action === 'edited')).toEqual([]);
    // When the last writer leaves, the edits are recorded and the event follows the record
    const seen = omar.next((m) => m.type === 'change' && m.action === 'edited').then(() => ({
      records: t.auditRecords().filter((r) => r.action === 'change.edited').length,
    }));
    dana.destroy();
    expect(await seen).toEqual({ records: 1 });
    expect(omar.messages.filter((m) => m.type === 'change' && m.action === 'edited')).toEqual([{ type: 'change', id: change, action: 'edited', state: 'draft', title: 'live life', author: 'dana', by: 'dana' }]);
    // And the diff the review page asks for holds the live text
    const diff = await t.api<{ path: string; after: string }[]>(`/api/changes/${change}/diff`, { as: 'omar' });
    expect(diff.body.find((d) => d.path === FLOW)?.after.startsWith('# b\n# a\n')).toBe(true);
  });

  it('a REST edit of a live file whose storage cannot append fails before anything is recorded', async () => {
    // Given the live documents' log writes fail on demand (a disk error)
    const failing = { on: false };
    const liveFs: LogFileSystem = {
      async open(path) {
        const handle = await open(path, 'r+');
        return {
          write: async (data, position) => {
            if (failing.on) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
            await handle.write(data, 0, data.length, position);
          },
          sync: () => handle.sync(),
          truncate: (length) => handle.truncate(length),
          close: () => handle.close(),
        };
      },
    };
    await start({ collab: { materialiseDelayMs: 100 }, liveFs });
    const dana = await connect('dana', fileRoom(change, FLOW));
    dana.text.insert(0, '# live\n');
    await eventually(() => dana.persisted > 0, () => 'not persisted');
    const live = dana.text.toString();
    // When an API client writes the file while its live document cannot store anything
    failing.on = true;
    const rewritten = live.replace('# live\n', '# by the API\n');
    const put = await t.api(`/api/changes/${change}/files`, { method: 'PUT', json: { path: FLOW, content: rewritten } });
    // Then the edit fails and nothing claims it: no record with its hash, the change's file and the live text without it
    expect(put.status).toBe(500);
    const records = t.auditRecords();
    expect(records.filter((r) => r.action === 'change.edited' && r.files?.some((f) => f.after === sha256(rewritten)))).toEqual([]);
    expect(storedFile()).toBe(live);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(dana.text.toString()).toBe(live);
    // A file without a live document is still edited normally
    expect((await t.api(`/api/changes/${change}/files`, { method: 'PUT', json: { path: 'flows/new.flow.yaml', content: 'kind: flow\n' } })).status).toBe(200);
  });

  it('a withdrawn change closes its connections (4404, why), removes its live storage and is never opened live again', async () => {
    await start({ collab: { materialiseDelayMs: 5000 } });
    const [dana, index] = [await connect('dana', fileRoom(change, FLOW)), await connect('omar', `${change}/index`)];
    dana.text.insert(0, '# before withdrawing\n');
    await eventually(() => dana.persisted > 0, () => 'not persisted');
    expect(existsSync(liveDir())).toBe(true);
    expect((await act('withdraw', 'dana', 'designer')).body.state).toBe('withdrawn');
    // The response comes once the folder is gone; the edit was written and recorded before the withdrawal
    expect(existsSync(liveDir())).toBe(false);
    expect(storedFile().startsWith('# before withdrawing\n')).toBe(true);
    const records = t.auditRecords();
    expect(indexOf(records, 'change.edited')).toBeGreaterThan(-1);
    expect(indexOf(records, 'change.edited')).toBeLessThan(indexOf(records, 'change.withdrawn'));
    for (const client of [dana, index]) {
      await eventually(() => client.closes.some((c) => c.code === 4404), () => JSON.stringify(client.closes));
      expect(client.closes.find((c) => c.code === 4404)?.reason).toBe(`${change} was withdrawn`);
    }
    const cookie = (await t.signIn('dana')).cookie;
    expect(await upgradeStatus(new URL(`/api/collab/${fileRoom(change, FLOW)}`, t.url.replace('http:', 'ws:')).href, { cookie })).toBe(404);
    expect(existsSync(liveDir())).toBe(false);
  });

  it('a published change removes its live storage; a rejected one keeps it and stays readable live', async () => {
    await start({ collab: { materialiseDelayMs: 5000 } });
    const dana = await connect('dana', fileRoom(change, FLOW));
    dana.text.insert(0, '# published live\n');
    await eventually(() => dana.persisted > 0, () => 'not persisted');
    expect((await act('submit', 'dana', 'designer')).body.state).toBe('in_review');
    const run = await t.api<{ id: string }>(`/api/changes/${change}/simulations`, { method: 'POST', json: RUN, as: 'omar' });
    expect(run.status).toBe(202);
    const until = performance.now() + 60_000;
    while ((await t.api<{ evidence: unknown }>(`/api/changes/${change}`, { as: 'omar' })).body.evidence === null) {
      if (performance.now() > until) throw new Error('no evidence within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await act('approve', 'omar', 'ops_manager', 'fine')).body.state).toBe('approved');
    expect(existsSync(liveDir())).toBe(true);
    expect((await act('publish', 'omar', 'ops_manager')).body.state).toBe('published');
    expect(existsSync(liveDir())).toBe(false);
    expect(readFileSync(join(t.root, FLOW), 'utf8').startsWith('# published live\n')).toBe(true);
    await eventually(() => dana.closes.some((c) => c.code === 4404 && c.reason === `${change} was published`), () => JSON.stringify(dana.closes));

    // A rejected change keeps its live documents, and a reader sees its text live
    const rejected = (await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'to be rejected' } })).body.id;
    const other = await connect('dana', fileRoom(rejected, FLOW));
    other.text.insert(0, '# rejected live\n');
    await eventually(() => other.persisted > 0, () => 'not persisted');
    expect((await t.api(`/api/changes/${rejected}/actions`, { method: 'POST', json: { action: 'submit', asRole: 'designer' } })).status).toBe(200);
    expect((await t.api<{ state: string }>(`/api/changes/${rejected}/actions`, { method: 'POST', json: { action: 'reject', asRole: 'ops_manager', rationale: 'not now' }, as: 'omar' })).body.state).toBe('rejected');
    expect(existsSync(join(t.root, '.colloquy', 'changes', rejected, 'live'))).toBe(true);
    expect(other.closes.filter((c) => c.code === 4404)).toEqual([]);
    const reader = await connect('vic', fileRoom(rejected, FLOW));
    expect(reader.text.toString().startsWith('# rejected live\n')).toBe(true);
    expect(reader.access.at(-1)?.writable).toBe(false);
  });
});
