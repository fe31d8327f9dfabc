/**
 * The audit routes on a real server: the timeline's filters and paging, who
 * may read and export (every refusal in the log), the raw log verifying with
 * governance's verifyLog (and failing, naming the record, after one byte is
 * changed), and export: a bundle verifyBundle accepts, recorded as
 * audit.exported before the answer; refused over a log that does not verify.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pureSha256, TreeHasher, verifyBundle, verifyLog, type AuditRecord, type Checkpoint } from '@colloquy/governance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/testServer.ts';

interface Page {
  records: AuditRecord[];
  matched: number;
  size: number;
  next: number | null;
  unreadable: number[];
}
interface RawLog {
  origin: string;
  log: string;
  checkpoints: Checkpoint[];
}

const LOG_PATH = (t: TestServer) => join(t.root, '.colloquy', 'audit', 'log.jsonl');

describe('the audit log over HTTP (real server)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    for (const title of ['first change', 'second change', 'third change']) {
      const created = await t.api('/api/changes', { method: 'POST', json: { title } });
      expect(created.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const records = (query: string, as = 'rita') => t.api<Page>(`/api/audit/records${query}`, { as });

  it('filters by action, actor and change request, newest first', async () => {
    const created = await records('?action=change.created');
    expect(created.status).toBe(200);
    expect(created.body.records.map((r) => r.change)).toEqual(['CR-3', 'CR-2', 'CR-1']);
    expect(created.body.matched).toBe(3);
    expect(created.body.next).toBeNull();
    expect(created.body.unreadable).toEqual([]);

    const dana = await records('?actor=dana');
    expect(dana.body.records.length).toBeGreaterThanOrEqual(4); // her sign-in and three changes
    expect(dana.body.records.every((r) => r.actor.account === 'dana')).toBe(true);
    const logins = await records('?actor=dana&action=auth.login');
    expect(logins.body.records.map((r) => r.action)).toEqual(['auth.login']);

    const cr2 = await records('?change=CR-2');
    expect(cr2.body.records.map((r) => [r.action, r.change])).toEqual([['change.created', 'CR-2']]);
    expect((await records('?change=CR-42')).body).toMatchObject({ records: [], matched: 0, next: null });

    // `-`: records no account made (here a request without a session, refused).
    expect((await t.api('/api/workspace', { as: null })).status).toBe(401);
    const nobody = await records('?actor=-');
    expect(nobody.body.records.length).toBeGreaterThan(0);
    expect(nobody.body.records.every((r) => r.actor.account === null)).toBe(true);
    expect(nobody.body.records[0]).toMatchObject({ action: 'auth.denied', details: { path: '/api/workspace', reason: 'no session' } });
  });

  it('filters by time: from inclusive, to exclusive, a date alone is midnight UTC', async () => {
    const all = (await records('?limit=500')).body;
    const middle = all.records.find((r) => r.action === 'change.created' && r.change === 'CR-2')!;
    const from = await records(`?action=change.created&from=${encodeURIComponent(middle.time)}`);
    expect(from.body.records.map((r) => r.change)).toEqual(expect.arrayContaining(['CR-3', 'CR-2']));
    expect(from.body.records.every((r) => Date.parse(r.time) >= Date.parse(middle.time))).toBe(true);
    const to = await records(`?action=change.created&to=${encodeURIComponent(middle.time)}`);
    expect(to.body.records.every((r) => Date.parse(r.time) < Date.parse(middle.time))).toBe(true);
    expect(from.body.matched + to.body.matched).toBe(3);
    expect((await records('?to=2000-01-01')).body.matched).toBe(0);
    expect((await records('?from=2000-01-01')).body.matched).toBe(all.matched);
    expect((await records('?from=2999-01-01T00:00:00Z')).body.matched).toBe(0);
  });

  it('pages with the `after` cursor: every record once, in order, and a page stays put while records arrive', async () => {
    const whole = (await records('?limit=500')).body;
    expect(whole.records.map((r) => r.seq)).toEqual([...whole.records.map((r) => r.seq)].sort((a, b) => b - a));
    const seen: number[] = [];
    let query = '?limit=2';
    let first: Page | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = (await records(query)).body;
      first ??= page;
      expect(page.records.length).toBeLessThanOrEqual(2);
      seen.push(...page.records.map((r) => r.seq));
      if (page.next === null) break;
      query = `?limit=2&after=${page.next}`;
    }
    // Each page request is itself no record, so the log only grew by refusals (none here): all seen once, newest first.
    expect(seen).toEqual(whole.records.map((r) => r.seq));
    // A new record on top does not move the second page.
    const second = (await records(`?limit=2&after=${first!.next}`)).body;
    await t.api('/api/changes', { method: 'POST', json: { title: 'one more' } });
    expect((await records(`?limit=2&after=${first!.next}`)).body.records).toEqual(second.records);
  });

  it('refuses bad queries with a sentence, and answers nothing else', async () => {
    for (const query of ['?limit=0', '?limit=501', '?limit=ten', '?after=-1', '?action=change.nonsense', '?change=../../etc', '?from=yesterday', '?from=2026-13-45', '?color=red']) {
      const response = await records(query);
      expect(response.status, query).toBe(400);
      expect(response.body, query).toEqual({ error: expect.any(String) });
    }
    expect((await records('?from=2026-13-45')).body).toMatchObject({ error: expect.stringMatching(/`from` is not a time/) });
  });

  it('lets operations managers and responsible-AI leads read; refuses designers, viewers and admins, each refusal recorded', async () => {
    for (const as of ['omar', 'rita']) {
      expect((await records('?limit=1', as)).status).toBe(200);
      expect((await t.api('/api/audit/log', { as })).status).toBe(200);
    }
    for (const [as, role] of [['dana', 'designer'], ['vic', 'viewer'], ['ada', 'admin']] as const) {
      for (const [method, path, json] of [
        ['GET', '/api/audit/records', undefined],
        ['GET', '/api/audit/log', undefined],
        ['POST', '/api/audit/export', { change: 'CR-1' }],
      ] as const) {
        const response = await t.api(path, { method, as, ...(json ? { json } : {}) });
        expect(response.status, `${method} ${path} as ${as}`).toBe(403);
        expect(response.body.error).toMatch(new RegExp(`^Your role \\(${role}\\) may not `));
        const denial = t.auditRecords().filter((r) => r.action === 'auth.denied').at(-1)!;
        expect(denial).toMatchObject({ actor: { account: as, role: null }, details: { method, path, reason: 'role' } });
      }
    }
    // An operations manager reads but does not export.
    const omar = await t.api('/api/audit/export', { method: 'POST', as: 'omar', json: { change: 'CR-1' } });
    expect(omar.status).toBe(403);
    expect(t.auditRecords().at(-1)).toMatchObject({ action: 'auth.denied', actor: { account: 'omar' }, details: { permission: 'audit.export' } });
    // Without a session: 401, recorded.
    expect((await t.api('/api/audit/log', { as: null })).status).toBe(401);
    expect(t.auditRecords().at(-1)).toMatchObject({ action: 'auth.denied', details: { reason: 'no session', path: '/api/audit/log' } });
  });

  it('exports a bundle verifyBundle accepts, recorded as audit.exported (with its SHA-256) before the answer', async () => {
    const response = await t.fetch('/api/audit/export', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ change: 'CR-2' }) }, 'rita');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="CR-2.bundle.json"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(response.headers.get('x-colloquy-bundle-sha256')).toBe(sha256);

    const exported = t.auditRecords().filter((r) => r.action === 'audit.exported');
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ actor: { account: 'rita', role: 'rai_lead' }, change: 'CR-2', details: { via: 'studio', bundleSha256: sha256, records: 1 } });
    expect(response.headers.get('x-colloquy-audit-record')).toBe(String(exported[0]!.seq));

    const bundle = JSON.parse(new TextDecoder().decode(bytes)) as { change: string; records: { line: string }[] };
    const verification = verifyBundle(bundle);
    expect(verification.problems).toEqual([]);
    expect(verification.ok).toBe(true);
    expect(bundle.change).toBe('CR-2');
    expect(bundle.records.map((r) => (JSON.parse(r.line) as AuditRecord).action)).toEqual(['change.created']);
    // One byte of a record changed: refused.
    const tampered = JSON.parse(new TextDecoder().decode(bytes)) as typeof bundle;
    tampered.records[0]!.line = tampered.records[0]!.line.replace('second change', 'secund change');
    expect(verifyBundle(tampered).ok).toBe(false);

    const missing = await t.api('/api/audit/export', { method: 'POST', as: 'rita', json: { change: 'CR-99' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatch(/CR-99 cannot be exported: the audit log holds no record of CR-99/);
    expect((await t.api('/api/audit/export', { method: 'POST', as: 'rita', json: { change: 'CR-1', extra: 1 } })).status).toBe(400);
  });

  it('serves the log’s own bytes and checkpoints: verifyLog accepts them, and names the record after one byte is changed', async () => {
    const response = await t.api<RawLog>('/api/audit/log', { as: 'omar' });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(Buffer.from(response.body.log, 'base64'));
    const onDisk = readFileSync(LOG_PATH(t));
    expect(Buffer.from(bytes).equals(onDisk.subarray(0, bytes.length))).toBe(true);
    expect(response.body.checkpoints.length).toBeGreaterThan(0); // the export signed one
    expect(response.body.checkpoints.every((c) => c.origin === response.body.origin)).toBe(true);

    const hasher = new TreeHasher(pureSha256);
    const verification = verifyLog(bytes, response.body.checkpoints, { hasher });
    expect(verification.problems).toEqual([]);
    expect(verification).toMatchObject({ ok: true, tornTail: 0, keySource: 'log' });
    expect(verification.records).toBe(bytes.filter((b) => b === 0x0a).length);

    // The second record's text changed by one byte: the third names it.
    const secondLineStart = bytes.indexOf(0x0a) + 1;
    const tampered = bytes.slice();
    const at = tampered.indexOf('"'.charCodeAt(0), secondLineStart + 2);
    tampered[at + 1] = tampered[at + 1]! ^ 0x01;
    const bad = verifyLog(tampered, response.body.checkpoints, { hasher });
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p) => p.record)).toContain(1);
  });
});

describe('export over a log that does not verify', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    expect((await t.api('/api/changes', { method: 'POST', json: { title: 'to export' } })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('is refused (409) naming the record, and nothing is exported or recorded as exported', async () => {
    const path = LOG_PATH(t);
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    lines[0] = lines[0]!.replace('"time":"20', '"time":"21'); // record 0 dated a century later
    writeFileSync(path, lines.join('\n'));
    const response = await t.api<{ error: string; problems: { record?: number }[] }>('/api/audit/export', { method: 'POST', as: 'rita', json: { change: 'CR-1' } });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatch(/^Nothing exported: the audit log does not verify .*record 0/);
    expect(response.body.problems.map((p) => p.record)).toContain(0);
    expect(t.auditRecords().some((r) => r.action === 'audit.exported')).toBe(false);
  });
});
