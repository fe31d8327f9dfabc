import { constants as fsConstants } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecords } from './recordFraming.ts';
import { NODE_LOG_FS, UpdateLog, type LogFileHandle } from './UpdateLog.ts';

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

describe('the update log on node\'s file system', () => {
  it('opens the log for appending with O_DSYNC, so a write is on disk when it resolves', async () => {
    const file = await logFile();
    const handle = await NODE_LOG_FS.open(file, 'a', 0o600);
    try {
      expect(handle.writesAreDurable).toBe(fsConstants.O_DSYNC !== undefined);
      if (process.platform === 'linux') {
        const flags = await openFlags(file);
        expect(flags & fsConstants.O_DSYNC).toBe(fsConstants.O_DSYNC);
        expect(flags & fsConstants.O_APPEND).toBe(fsConstants.O_APPEND);
      }
    } finally {
      await handle.close();
    }
  });

  it('with durable writes, a batch is one write and no separate fsync, and every record is in the file once its append resolves', async () => {
    const file = await logFile();
    const node = await NODE_LOG_FS.open(file, 'a', 0o600);
    const calls = { writes: 0, syncs: 0 };
    const handle: LogFileHandle = {
      writesAreDurable: node.writesAreDurable,
      writeFile: (data) => (calls.writes++, node.writeFile(data)),
      sync: () => (calls.syncs++, node.sync()),
      truncate: (length) => node.truncate(length),
      close: () => node.close(),
    };
    const log = new UpdateLog(handle, file, 0, 0);
    const updates = Array.from({ length: 12 }, (_, i) => new TextEncoder().encode(`update ${i}`));
    const stored: Uint8Array[][] = [];
    await Promise.all(updates.map((update) => log.append(update).then(async () => void stored.push(decodeRecords(new Uint8Array(await readFile(file)), 0, file).records))));
    expect(calls).toEqual({ writes: 1, syncs: node.writesAreDurable ? 0 : 1 });
    // When each append resolved, the file already held all twelve (one write).
    for (const records of stored) expect(records).toEqual(updates);
    expect(log.updates).toBe(12);
    await log.close();
  });
});
