/**
 * The Audit view's model in Node, on a real audit log (governance's
 * FileAuditLog in a temporary folder): the filter form to the server's query,
 * rows and details (the leaf hash shown is the tree's), verification in the
 * "browser" (pure SHA-256) accepting the log and naming the record after one
 * byte is changed, a wrong trusted key, and the API client reading the
 * server's answers (the log's bytes through base64, refusals as sentences).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519Signer, newSecretKey, pureSha256, toHex, TreeHasher, verifyLog, type AuditRecord, type Checkpoint } from '@colloquy/governance';
import { FileAuditLog } from '@colloquy/governance/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditApi, EMPTY_FILTER, filterQuery, recordDetails, recordRow, verifyFetchedLog, type RawAuditLog } from '../../../src/features/audit/headless.ts';

const HASH = (c: string) => c.repeat(64);

describe('the audit view model on a real log', () => {
  let dir: string;
  let raw: RawAuditLog;
  let records: AuditRecord[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'colloquy-studio-audit-'));
    let clock = Date.parse('2026-11-23T10:00:00.000Z');
    const log = await FileAuditLog.open({ dir, signer: ed25519Signer(newSecretKey()), now: () => new Date((clock += 60_000)) });
    records = [
      await log.append({ actor: { account: 'dana', role: null }, action: 'auth.login' }),
      await log.append({ actor: { account: null, role: null }, action: 'auth.login_failed', details: { account: 'mallory', reason: 'wrong password' } }),
      await log.append({ actor: { account: 'dana', role: 'designer' }, action: 'change.created', change: 'CR-1', details: { title: 'Card lost: ask twice' } }),
      await log.append({ actor: { account: 'dana', role: 'designer' }, action: 'change.edited', change: 'CR-1', files: [{ path: 'flows/card_lost.flow.yaml', before: HASH('a'), after: HASH('b') }, { path: 'flows/new.flow.yaml', before: null, after: HASH('c') }] }),
    ];
    await log.checkpoint();
    records.push(
      await log.append({
        actor: { account: 'omar', role: 'ops_manager' },
        action: 'change.approved',
        change: 'CR-1',
        rationale: 'Scripted tests pass; the new wording is clearer.',
        evidence: { reportHash: HASH('d'), workspaceHash: HASH('e'), recognizer: 'lexical', model: null, weightsHash: null, seed: 'colloquy', passRates: { scripted: 100, generated: 91.5 } },
      }),
      await log.append({ actor: { account: 'vic', role: null }, action: 'auth.denied', details: { method: 'GET', path: '/api/audit/log', reason: 'role', status: 403 } }),
    );
    await log.close(); // signs a last checkpoint
    const { readFile } = await import('node:fs/promises');
    const checkpoints = (await readFile(join(dir, 'checkpoints.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Checkpoint);
    raw = { origin: checkpoints[0]!.origin, bytes: new Uint8Array(await readFile(join(dir, 'log.jsonl'))), checkpoints };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('turns the filter form into the server’s query, and says which field is wrong', () => {
    expect(filterQuery(EMPTY_FILTER)).toEqual({ query: '?limit=50' });
    expect(filterQuery({ ...EMPTY_FILTER, actor: ' rita ', action: 'change.approved', change: 'cr-12' }, { limit: 10, after: 40 })).toEqual({
      query: '?actor=rita&action=change.approved&change=CR-12&limit=10&after=40',
    });
    const ranged = filterQuery({ ...EMPTY_FILTER, from: '2026-11-23T10:00:00Z', to: '2026-11-24' });
    expect(ranged).toEqual({ query: `?from=${encodeURIComponent('2026-11-23T10:00:00.000Z')}&to=${encodeURIComponent('2026-11-24T00:00:00.000Z')}&limit=50` });
    expect(filterQuery({ ...EMPTY_FILTER, change: 'twelve' })).toEqual({ error: expect.stringMatching(/not a change request: they are named like CR-12/) });
    expect(filterQuery({ ...EMPTY_FILTER, from: 'yesterday' })).toEqual({ error: expect.stringMatching(/“yesterday” is not a time \(from\)/) });
    expect(filterQuery({ ...EMPTY_FILTER, from: '2026-11-24', to: '2026-11-23' })).toEqual({ error: expect.stringMatching(/ends before it starts/) });
  });

  it('shows who acted in which role, and a line saying what happened', () => {
    expect(records.map(recordRow).map((r) => [r.action, r.who, r.change, r.summary])).toEqual([
      ['auth.login', 'dana', undefined, ''],
      ['auth.login_failed', 'nobody signed in (tried mallory)', undefined, 'wrong password'],
      ['change.created', 'dana (designer)', 'CR-1', 'Card lost: ask twice'],
      ['change.edited', 'dana (designer)', 'CR-1', 'flows/card_lost.flow.yaml, flows/new.flow.yaml'],
      ['change.approved', 'omar (ops_manager)', 'CR-1', 'Scripted tests pass; the new wording is clearer.'],
      ['auth.denied', 'vic', undefined, '403 GET /api/audit/log (role)'],
    ]);
  });

  it('expands a record to its hashes (the leaf hash is the tree’s), files, evidence and details', () => {
    const tree = verifyLog(raw.bytes, raw.checkpoints, { hasher: new TreeHasher(pureSha256) }).tree;
    records.forEach((record, i) => {
      const hashes = recordDetails(record).hashes;
      expect(hashes).toEqual([
        { label: 'Record', value: String(i) },
        { label: 'Leaf hash', value: toHex(tree.leafHash(i)) },
        { label: 'Previous leaf', value: i === 0 ? '0'.repeat(64) : toHex(tree.leafHash(i - 1)) },
      ]);
    });
    expect(recordDetails(records[3]!).files).toEqual([
      { path: 'flows/card_lost.flow.yaml', before: HASH('a'), after: HASH('b') },
      { path: 'flows/new.flow.yaml', before: '(none: created)', after: HASH('c') },
    ]);
    const approved = recordDetails(records[4]!);
    expect(approved.rationale).toBe('Scripted tests pass; the new wording is clearer.');
    expect(approved.evidence).toContainEqual({ label: 'Report', value: HASH('d') });
    expect(approved.evidence).toContainEqual({ label: 'Pass rate, generated', value: '91.5%' });
    expect(approved.evidence).toContainEqual({ label: 'Model', value: '(none)' });
    expect(recordDetails(records[5]!).details).toEqual([
      { label: 'method', value: 'GET' },
      { label: 'path', value: '/api/audit/log' },
      { label: 'reason', value: 'role' },
      { label: 'status', value: '403' },
    ]);
  });

  it('verifies the log with pure SHA-256: records, root and checkpoints', () => {
    const summary = verifyFetchedLog(raw);
    expect(summary).toMatchObject({ ok: true, records: 6, checkpointsChecked: 2, keySource: 'log', tornTail: 0, problems: [], latest: { size: 6 } });
    expect(summary.root).toBe(raw.checkpoints.at(-1)!.root);
    expect(summary.key).toBe(raw.checkpoints[0]!.key);
    expect(summary.headline).toBe('The log verifies: 6 records, 2 signed checkpoints checked in this browser.');
    expect(verifyFetchedLog(raw, raw.checkpoints[0]!.key.toUpperCase())).toMatchObject({ ok: true, keySource: 'given' });
  });

  it('names the record after one byte of it is changed, and refuses checkpoints signed by another key', () => {
    const bytes = raw.bytes.slice();
    const at = new TextDecoder().decode(bytes).indexOf('Card lost');
    bytes[at] = 'K'.charCodeAt(0);
    const summary = verifyFetchedLog({ ...raw, bytes });
    expect(summary.ok).toBe(false);
    expect(summary.headline).toMatch(/^The log does not verify: \d+ problems? in 6 records/);
    expect(summary.problems[0]).toMatchObject({ record: 2, kind: 'chain' });
    expect(summary.problems.map((p) => p.record)).toContain(2);

    const otherKey = toHex(ed25519Signer(newSecretKey()).publicKey);
    const wrongKey = verifyFetchedLog(raw, otherKey);
    expect(wrongKey.ok).toBe(false);
    expect(wrongKey.problems.every((p) => p.kind === 'key')).toBe(true);

    const cut = raw.bytes.subarray(0, raw.bytes.lastIndexOf(0x0a, raw.bytes.length - 2) + 1);
    expect(verifyFetchedLog({ ...raw, bytes: cut }).problems).toContainEqual(expect.objectContaining({ kind: 'truncated', record: 5 }));
  });

  it('reads the server’s answers: the log’s exact bytes through base64, and a refusal’s own sentence', async () => {
    const served = { origin: raw.origin, log: Buffer.from(raw.bytes).toString('base64'), checkpoints: raw.checkpoints };
    const asked: string[] = [];
    const api = new AuditApi(async (input) => {
      asked.push(input);
      if (input === '/api/audit/log') return Response.json(served);
      if (input.startsWith('/api/audit/records')) return Response.json({ error: 'Your role (designer) may not read the audit log; that needs ops_manager or rai_lead.' }, { status: 403 });
      return new Response(new Uint8Array([123, 125]), { headers: { 'content-disposition': 'attachment; filename="CR-1.bundle.json"', 'x-colloquy-bundle-sha256': HASH('f') } });
    });
    const log = await api.log();
    expect(log.ok && Buffer.from(log.value.bytes).equals(Buffer.from(raw.bytes))).toBe(true);
    expect(log.ok && log.value.checkpoints).toEqual(raw.checkpoints);
    expect(await api.records('?limit=1')).toEqual({ ok: false, status: 403, error: expect.stringMatching(/^Your role \(designer\) may not/) });
    expect(await api.exportBundle('CR-1')).toEqual({ ok: true, value: { bytes: new Uint8Array([123, 125]), filename: 'CR-1.bundle.json', sha256: HASH('f') } });
    expect(asked).toEqual(['/api/audit/log', '/api/audit/records?limit=1', '/api/audit/export']);
    const unreachable = new AuditApi(async () => {
      throw new TypeError('fetch failed');
    });
    expect(await unreachable.log()).toEqual({ ok: false, status: 0, error: 'The server cannot be reached.' });
  });
});
