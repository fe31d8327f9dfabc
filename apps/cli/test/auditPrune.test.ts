/**
 * `colloquy audit prune` end to end, in the CLI's own process: a workspace
 * whose agent.yaml keeps audit records 12 months, and a real log with ten
 * records from two years ago and ten from today. A dry run says what would
 * move; prune moves exactly the old ones to a sealed archive after
 * recording it; `audit verify` accepts the pruned log alone (saying what was
 * archived), the archive alone and both together, and still names a record
 * changed after pruning. A setting under six months is refused with its
 * position and prunes nothing; without a setting nothing is pruned.
 */
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNING_KEY, FileAuditLog, loadOrCreateSigningKey } from '@colloquy/governance/node';
import { runCli } from './runCli.ts';

const EXAMPLE_AGENT = fileURLToPath(new URL('../../../flows/agent.yaml', import.meta.url));
const DAY = 86_400_000;

/** A workspace with agent.yaml (plus `audit`), and a log: 10 records from about two years ago, 10 from the last hour. */
async function workspace(audit: string): Promise<{ root: string; folder: string }> {
  const root = await mkdtemp(join(tmpdir(), 'colloquy-cli-prune-'));
  await cp(EXAMPLE_AGENT, join(root, 'agent.yaml'));
  if (audit) await writeFile(join(root, 'agent.yaml'), `${await readFile(join(root, 'agent.yaml'), 'utf8')}${audit}`);
  const signer = await loadOrCreateSigningKey(join(root, DEFAULT_SIGNING_KEY));
  const folder = join(root, '.colloquy', 'audit');
  let at = Date.now() - 730 * DAY;
  const log = await FileAuditLog.open({ dir: folder, signer, now: () => new Date(at), checkpointDelayMs: 60_000 });
  for (let i = 0; i < 20; i++) {
    at = i < 10 ? Date.now() - (730 - i) * DAY : Date.now() - (20 - i) * 60_000;
    await log.append({ actor: { account: 'omar', role: 'ops_manager' }, action: 'change.approved', change: `CR-${i}`, rationale: `reviewed ${i}` });
    if (i === 4 || i === 12) await log.checkpoint();
  }
  await log.close();
  return { root, folder };
}

describe('colloquy audit prune', { timeout: 120_000 }, () => {
  it('archives exactly the records older than the retention period; the log, the archive and both together verify; tampering is still named', async () => {
    const { root, folder } = await workspace('audit:\n  retention:\n    months: 12\n');
    const dry = await runCli(['audit', 'prune', root, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Would archive records 0–9 \(10, written before .*, 12 months ago\) and keep 10–19\.\n$/);
    expect(await readdir(folder)).not.toContain('archive');

    const run = await runCli(['audit', 'prune', root]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const archive = join(folder, 'archive', 'records-0-9');
    expect(run.stdout).toContain(`✓ archived records 0–9 (10, written `);
    expect(run.stdout).toContain(`; retention 12 months) to ${archive}`);
    expect(run.stdout).toContain('recorded first as record 20 (audit.pruned); the log keeps records 10–20');

    const alone = await runCli(['audit', 'verify', root]);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/✓ .*: records 10–20 verify, root [0-9a-f]{64}/);
    expect(alone.stdout).toMatch(/records 0–9 were archived to archive\/records-0-9 on .* \(record 20, audit\.pruned, retention 12 months\)/);
    const json = JSON.parse((await runCli(['audit', 'verify', root, '--format', 'json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ ok: true, first: 10, records: 21, pruned: { before: 10, record: 20, archive: 'archive/records-0-9', retention: '12 months' } });

    const archived = await runCli(['audit', 'verify', '--log', archive]);
    expect(archived.code).toBe(0);
    expect(archived.stdout).toMatch(/✓ .*records-0-9: 10 records verify/);
    const together = await runCli(['audit', 'verify', root, '--archive', archive]);
    expect(together.code).toBe(0);
    expect(together.stdout).toMatch(/with 1 archive before it: 21 records verify, root ([0-9a-f]{64})/);
    expect(together.stdout.match(/root ([0-9a-f]{64})/)![1]).toBe(alone.stdout.match(/root ([0-9a-f]{64})/)![1]);

    // Pruning again now finds nothing old enough: nothing recorded.
    expect((await runCli(['audit', 'prune', root])).stdout).toMatch(/^Nothing older than 12 months .*nothing archived, nothing recorded\.\n$/);

    // One byte of a kept record changed: named, alone and together.
    const path = join(folder, 'log.jsonl');
    await writeFile(path, (await readFile(path, 'utf8')).replace('reviewed 13', 'reviewed 31'));
    const tampered = await runCli(['audit', 'verify', root]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/record 13: record 13 was changed after record 14 was written/);
    expect((await runCli(['audit', 'verify', root, '--archive', archive])).code).toBe(1);
    // And an archived record changed: the archive no longer verifies.
    await writeFile(join(archive, 'log.jsonl'), (await readFile(join(archive, 'log.jsonl'), 'utf8')).replace('reviewed 4', 'reviewed 5'));
    expect((await runCli(['audit', 'verify', '--log', archive])).stdout).toMatch(/record 4: record 4 was changed/);
  });

  it('refuses a retention under six months where agent.yaml says it, and prunes nothing', async () => {
    const { root, folder } = await workspace('audit:\n  retention:\n    months: 3\n');
    const before = await readFile(join(folder, 'log.jsonl'), 'utf8');
    const run = await runCli(['audit', 'prune', root]);
    expect(run.code).toBe(2);
    const line = (await readFile(join(root, 'agent.yaml'), 'utf8')).split('\n').length - 1;
    expect(run.stderr).toContain(`agent.yaml's audit.retention is not valid, nothing was pruned:`);
    expect(run.stderr).toContain(`${join(root, 'agent.yaml')}:${line}:13 error CQ114 \`audit.retention.months\` must be at least 6`);
    expect(await readFile(join(folder, 'log.jsonl'), 'utf8')).toBe(before);
  });

  it('keeps everything when agent.yaml sets no retention (the default)', async () => {
    const { root, folder } = await workspace('');
    const before = await readFile(join(folder, 'log.jsonl'), 'utf8');
    const run = await runCli(['audit', 'prune', root]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Nothing to prune: agent.yaml's audit.retention keeps every record (keep: all, the default).\n");
    expect(await readFile(join(folder, 'log.jsonl'), 'utf8')).toBe(before);
  });
});
