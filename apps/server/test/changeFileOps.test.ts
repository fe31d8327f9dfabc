/**
 * File operations in a change request over HTTP (notes/fileops-contract.md),
 * on a real server with real files and a real audit log: a create-only write
 * never overwrites, and a rename is one edit (decided, recorded once naming
 * both files, announced) with the errors a client relies on.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '@colloquy/governance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/testServer.ts';
import { connectEvents, type EventClient } from './support/wsClient.ts';

const FLOW = 'flows/opening_hours.flow.yaml';
const RENAMED = 'flows/hours.flow.yaml';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('file operations in a change request (real server, real files)', { timeout: 20_000 }, () => {
  let t: TestServer;
  let change: string;
  const events: EventClient[] = [];
  beforeEach(async () => {
    t = await startTestServer();
    change = (await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'file operations' } })).body.id;
  });
  afterEach(async () => {
    await Promise.all(events.splice(0).map((e) => e.close()));
    await t.close();
  });

  const put = (path: string, content: string, extra: Record<string, unknown> = {}, as = 'dana') =>
    t.api<{ error?: string; version?: string }>(`/api/changes/${change}/files`, { method: 'PUT', json: { path, content, ...extra }, as });
  const read = async (path: string) => (await t.api<{ content: string | null }>(`/api/changes/${change}/files?path=${encodeURIComponent(path)}`)).body.content;
  const rename = (from: unknown, to: unknown, as = 'dana') =>
    t.api<{ id?: string; state?: string; from?: string; to?: string; version?: string; error?: string }>(`/api/changes/${change}/rename`, { method: 'POST', json: { from, to }, as });
  const edited = () => t.auditRecords().filter((r) => r.action === 'change.edited');

  it('create: true writes only a file the change does not have (409 otherwise, nothing recorded); a deleted file counts as absent', async () => {
    const published = readFileSync(join(t.root, FLOW), 'utf8');
    // A published file is in the change's view: not created again over it
    const clash = await put(FLOW, 'kind: flow\n', { create: true });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toBe(`\`${FLOW}\` already exists in ${change}.`);
    expect(await read(FLOW)).toBe(published);
    expect(edited()).toEqual([]);

    // A new file is created once; the second create of the same name is refused, the first one's content kept
    expect((await put('flows/new.flow.yaml', 'kind: flow\n# first\n', { create: true })).status).toBe(200);
    const second = await put('flows/new.flow.yaml', 'kind: flow\n# second\n', { create: true });
    expect(second.status).toBe(409);
    expect(await read('flows/new.flow.yaml')).toBe('kind: flow\n# first\n');
    expect(edited()).toHaveLength(1);

    // Without `create` it is the ordinary write (overwrites)
    expect((await put('flows/new.flow.yaml', 'kind: flow\n# second\n')).status).toBe(200);
    // Deleted in the change: absent, so it can be created again
    expect((await t.api(`/api/changes/${change}/files?path=${encodeURIComponent(FLOW)}`, { method: 'DELETE' })).status).toBe(200);
    expect((await put(FLOW, 'kind: flow\n# again\n', { create: true })).status).toBe(200);
    expect(await read(FLOW)).toBe('kind: flow\n# again\n');
    // `create` must be a boolean
    expect((await put('flows/other.flow.yaml', 'kind: flow\n', { create: 'yes' })).status).toBe(400);
  });

  it('renames as one edit: the change loses `from` and gains `to` with its content, one change.edited record names both, one change event', async () => {
    const omar = await connectEvents(t.url, { cookie: (await t.signIn('omar')).cookie });
    events.push(omar);
    await omar.next((m) => m.type === 'hello');
    // Given the change edited the file first (its content in the change differs from the published one)
    const content = `${readFileSync(join(t.root, FLOW), 'utf8')}# edited before the rename\n`;
    expect((await put(FLOW, content)).status).toBe(200);
    const before = t.auditRecords().length;

    // When dana renames it
    const renamed = await rename(FLOW, RENAMED);

    // Then the answer names both and the content's version
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: change, state: 'draft', from: FLOW, to: RENAMED, version: sha256(content) });
    expect(await read(FLOW)).toBeNull();
    expect(await read(RENAMED)).toBe(content);
    // The published workspace is untouched; the change's files hold the new name only
    expect(existsSync(join(t.root, FLOW))).toBe(true);
    const files = join(t.root, '.colloquy', 'changes', change, 'files');
    expect(existsSync(join(files, FLOW))).toBe(false);
    expect(readFileSync(join(files, RENAMED), 'utf8')).toBe(content);
    const diff = await t.api<{ path: string; status: string }[]>(`/api/changes/${change}/diff`);
    expect(diff.body.map(({ path, status }) => ({ path, status }))).toEqual([
      { path: RENAMED, status: 'added' },
      { path: FLOW, status: 'deleted' },
    ]);
    // One record, naming both files, before → after
    const records: AuditRecord[] = t.auditRecords().slice(before);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'change.edited',
      actor: { account: 'dana', role: 'designer' },
      change,
      files: [
        { path: FLOW, before: sha256(content), after: null },
        { path: RENAMED, before: null, after: sha256(content) },
      ],
      details: { state: 'draft', renamed: { from: FLOW, to: RENAMED } },
    });
    // And the events socket announced it as an edit, as a write is
    const event = await omar.next((m) => m.type === 'change' && m.action === 'edited');
    expect(event).toEqual({ type: 'change', id: change, action: 'edited', state: 'draft', title: 'file operations', author: 'dana', by: 'dana' });

    // Renaming back is a rename like any other
    expect((await rename(RENAMED, FLOW)).status).toBe(200);
    expect(await read(FLOW)).toBe(content);
    expect(await read(RENAMED)).toBeNull();
  });

  it('refuses a rename with the status a client relies on: 404 no such file, 409 name taken, 400 bad path or same name, 403 a viewer, 409 a change that can no longer be edited', async () => {
    const start = t.auditRecords().length;
    const missing = await rename('flows/none.flow.yaml', RENAMED);
    expect(missing).toMatchObject({ status: 404, body: { error: `There is no file \`flows/none.flow.yaml\` in ${change} to rename.` } });
    const taken = await rename(FLOW, 'agent.yaml');
    expect(taken).toMatchObject({ status: 409, body: { error: `\`agent.yaml\` already exists in ${change}.` } });
    expect((await rename(FLOW, '../outside.yaml')).status).toBe(400);
    expect((await rename(FLOW, 'flows/notes.txt')).body.error).toMatch(/^Cannot use that path/);
    expect((await rename(FLOW, FLOW)).body).toEqual({ error: `\`${FLOW}\` already has that name.` });
    expect((await t.api(`/api/changes/${change}/rename`, { method: 'POST', json: { from: FLOW } })).status).toBe(400);
    expect((await t.api(`/api/changes/CR-999/rename`, { method: 'POST', json: { from: FLOW, to: RENAMED } })).status).toBe(404);
    // Nothing happened, and none of these is an edit on record
    expect(t.auditRecords().slice(start).filter((r) => r.action === 'change.edited')).toEqual([]);
    expect(await read(FLOW)).not.toBeNull();

    // A viewer may not (refused before the change is looked at, and recorded)
    const viewer = await rename(FLOW, RENAMED, 'vic');
    expect(viewer.status).toBe(403);
    expect(t.auditRecords().at(-1)).toMatchObject({ action: 'auth.denied', actor: { account: 'vic' } });

    // A withdrawn change is edited by nobody: refused as governance refuses an edit, and recorded
    expect((await t.api(`/api/changes/${change}/actions`, { method: 'POST', json: { action: 'withdraw', asRole: 'designer' } })).status).toBe(200);
    const late = await rename(FLOW, RENAMED);
    expect(late.status).toBe(409);
    expect(t.auditRecords().at(-1)).toMatchObject({ action: 'change.refused', change, details: { action: 'edit', status: 409, from: FLOW, to: RENAMED } });
    expect(await read(RENAMED)).toBeNull();
  });

  it('a change in review may be renamed in as it may be edited (governance lets an edit keep it in review)', async () => {
    expect((await t.api(`/api/changes/${change}/actions`, { method: 'POST', json: { action: 'submit', asRole: 'designer' } })).status).toBe(200);
    const renamed = await rename(FLOW, RENAMED);
    expect(renamed.status).toBe(200);
    expect(renamed.body.state).toBe('in_review');
    expect(edited().at(-1)).toMatchObject({ details: { state: 'in_review', renamed: { from: FLOW, to: RENAMED } } });
  });

  it('renaming a policy file records policy.edited too, as an edit of one does', async () => {
    const policy = 'kind: policy\nversion: 1\nid: reach_human\n';
    expect((await put('flows/policies/reach.policy.yaml', policy, { create: true })).status).toBe(200);
    const start = t.auditRecords().length;
    expect((await rename('flows/policies/reach.policy.yaml', 'flows/policies/reach_human.policy.yaml')).status).toBe(200);
    const records = t.auditRecords().slice(start);
    expect(records.map((r) => r.action)).toEqual(['change.edited', 'policy.edited']);
    expect(records[1]!.files).toEqual(records[0]!.files);
  });
});
