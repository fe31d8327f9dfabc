import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ed25519Signer, toHex } from '@colloquy/governance';
import { FileAuditLog } from '@colloquy/governance/node';
import { runCli } from './runCli.ts';

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
      [['audit'], /say what to do: verify or checkpoint/],
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
