import { constants as fsConstants } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecords, RECORD_HEADER_BYTES } from './recordFraming.ts';
import { LOG_CHUNK_BYTES, NODE_LOG_FS, UpdateLog, type LogFileHandle } from './UpdateLog.ts';

const folders: string[] = [];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function logFile(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'colloquy-update-log-'));
  folders.push(folder);
  return join(folder, 'document.log');
}

/** The open flags of this process' descriptor of `path`, as the kernel reports them (Linux). */
async function openFlags(path: string): Promise<number> {
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target !== path) continue;
    const match = /^flags:\s+([0-7]+)$/m.exec(await readFile(`/proc/self/fdinfo/${fd}`, 'utf8'));
    if (match) return Number.parseInt(match[1]!, 8);
  }
  throw new Error(`${path} is not open in this process`);
}

/** A file of `bytes` zeros, fsynced: a log's space made ahead, as a new log has it. */
async function zeroFile(path: string, bytes: number): Promise<void> {
  await writeFile(path, new Uint8Array(bytes));
}

/** A log over `file` opened with node's file system, counting its writes and fsyncs. */
async function countedLog(file: string, segment: { used: number; allocated: number }, chunkBytes?: number) {
  const node = await NODE_LOG_FS.open(file);
  const calls = { writes: 0, zeroWrites: 0, syncs: 0 };
  const handle: LogFileHandle = {
    writesAreDurable: node.writesAreDurable,
    write: (data, position) => {
      if (data.every((byte) => byte === 0)) calls.zeroWrites++;
      else calls.writes++;
      return node.write(data, position);
    },
    sync: () => (calls.syncs++, node.sync()),
    truncate: (length) => node.truncate(length),
    close: () => node.close(),
  };
  const log = new UpdateLog({ handle, file, used: segment.used, allocated: segment.allocated, records: 0 }, chunkBytes);
  return { log, calls, handle };
}

const update = (i: number, size = 0) => new TextEncoder().encode(`update ${i} ${'u'.repeat(size)}`);

describe('the update log on node\'s file system', () => {
  it('opens the log for writing at positions with O_DSYNC, so a write is on disk when it resolves (and not O_APPEND, which would ignore the positions)', async () => {
    const file = await logFile();
    await zeroFile(file, 0);
    const handle = await NODE_LOG_FS.open(file);
    try {
      expect(handle.writesAreDurable).toBe(fsConstants.O_DSYNC !== undefined);
      if (process.platform === 'linux') {
        const flags = await openFlags(file);
        expect(flags & fsConstants.O_DSYNC).toBe(fsConstants.O_DSYNC);
        expect(flags & fsConstants.O_APPEND).toBe(0);
      }
    } finally {
      await handle.close();
    }
  });

  it('with durable writes, a batch is one write and no separate fsync, and every record is in the file once its append resolves', async () => {
    const file = await logFile();
    await zeroFile(file, LOG_CHUNK_BYTES);
    const { log, calls, handle } = await countedLog(file, { used: 0, allocated: LOG_CHUNK_BYTES });
    const updates = Array.from({ length: 12 }, (_, i) => update(i));
    const stored: Uint8Array[][] = [];
    await Promise.all(updates.map((u) => log.append(u).then(async () => void stored.push(decodeRecords(new Uint8Array(await readFile(file)), 0, file).records))));
    expect(calls).toEqual({ writes: 1, zeroWrites: 0, syncs: handle.writesAreDurable ? 0 : 1 });
    // When each append resolved, the file already held all twelve (one write).
    for (const records of stored) expect(records).toEqual(updates);
    expect(log.updates).toBe(12);
    await log.close();
  });

  it('writes batches inside the zeros made ahead (the file does not grow with them), makes the next chunk before the space runs out, and cuts the zeros off on close', async () => {
    const file = await logFile();
    const chunk = 1024;
    await zeroFile(file, chunk);
    const { log, calls } = await countedLog(file, { used: 0, allocated: chunk }, chunk);
    const sizes: number[] = [];
    const updates: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) {
      updates.push(update(i, 40));
      await log.append(updates[i]!);
      sizes.push((await stat(file)).size);
      // The file always ends in zeros past the records, and reads back as exactly the records.
      const decoded = decodeRecords(new Uint8Array(await readFile(file)), 0, file);
      expect(decoded.records).toEqual(updates);
      expect(decoded.tornBytes).toBe(0);
    }
    // 40 records of ~60 bytes: about 2.3 chunks, so the file grew by whole chunks, made in the background.
    expect(calls.zeroWrites).toBeGreaterThanOrEqual(2);
    expect(new Set(sizes.map((size) => size % chunk))).toEqual(new Set([0]));
    expect(log.size).toBeLessThan(sizes.at(-1)!);
    await log.close();
    expect((await stat(file)).size).toBe(log.size);
    expect(decodeRecords(new Uint8Array(await readFile(file)), 0, file)).toEqual({ records: updates, end: log.size, tornBytes: 0 });
  });

  it('a batch larger than the room left grows the file itself', async () => {
    const file = await logFile();
    await zeroFile(file, 256);
    const { log } = await countedLog(file, { used: 0, allocated: 256 }, 256);
    const big = update(0, 5000);
    await log.append(big);
    expect(log.size).toBe(big.length + RECORD_HEADER_BYTES);
    await log.close();
    expect(decodeRecords(new Uint8Array(await readFile(file)), 0, file).records).toEqual([big]);
  });

  it('switchTo moves later batches to the next log; the previous one ends where its last batch did and is written no more', async () => {
    const [first, second] = [await logFile(), await logFile()];
    await zeroFile(first, LOG_CHUNK_BYTES);
    await zeroFile(second, LOG_CHUNK_BYTES);
    const { log } = await countedLog(first, { used: 0, allocated: LOG_CHUNK_BYTES });
    const before = [update(1), update(2)];
    const appended = before.map((u) => log.append(u));
    const next = await NODE_LOG_FS.open(second);
    const previous = await log.switchTo({ handle: next, file: second, used: 0, allocated: LOG_CHUNK_BYTES, records: 0 });
    // The batch queued before the switch was written to the previous log first.
    await Promise.all(appended);
    expect(previous.records).toBe(2);
    const after = [update(3), update(4)];
    await Promise.all(after.map((u) => log.append(u)));
    expect(log.file).toBe(second);
    expect(log.updates).toBe(2);
    await log.close();
    await previous.handle.close();
    expect(decodeRecords(new Uint8Array(await readFile(first)), 0, first)).toMatchObject({ records: before, end: previous.used, tornBytes: 0 });
    expect(decodeRecords(new Uint8Array(await readFile(second)), 0, second).records).toEqual(after);
  });
});
