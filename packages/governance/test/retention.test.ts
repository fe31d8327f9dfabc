/**
 * Retention: the setting (keep everything by default, never under six
 * months) and pruning a real FileAuditLog whose records were written over
 * two years (a clock handed in): exactly the records older than the cutoff
 * move to a sealed archive after an `audit.pruned` record says so; the
 * pruned log, the archive alone and the two joined all verify, say what
 * they cover, and keep taking records across a reopen; and tampering after
 * pruning is still found: a kept record, the header, the archive, the
 * `audit.pruned` record, a header slipped into a log that was never pruned,
 * and a saved checkpoint from before the pruning.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRetention, joinArchive, retentionCutoff, retentionOf, TreeHasher, verifyLog, type AuditRecord, type Checkpoint } from '../src/index.ts';
import { FileAuditLog, nativeSha256, readCheckpoints } from '../src/node/index.ts';
import { entry, readLog, tempDir, TEST_SIGNER } from './support/auditLogs.ts';

const hasher = new TreeHasher(nativeSha256);
const DAY = 86_400_000;
/** Record n is written on day n * 10 from 1 January 2024: 60 records over about 20 months. */
const START = Date.UTC(2024, 0, 1, 12);
const NOW = new Date(Date.UTC(2025, 8, 1, 12)); // 1 September 2025

/** A clock the test moves: `at` is what the log reads as now. */
function handClock(): { now: () => Date; set(time: number): void } {
  let at = START;
  return { now: () => new Date(at), set: (time) => void (at = time) };
}

async function twoYearLog(count = 60): Promise<{ dir: string; log: FileAuditLog; clock: ReturnType<typeof handClock> }> {
  const dir = await tempDir();
  const clock = handClock();
  const log = await FileAuditLog.open({ dir, signer: TEST_SIGNER, now: clock.now, checkpointDelayMs: 60_000 });
  for (let n = 0; n < count; n++) {
    clock.set(START + n * 10 * DAY);
    await log.append(entry(n));
    if (n % 7 === 6) await log.checkpoint();
  }
  clock.set(NOW.getTime());
  return { dir, log, clock };
}

const verify = async (dir: string, options: { saved?: Checkpoint[] } = {}) => {
  const { bytes, checkpoints } = await readLog(dir);
  return verifyLog(bytes, checkpoints, { hasher, ...options });
};

/** The archive(s) and the log as one, the way `colloquy audit verify --archive` checks them. */
async function verifyTogether(dirs: readonly string[], options: { saved?: Checkpoint[] } = {}) {
  const parts = await Promise.all(dirs.map(readLog));
  const joined = joinArchive(parts.map((p) => p.bytes));
  return verifyLog(joined.log, [...parts.flatMap((p) => p.checkpoints), ...joined.checkpoints], { hasher, ...options });
}

describe('the retention setting', () => {
  it('keeps everything by default and when told to', () => {
    expect(retentionOf(undefined)).toEqual({ keep: 'all' });
    expect(retentionOf({ keep: 'all' })).toEqual({ keep: 'all' });
    expect(retentionCutoff(retentionOf(undefined), NOW)).toBeUndefined();
    expect(describeRetention(retentionOf(undefined))).toBe('keep all');
  });

  it('refuses a period under six months in every unit, naming the floor', () => {
    expect(() => retentionOf({ days: 183 })).toThrow('`audit.retention.days` is 183; audit records must be kept at least six months (184 days), the EU AI Act\'s floor for deployers');
    expect(() => retentionOf({ months: 5 })).toThrow(/at least six months \(6 months\)/);
    expect(() => retentionOf({ years: 0 })).toThrow(/at least six months \(1 years\)/);
    expect(() => retentionOf({ months: 6, days: 10 })).toThrow(/takes one of/);
    expect(() => retentionOf({ keep: 'some' })).toThrow(/can only be `all`/);
    expect(() => retentionOf({ weeks: 40 })).toThrow(/no unit `weeks`/);
    expect(() => retentionOf({ months: 6.5 })).toThrow(/whole number/);
    expect(retentionOf({ days: 184 })).toEqual({ days: 184 });
    expect(retentionOf({ months: 6 })).toEqual({ months: 6 });
  });

  it('counts calendar months and years back in UTC, never short (a day the month lacks is its last)', () => {
    expect(retentionCutoff({ months: 6 }, new Date('2025-08-31T10:00:00Z'))?.toISOString()).toBe('2025-02-28T10:00:00.000Z');
    expect(retentionCutoff({ years: 1 }, new Date('2024-02-29T00:00:00Z'))?.toISOString()).toBe('2023-02-28T00:00:00.000Z');
    expect(retentionCutoff({ months: 18 }, new Date('2025-09-01T12:00:00Z'))?.toISOString()).toBe('2024-03-01T12:00:00.000Z');
    expect(retentionCutoff({ days: 400 }, NOW)?.toISOString()).toBe(new Date(NOW.getTime() - 400 * DAY).toISOString());
    expect(describeRetention({ years: 1 })).toBe('1 year');
    expect(describeRetention({ days: 400 })).toBe('400 days');
  });
});

describe('pruning a real audit log', () => {
  it('moves exactly the records older than the cutoff to a sealed archive, after recording it; everything verifies and says what it covers', async () => {
    const { dir, log, clock } = await twoYearLog();
    const savedBefore = (await readCheckpoints(join(dir, 'checkpoints.jsonl'))).checkpoints.at(-1)!; // 56 records
    const cutoff = retentionCutoff(retentionOf({ months: 12 }), NOW)!; // 1 September 2024: records 0–25 (day 0 to 250) are older
    const expected = Array.from({ length: 60 }, (_, n) => START + n * 10 * DAY).filter((t) => t < cutoff.getTime()).length;
    expect(expected).toBe(25);

    const result = await log.prune({ before: cutoff, retention: '12 months', details: { via: 'test' } });
    expect(result).toMatchObject({ archived: 25, first: 25, archive: join(dir, 'archive', 'records-0-24') });
    expect(result.record).toMatchObject({ seq: 60, action: 'audit.pruned', time: NOW.toISOString() });
    expect(result.record!.details).toMatchObject({ before: 25, from: 0, records: 25, retention: '12 months', archive: 'archive/records-0-24', via: 'test', oldest: new Date(START).toISOString(), newest: new Date(START + 24 * 10 * DAY).toISOString() });
    expect(log.first).toBe(25);
    expect(log.size).toBe(61);

    // The log holds records 25–60 after its header; the archive 0–24, each line as it was.
    const before = (await readLog(result.archive!)).lines;
    expect(before.map((line) => (JSON.parse(line) as AuditRecord).seq)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect((await log.readLines()).map((line) => (JSON.parse(line) as AuditRecord).seq)).toEqual(Array.from({ length: 36 }, (_, i) => 25 + i));
    expect(await log.readLines(0, 27)).toHaveLength(2);

    // The pruned log alone: the kept records against the header and every later checkpoint; what was pruned, when, where to.
    const alone = await verify(dir);
    expect(alone.problems).toEqual([]);
    expect(alone).toMatchObject({ ok: true, first: 25, records: 61, pruned: { before: 25, record: 60, time: NOW.toISOString(), archive: 'archive/records-0-24', retention: '12 months' } });
    // The archive alone: records 0–24 and the checkpoint sealing them.
    const archive = await verify(result.archive!);
    expect(archive.problems).toEqual([]);
    expect(archive).toMatchObject({ ok: true, first: 0, records: 25 });
    expect(archive.pruned).toBeUndefined();
    // Together: one log of 61 records, the same root as the pruned log's.
    const together = await verifyTogether([result.archive!, dir]);
    expect(together.problems).toEqual([]);
    expect(together).toMatchObject({ ok: true, first: 0, records: 61, root: alone.root });

    // A checkpoint saved before the pruning cannot be checked against the log alone (a pruning could hide a rewrite), but can with the archive.
    expect((await verify(dir, { saved: [savedBefore] })).problems).toEqual([]); // 56 records: after the cut, still checked
    const older = (await readCheckpoints(join(dir, 'checkpoints.jsonl'))).checkpoints.find((c) => c.size === 21)!;
    expect((await verify(dir, { saved: [older] })).problems).toEqual([
      { kind: 'pruned', message: `the saved checkpoint of 21 records (${older.time}) is older than this log: records 0–24 were archived on ${NOW.toISOString()}; verify it against the archive and the log together` },
    ]);
    expect((await verifyTogether([result.archive!, dir], { saved: [older, savedBefore] })).ok).toBe(true);

    // The log goes on, across a reopen: proofs of kept records, new records chained to the last.
    clock.set(NOW.getTime() + DAY);
    await log.append(entry(61));
    await log.close();
    const reopened = await FileAuditLog.open({ dir, signer: TEST_SIGNER, now: clock.now, checkpointDelayMs: 60_000 });
    try {
      expect(reopened.problemsAtOpen).toEqual([]);
      expect([reopened.first, reopened.size]).toEqual([25, 62]);
      expect(reopened.inclusionProof(30, 62)).toHaveLength(6);
      expect(() => reopened.inclusionProof(3, 62)).toThrow(/pruned/);
      expect((await reopened.append(entry(62))).seq).toBe(62);
    } finally {
      await reopened.close();
    }
    expect(await verify(dir)).toMatchObject({ ok: true, first: 25, records: 63 });
    expect(await verifyTogether([result.archive!, dir])).toMatchObject({ ok: true, records: 63 });
  });

  it('prunes again later into a second archive that starts where the first ended; all of them verify together', async () => {
    const { dir, log, clock } = await twoYearLog();
    const first = await log.prune({ before: retentionCutoff({ months: 18 }, NOW)!, retention: '18 months' });
    clock.set(NOW.getTime() + 180 * DAY);
    const second = await log.prune({ before: retentionCutoff({ months: 12 }, new Date(NOW.getTime() + 180 * DAY))!, retention: '12 months' });
    await log.close();
    expect([first.archived, first.first, second.first]).toEqual([6, 6, 43]); // record 6 was written at the cutoff itself: not older, kept
    expect(second.archive).toBe(join(dir, 'archive', 'records-6-42'));
    expect(await readdir(join(dir, 'archive'))).toEqual(['records-0-5', 'records-6-42']);
    // The second archive alone: its header stands for the first (the record of that pruning, 60, is in the log after it).
    expect(await verify(second.archive!)).toMatchObject({ ok: true, first: 6, records: 43, pruned: { before: 6 } });
    expect(await verify(dir)).toMatchObject({ ok: true, first: 43, records: 62, pruned: { before: 43, record: 61 } });
    expect((await verifyTogether([first.archive!, second.archive!, dir])).problems).toEqual([]);
    // Without the middle archive, the records are missing where it would be.
    expect((await verifyTogether([first.archive!, dir])).problems[0]).toMatchObject({ kind: 'removed', record: 6 });
  });

  it('archives nothing and records nothing when no record is old enough, and never prunes within six months', async () => {
    const { dir, log } = await twoYearLog(10);
    expect(await log.prune({ before: new Date(START - DAY), retention: '400 days' })).toEqual({ archived: 0, first: 0 });
    expect(log.size).toBe(10);
    await expect(log.prune({ before: new Date(NOW.getTime() - 100 * DAY), retention: '100 days' })).rejects.toThrow(/at least six months/);
    await log.close();
    expect(await readdir(dir)).not.toContain('archive');
    expect((await readLog(dir)).lines).toHaveLength(10);
  });

  describe('tampering after pruning is still found', () => {
    async function pruned() {
      const { dir, log } = await twoYearLog(30);
      const result = await log.prune({ before: retentionCutoff({ months: 12 }, NOW)!, retention: '12 months' });
      await log.close();
      const { bytes, lines, checkpoints } = await readLog(dir);
      return { dir, archive: result.archive!, bytes, lines, checkpoints };
    }
    const check = (lines: readonly string[], checkpoints: readonly Checkpoint[]) => verifyLog(new TextEncoder().encode(lines.map((l) => `${l}\n`).join('')), checkpoints, { hasher });

    it('a kept record edited: named', async () => {
      const { lines, checkpoints } = await pruned();
      const edited = [...lines];
      edited[2] = edited[2]!.replace('wording', 'w0rding'); // line 2 after the header: record 26
      const result = check(edited, checkpoints);
      expect(result.ok).toBe(false);
      expect(result.problems[0]).toMatchObject({ kind: 'chain', record: 26 });
    });

    it('the header’s hashes, its last leaf or its size changed: refused', async () => {
      const { lines, checkpoints } = await pruned();
      const header = JSON.parse(lines[0]!) as { base: { nodes: string[]; lastLeaf: string; size: number } };
      const variants = [
        { ...header.base, nodes: header.base.nodes.map((n, i) => (i === 0 ? `${n.slice(0, 63)}${n[63] === '0' ? '1' : '0'}` : n)) },
        { ...header.base, lastLeaf: `${header.base.lastLeaf.slice(0, 63)}${header.base.lastLeaf[63] === '0' ? '1' : '0'}` },
        { ...header.base, size: header.base.size - 1 },
      ];
      for (const base of variants) expect(check([JSON.stringify({ base }), ...lines.slice(1)], checkpoints).ok).toBe(false);
    });

    it('the header dropped, or the audit.pruned record removed with the chain rewritten: refused', async () => {
      const { lines, checkpoints } = await pruned();
      expect(check(lines.slice(1), checkpoints).problems[0]).toMatchObject({ kind: 'removed', record: 0 });
      // The pruning record is the last: dropping it cuts the log short of its last checkpoint.
      const withoutRecord = check(lines.slice(0, -1), checkpoints);
      expect(withoutRecord.problems.map((p) => p.kind)).toContain('truncated');
    });

    it('a header slipped into a log that was never pruned (its first records dropped): refused', async () => {
      const { lines, checkpoints } = await pruned();
      const whole = await twoYearLog(30);
      await whole.log.close();
      const original = (await readLog(whole.dir)).lines;
      // The header of the pruned log in front of the other log's records from the same point: same key, other records.
      const forged = check([lines[0]!, ...original.slice(25)], [...checkpoints, ...(await readLog(whole.dir)).checkpoints]);
      expect(forged.ok).toBe(false);
    });

    it('the archive edited: it no longer verifies alone, nor joined with the log', async () => {
      const { dir, archive } = await pruned();
      const path = join(archive, 'log.jsonl');
      const text = await readFile(path, 'utf8');
      await writeFile(path, text.replace('step 3:', 'step 3;'));
      expect((await verify(archive)).problems[0]).toMatchObject({ kind: 'chain', record: 3 });
      expect((await verifyTogether([archive, dir])).ok).toBe(false);
    });
  });
});
