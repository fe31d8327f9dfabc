import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkpointSignatureValid, ed25519Signer, GENESIS_PREV, signCheckpoint, toHex, TreeHasher, verifyConsistency, verifyInclusion, verifyLog, fromHex, type Checkpoint, type LogProblemKind } from '../src/index.ts';
import { FileAuditLog, nativeSha256 } from '../src/node/index.ts';
import { entry, joinLines, readLog, steppingClock, tempDir, TEST_SIGNER, writtenLog } from './support/auditLogs.ts';

const hasher = new TreeHasher(nativeSha256);

function kinds(bytes: Uint8Array, checkpoints: readonly Checkpoint[], options: Parameters<typeof verifyLog>[2] = { hasher }): [LogProblemKind, number | undefined][] {
  return verifyLog(bytes, checkpoints, options).problems.map((p) => [p.kind, p.record]);
}

/** Rewrites every record from `from` on with fresh `seq`/`prev` links, as someone covering their tracks would (without the key). */
function relink(lines: readonly string[], from: number): string[] {
  const out = lines.slice(0, from);
  for (let i = from; i < lines.length; i++) {
    const record = JSON.parse(lines[i]!);
    record.seq = i;
    record.prev = i === 0 ? GENESIS_PREV : toHex(hasher.hashLeaf(new TextEncoder().encode(out[i - 1]!)));
    out.push(canonicalJson(record));
  }
  return out;
}

describe('the file audit log', () => {
  it('writes canonical, chained, numbered records and a signed checkpoint that verifies', async () => {
    const dir = await writtenLog(12);
    const { bytes, lines, checkpoints } = await readLog(dir);
    expect(lines).toHaveLength(12);
    const records = lines.map((line) => JSON.parse(line));
    expect(records.map((r) => r.seq)).toEqual([...Array(12).keys()]);
    expect(records[0].prev).toBe(GENESIS_PREV);
    expect(records[1].prev).toBe(toHex(hasher.hashLeaf(new TextEncoder().encode(lines[0]!))));
    expect(lines.every((line) => canonicalJson(JSON.parse(line)) === line)).toBe(true);
    expect(records[3]).toMatchObject({ v: 1, actor: { account: 'omar', role: 'ops_manager' }, action: 'change.approved', change: 'CR-1', time: '2026-11-23T09:00:04.000Z' });
    // close() signed the whole log.
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0]!.size).toBe(12);
    expect(checkpointSignatureValid(checkpoints[0]!)).toBe(true);
    const verification = verifyLog(bytes, checkpoints, { hasher });
    expect(verification).toMatchObject({ ok: true, records: 12, tornTail: 0, keySource: 'log', problems: [] });
    expect(verification.root).toBe(checkpoints[0]!.root);
  });

  it('keeps appending across reopenings, and proves inclusion and consistency against its checkpoints', async () => {
    const dir = await writtenLog(5);
    const log = await FileAuditLog.open({ dir, signer: TEST_SIGNER, now: steppingClock() });
    expect(log.problemsAtOpen).toEqual([]);
    expect(log.size).toBe(5);
    const record = await log.append(entry(5));
    expect(record.seq).toBe(5);
    const first = log.checkpoints()[0]!;
    const second = await log.checkpoint();
    const lines = await log.readLines();
    verifyInclusion(hasher, 3, second.size, hasher.hashLeaf(new TextEncoder().encode(lines[3]!)), log.inclusionProof(3, second.size).map(fromHex), fromHex(second.root));
    verifyConsistency(hasher, first.size, second.size, log.consistencyProof(first.size, second.size).map(fromHex), fromHex(first.root), fromHex(second.root));
    await log.close();
  });

  it('serialises concurrent appends: every one lands whole, in the order asked', async () => {
    const dir = await tempDir();
    const log = await FileAuditLog.open({ dir, signer: TEST_SIGNER, now: steppingClock() });
    const records = await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(entry(i))));
    expect(records.map((r) => r.seq)).toEqual([...Array(40).keys()]);
    await log.close();
    const { bytes, checkpoints } = await readLog(dir);
    expect(verifyLog(bytes, checkpoints, { hasher }).ok).toBe(true);
  });

  it('cuts off an append a crash interrupted, records that it did, and verifies', async () => {
    const dir = await writtenLog(4);
    const path = join(dir, 'log.jsonl');
    const torn = '{"action":"change.approved","actor":{"acc';
    await writeFile(path, Buffer.concat([await readFile(path), Buffer.from(torn)]));
    const before = await readLog(dir);
    expect(verifyLog(before.bytes, before.checkpoints, { hasher })).toMatchObject({ ok: true, records: 4, tornTail: torn.length });

    const log = await FileAuditLog.open({ dir, signer: TEST_SIGNER, now: steppingClock() });
    expect(log.size).toBe(5);
    await log.close();
    const after = await readLog(dir);
    expect(verifyLog(after.bytes, after.checkpoints, { hasher })).toMatchObject({ ok: true, records: 5, tornTail: 0 });
    const recovered = JSON.parse(after.lines[4]!);
    expect(recovered).toMatchObject({ action: 'audit.recovered', seq: 4, details: { droppedBytes: torn.length, droppedSha256: toHex(nativeSha256(new TextEncoder().encode(torn))) } });
  });

  it('reports a damaged checkpoints file instead of refusing to open', async () => {
    const dir = await writtenLog(3);
    await writeFile(join(dir, 'checkpoints.jsonl'), 'not a checkpoint\n', { flag: 'a' });
    const log = await FileAuditLog.open({ dir, signer: TEST_SIGNER });
    expect(log.problemsAtOpen.map((p) => p.message).join()).toMatch(/checkpoints\.jsonl line 2 is not a checkpoint/);
    await log.append(entry(3));
    await log.close();
  });
});

describe('tampering is detected and located', () => {
  it('a record edited: the next record’s link and the checkpoint both name it', async () => {
    const { lines, checkpoints } = await readLog(await writtenLog(10, { checkpointEach: true }));
    const edited = [...lines];
    edited[5] = edited[5]!.replace('step 5', 'step 5 (approved by nobody)');
    expect(kinds(joinLines(edited), checkpoints)).toEqual([
      ['chain', 5],
      ['root', 5],
    ]);
  });

  it('a record removed, inserted, duplicated or two swapped: named by position', async () => {
    const { lines, checkpoints } = await readLog(await writtenLog(10));
    expect(kinds(joinLines(lines.filter((_, i) => i !== 6)), [])).toEqual([['removed', 6]]);
    expect(kinds(joinLines([...lines.slice(0, 7), lines[2]!, ...lines.slice(7)]), [])[0]).toEqual(['out-of-place', 7]);
    const swapped = [...lines];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(kinds(joinLines(swapped), [])[0]).toEqual(['removed', 3]);
    expect(kinds(joinLines(swapped), checkpoints).some(([kind]) => kind === 'root')).toBe(true);
  });

  it('an edit with every later link rewritten to match: the checkpoints name the record', async () => {
    const { lines, checkpoints } = await readLog(await writtenLog(10, { checkpointEach: true }));
    const forged = relink(lines.map((line, i) => (i === 5 ? line.replace('ops_manager', 'rai_lead') : line)), 5);
    const verification = verifyLog(joinLines(forged), checkpoints, { hasher });
    expect(verification.problems.map((p) => [p.kind, p.record])).toEqual([['root', 5]]);
    expect(verification.problems[0]!.message).toMatch(/first 6 records are not what the log’s checkpoint of .* signed: a record among 5 was changed/);
  });

  it('the log cut short: its own checkpoint, or one saved earlier, counts more records', async () => {
    const dir = await writtenLog(10);
    const { lines, checkpoints } = await readLog(dir);
    expect(kinds(joinLines(lines.slice(0, 7)), checkpoints)).toEqual([['truncated', 7]]);
    // Cut with its checkpoints, and re-signed for 7 records: only a checkpoint saved before tells.
    const resigned = signCheckpoint(TEST_SIGNER, { origin: checkpoints[0]!.origin, size: 7, root: verifyLog(joinLines(lines.slice(0, 7)), [], { hasher }).root, time: checkpoints[0]!.time });
    expect(verifyLog(joinLines(lines.slice(0, 7)), [resigned], { hasher }).ok).toBe(true);
    const verification = verifyLog(joinLines(lines.slice(0, 7)), [resigned], { hasher, saved: checkpoints });
    expect(verification.problems.map((p) => [p.kind, p.record])).toEqual([['truncated', 7]]);
    expect(verification.problems[0]!.message).toMatch(/records 7–9 were removed/);
  });

  it('everything rewritten and re-signed with another key: caught by the trusted key or a saved checkpoint', async () => {
    const { lines, checkpoints } = await readLog(await writtenLog(6));
    const forged = relink(lines.map((line, i) => (i === 2 ? line.replace('step 2', 'step two') : line)), 2);
    const otherKey = ed25519Signer(new Uint8Array(32).fill(9));
    const root = verifyLog(joinLines(forged), [], { hasher }).root;
    const reSigned = [signCheckpoint(otherKey, { origin: checkpoints[0]!.origin, size: 6, root, time: checkpoints[0]!.time })];
    expect(verifyLog(joinLines(forged), reSigned, { hasher })).toMatchObject({ ok: true, keySource: 'log' });
    expect(kinds(joinLines(forged), reSigned, { hasher, trustedKey: toHex(TEST_SIGNER.publicKey) })).toEqual([['key', undefined]]);
    expect(kinds(joinLines(forged), reSigned, { hasher, saved: checkpoints })).toEqual([
      ['key', undefined],
      ['root', 0],
    ]);
  });

  it('a checkpoint altered: its signature fails', async () => {
    const { bytes, checkpoints } = await readLog(await writtenLog(4));
    const altered = { ...checkpoints[0]!, time: '2026-11-24T00:00:00.000Z' };
    expect(kinds(bytes, [altered])).toEqual([['signature', undefined]]);
  });

  it('one byte changed anywhere in the log is never accepted', async () => {
    const { bytes, checkpoints } = await readLog(await writtenLog(8));
    for (let offset = 0; offset < bytes.length; offset += 37) {
      const copy = Uint8Array.from(bytes);
      copy[offset] = copy[offset] === 0x41 ? 0x42 : 0x41;
      expect(verifyLog(copy, checkpoints, { hasher }).ok, `byte ${offset}`).toBe(false);
    }
  });

  it('a record that is not JSON any more is named', async () => {
    const { lines, checkpoints } = await readLog(await writtenLog(5));
    const broken = [...lines];
    broken[2] = broken[2]!.slice(0, 20);
    expect(kinds(joinLines(broken), checkpoints)[0]).toEqual(['malformed', 2]);
  });
});
