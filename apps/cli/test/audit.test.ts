import { copyFile, cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ed25519Signer, toHex, type AuditEvidence, type Checkpoint } from '@colloquy/governance';
import { DEFAULT_SIGNING_KEY, FileAuditLog, FileEvidenceStore, loadOrCreateSigningKey, nativeSha256 } from '@colloquy/governance/node';
import { FIXTURES, runCli } from './runCli.ts';

const SIGNER = ed25519Signer(new Uint8Array(32).fill(3));

/** A workspace folder whose .colloquy/audit holds `count` records and one checkpoint. */
async function workspaceWithLog(count: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'colloquy-cli-audit-'));
  let t = Date.UTC(2026, 10, 23, 9);
  const log = await FileAuditLog.open({ dir: join(root, '.colloquy', 'audit'), signer: SIGNER, now: () => new Date((t += 1000)) });
  for (let i = 0; i < count; i++) await log.append({ actor: { account: 'rai', role: 'rai_lead' }, action: 'change.approved', change: `CR-${i}`, rationale: `reviewed ${i}` });
  await log.close();
  return root;
}

describe('colloquy audit', { timeout: 60_000 }, () => {
  it('verify: an intact log exits 0 and says how much it checked', async () => {
    const root = await workspaceWithLog(6);
    const run = await runCli(['audit', 'verify', root]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ .*6 records verify, root [0-9a-f]{64}/);
    expect(run.stdout).toMatch(/key was taken from the log itself/);
  });

  it('verify: one byte changed exits 1 and names the record', async () => {
    const root = await workspaceWithLog(6);
    const path = join(root, '.colloquy', 'audit', 'log.jsonl');
    await writeFile(path, (await readFile(path, 'utf8')).replace('reviewed 3', 'reviewed 8'));
    const run = await runCli(['audit', 'verify', '--log', path]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ .*does not verify/);
    expect(run.stdout).toMatch(/record 3: record 3 was changed after record 4 was written/);
    const json = await runCli(['audit', 'verify', root, '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, records: 6, problems: [{ kind: 'chain', record: 3 }, { kind: 'root', record: 0 }] });
  });

  it('checkpoint, then verify --checkpoint: a log cut short since is caught even with its own checkpoints rewritten', async () => {
    const root = await workspaceWithLog(5);
    const saved = await runCli(['audit', 'checkpoint', root]);
    expect(saved.code).toBe(0);
    const checkpointFile = join(root, 'saved-checkpoint.json');
    await writeFile(checkpointFile, saved.stdout);
    expect(JSON.parse(saved.stdout)).toMatchObject({ size: 5, key: toHex(SIGNER.publicKey) });
    const audit = join(root, '.colloquy', 'audit');
    const lines = (await readFile(join(audit, 'log.jsonl'), 'utf8')).split('\n');
    await writeFile(join(audit, 'log.jsonl'), `${lines.slice(0, 3).join('\n')}\n`);
    await writeFile(join(audit, 'checkpoints.jsonl'), '');
    expect((await runCli(['audit', 'verify', root])).code).toBe(0);
    const run = await runCli(['audit', 'verify', root, '--checkpoint', checkpointFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/saved checkpoint of .* counted 5 records; the log has 3: records 3–4 were removed/);
    const wrongKey = await runCli(['audit', 'verify', root, '--checkpoint', checkpointFile, '--public-key', 'ab'.repeat(32)]);
    expect(wrongKey.stdout).toMatch(/signed by another key/);
  });

  it('usage errors exit 2 with one clear line', async () => {
    const root = await workspaceWithLog(1);
    for (const [args, message] of [
      [['audit'], /say what to do: verify, checkpoint, export or prune/],
      [['audit', 'rewrite', root], /unknown action `rewrite`/],
      [['audit', 'verify', join(root, 'nowhere')], /no audit log at/],
      [['audit', 'verify', root, '--public-key', 'xyz'], /--public-key must be 64 hex digits/],
      [['audit', 'verify', root, '--checkpoint', join(root, 'missing.json')], /cannot read the checkpoint/],
    ] as const) {
      const run = await runCli([...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
  });
});

/**
 * A copy of the mini workspace with a report `colloquy simulate` really wrote,
 * kept in the evidence store (so the simulator's reportHash and governance's
 * check agree), its signing key in the default place, and a log holding
 * records of CR-12 and CR-13 that rest on it. Returns the workspace and a
 * checkpoint saved after the first records, as an auditor keeps one.
 */
async function governedWorkspace(): Promise<{ root: string; key: string; saved: string; reportHash: string }> {
  const root = await mkdtemp(join(tmpdir(), 'colloquy-cli-bundle-'));
  await cp(join(FIXTURES, 'mini'), root, { recursive: true });
  const simulation = await runCli(['simulate', root, '--format', 'json', '--seed', 's1', '--generators', 'noise,blank', '-o', join(root, 'report.json')]);
  expect(simulation.stderr).toBe('');
  const reportText = await readFile(join(root, 'report.json'), 'utf8');
  const report = JSON.parse(reportText) as { reportHash: string; run: { workspaceHash: string; seed: string } };
  expect(await FileEvidenceStore.forWorkspace(root).put(reportText)).toBe(report.reportHash);

  const signer = await loadOrCreateSigningKey(join(root, DEFAULT_SIGNING_KEY));
  let t = Date.UTC(2026, 10, 23, 9);
  const log = await FileAuditLog.open({ dir: join(root, '.colloquy', 'audit'), signer, now: () => new Date((t += 1000)), checkpointDelayMs: 600_000 });
  const evidence: AuditEvidence = { reportHash: report.reportHash, workspaceHash: report.run.workspaceHash, recognizer: 'lexical', model: null, weightsHash: null, seed: report.run.seed, passRates: { scripted: 100 } };
  const dana = { account: 'dana', role: 'designer' };
  const omar = { account: 'omar', role: 'ops_manager' };
  await log.append({ actor: dana, action: 'change.created', change: 'CR-12' });
  await log.append({ actor: dana, action: 'change.created', change: 'CR-13' });
  await log.append({ actor: dana, action: 'simulation.evidence', change: 'CR-12', evidence });
  const saved: Checkpoint = await log.checkpoint();
  await log.append({ actor: dana, action: 'change.submitted', change: 'CR-12' });
  await log.append({ actor: omar, action: 'change.approved', change: 'CR-12', rationale: 'Clearer handover; every scripted test passes.', evidence });
  await log.append({ actor: omar, action: 'change.rejected', change: 'CR-13', rationale: 'No evidence.' });
  await log.close();
  const savedFile = join(root, 'saved-checkpoint.json');
  await writeFile(savedFile, `${JSON.stringify(saved)}\n`);
  return { root, key: toHex(signer.publicKey), saved: savedFile, reportHash: report.reportHash };
}

describe('colloquy audit export and verify --bundle', { timeout: 120_000 }, () => {
  let w: Awaited<ReturnType<typeof governedWorkspace>>;
  let bundleFile: string;
  let elsewhere: string;
  beforeAll(async () => {
    w = await governedWorkspace();
    bundleFile = join(w.root, 'CR-12.bundle.json');
  });

  it('export writes the bundle, records the export in the log with the bundle’s hash, and the log still verifies', async () => {
    const run = await runCli(['audit', 'export', '--change', 'CR-12', w.root, '--since', w.saved, '-o', bundleFile]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ CR-12: 4 records and 1 report exported to .*CR-12\.bundle\.json, proven against the checkpoint of 6 records/);
    expect(run.stdout).toMatch(/with a consistency proof from the checkpoint of 3 records/);
    const bytes = await readFile(bundleFile);
    const hash = toHex(nativeSha256(bytes));
    expect(run.stdout).toContain(`bundle SHA-256 ${hash}, recorded in the audit log as record 6 (audit.exported)`);
    const bundle = JSON.parse(bytes.toString('utf8'));
    expect(bundle.records.map((r: { index: number }) => r.index)).toEqual([0, 2, 3, 4]);
    expect(bundle.reports.map((r: { reportHash: string }) => r.reportHash)).toEqual([w.reportHash]);

    const lines = (await readFile(join(w.root, '.colloquy', 'audit', 'log.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ seq: 6, action: 'audit.exported', change: 'CR-12', details: { bundleSha256: hash, records: 4, reports: 1, checkpointSize: 6, since: 3, via: 'colloquy audit export' } });
    const verify = await runCli(['audit', 'verify', w.root, '--checkpoint', w.saved]);
    expect(verify.stdout).toMatch(/✓ .*7 records verify/);
    expect(verify.code).toBe(0);
  });

  it('verify --bundle on a copy in another folder: exit 0, with what was decided, by whom, on what evidence', async () => {
    elsewhere = await mkdtemp(join(tmpdir(), 'colloquy-auditor-'));
    await copyFile(bundleFile, join(elsewhere, 'bundle.json'));
    await copyFile(w.saved, join(elsewhere, 'checkpoint.json'));
    const run = await runCli(['audit', 'verify', '--bundle', 'bundle.json', '--public-key', w.key], { cwd: elsewhere });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ bundle\.json: CR-12: 4 records and 1 report verify against the checkpoint of 6 records signed \d{4}-\d\d-\d\dT[\d:.]+Z, root [0-9a-f]{64}\n/);
    expect(run.stdout).toContain('the log extends 1 earlier checkpoint');
    expect(run.stdout).toMatch(/#4 {2}2026-11-23T09:00:0\d\.000Z {2}change\.approved {2}omar \(ops_manager\) {2}report [0-9a-f]{12}… {2}“Clearer handover; every scripted test passes\.”/);
    expect(run.stdout).not.toContain('CR-13');
    const withSaved = await runCli(['audit', 'verify', '--bundle', 'bundle.json', '--checkpoint', 'checkpoint.json', '--format', 'json'], { cwd: elsewhere });
    expect(withSaved.code).toBe(0);
    expect(JSON.parse(withSaved.stdout)).toMatchObject({ ok: true, change: 'CR-12', records: 4, reports: 1, keySource: 'saved checkpoint', consistencyChecked: 2, problems: [] });
    // Without a pinned key, it says where the key came from.
    expect((await runCli(['audit', 'verify', '--bundle', 'bundle.json'], { cwd: elsewhere })).stdout).toMatch(/was taken from the bundle itself/);
  });

  it('one byte changed in a record, a report or the JSON: exit 1, the problem named', async () => {
    const original = await readFile(join(elsewhere, 'bundle.json'), 'utf8');
    const cases: [string, string, RegExp][] = [
      ['a record', original.replace('Clearer handover', 'Clearer handoveR'), /record 4 was changed: its bytes are not the ones the signed list names/],
      ['a report', original.replace(/"seed": "s1"/, '"seed": "s2"'), new RegExp(`report ${w.reportHash} was changed: its content hashes to`)],
      ['the JSON', original.slice(0, -3), /the bundle is not JSON/],
    ];
    for (const [what, tampered, problem] of cases) {
      expect(Buffer.byteLength(tampered) - Buffer.byteLength(original), what).toBeLessThanOrEqual(0);
      await writeFile(join(elsewhere, 'tampered.json'), tampered);
      const run = await runCli(['audit', 'verify', '--bundle', 'tampered.json', '--public-key', w.key], { cwd: elsewhere });
      expect(run.code, what).toBe(1);
      expect(run.stdout, what).toMatch(/^✗ tampered\.json: the evidence bundle does not verify/);
      expect(run.stdout, what).toMatch(problem);
    }
    // Another log's key pinned: the bundle is refused.
    const wrongKey = await runCli(['audit', 'verify', '--bundle', 'bundle.json', '--public-key', 'ab'.repeat(32)], { cwd: elsewhere });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toMatch(/is not the trusted one/);
  });

  it('export without -o writes the bundle to standard output, and it verifies', async () => {
    const run = await runCli(['audit', 'export', '--change', 'CR-13'], { cwd: w.root });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^✓ CR-13: 2 records and 0 reports exported, proven against the checkpoint of 7 records/);
    await writeFile(join(elsewhere, 'cr13.json'), run.stdout);
    const verify = await runCli(['audit', 'verify', '--bundle', 'cr13.json', '--public-key', w.key], { cwd: elsewhere });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('CR-13: 2 records and 0 reports verify');
  });

  it('export refuses a log that does not verify, another key, a log held open by another process, and bad usage', async () => {
    const fresh = await governedWorkspace();
    // Held open by this (live) process, as a running server holds it.
    const held = await FileAuditLog.open({ dir: join(fresh.root, '.colloquy', 'audit'), signer: await loadOrCreateSigningKey(join(fresh.root, DEFAULT_SIGNING_KEY)) });
    const busy = await runCli(['audit', 'export', '--change', 'CR-12', fresh.root]);
    await held.close();
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`is open for writing by process ${process.pid}`);

    const otherKey = join(fresh.root, 'other.key');
    await writeFile(otherKey, `${'11'.repeat(32)}\n`);
    for (const [args, message] of [
      [['audit', 'export', fresh.root], /say which change request: --change CR-12/],
      [['audit', 'export', '--change', 'CR-99', fresh.root], /no record of CR-99/],
      [['audit', 'export', '--change', 'CR-12', fresh.root, '--audit-key', join(fresh.root, 'nowhere.key')], /no signing key at .*nowhere\.key/],
      [['audit', 'export', '--change', 'CR-12', fresh.root, '--audit-key', otherKey], /is not the one this log's checkpoints are signed with/],
      [['audit', 'export', '--change', 'CR-12', fresh.root, '--checkpoint', fresh.saved], /--checkpoint is for audit verify/],
      [['audit', 'verify', '--bundle', 'x.json', fresh.root], /give either --bundle or a log/],
      [['audit', 'verify', fresh.root, '--change', 'CR-12'], /--change is for audit export/],
      [['audit', 'verify', '--bundle', join(fresh.root, 'missing.json')], /cannot read the bundle/],
    ] as const) {
      const run = await runCli([...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }

    // A record edited in the log: nothing is signed over it.
    const logPath = join(fresh.root, '.colloquy', 'audit', 'log.jsonl');
    const before = await readFile(logPath, 'utf8');
    const edited = before.replace('every scripted test passes', 'every scripted test passed');
    await writeFile(logPath, edited);
    const tampered = await runCli(['audit', 'export', '--change', 'CR-12', fresh.root, '-o', join(fresh.root, 'b.json')]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/✗ not exported: the audit log in .* does not verify/);
    expect(tampered.stderr).toMatch(/record 4: record 4 was changed after record 5 was written/);
    expect(await readFile(join(fresh.root, 'b.json')).catch(() => undefined)).toBeUndefined();
    expect(await readFile(logPath, 'utf8')).toBe(edited);
  });
});
