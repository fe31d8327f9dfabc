import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDocumentStorage } from './index.ts';
import { decodeRecords } from './recordFraming.ts';

const CHILD = fileURLToPath(new URL('./testSupport/appendUntilKilled.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
const NAME = 'file/flows/crash.yaml';
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/**
 * Runs the appending child until it has acknowledged `acks` edits, then
 * SIGKILLs it: in the middle of its next write (`'mid-write'`, which leaves a
 * torn record), once its next compaction has made the next log (`'next-log'`),
 * or `delayMs` later, wherever in its cycle that lands.
 * Returns the acknowledged edit numbers.
 */
function appendThenKill(dir: string, run: string, acks: number, killAt: 'mid-write' | 'next-log' | { delayMs: number }): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, run], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    let armed = false;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('acked ')) acked.push(Number(line.slice('acked '.length)));
        else if (armed && ((line === 'writing' && killAt === 'mid-write') || (line === 'next-log' && killAt === 'next-log'))) child.kill('SIGKILL');
      }
      if (acked.length < acks || armed) return;
      armed = true;
      if (typeof killAt === 'object') setTimeout(() => child.kill('SIGKILL'), killAt.delayMs);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`the child stopped by itself: ${stderr}`))));
  });
}

/** Bytes of a torn last record in the document's log and next log (a kill during a compaction), as the kill left them. */
async function tornBytes(dir: string): Promise<number> {
  const stem = join(dir, createHash('sha256').update(NAME).digest('hex'));
  let torn = 0;
  for (const log of [`${stem}.log`, `${stem}.next.log`]) {
    const bytes = await readFile(log).catch(() => undefined);
    if (bytes) torn += decodeRecords(new Uint8Array(bytes), 8, log).tornBytes;
  }
  return torn;
}

const exists = (path: string) => access(path).then(() => true, () => false);

describe('a process killed in the middle of appending live-document updates', () => {
  it('loses no acknowledged update, and what is stored applies cleanly', { timeout: 240_000 }, async () => {
    let dir = '';
    let acknowledged: string[] = [];
    let rounds = 0;
    let tornRounds = 0;
    let nextLogRounds = 0;
    for (; rounds < 8; rounds++) {
      if (rounds % 4 === 0) {
        // A fresh document every few rounds keeps it small; within one, each run carries on from the last.
        const folder = await mkdtemp(join(tmpdir(), 'colloquy-live-crash-'));
        folders.push(folder);
        dir = join(folder, 'live');
        acknowledged = [];
      }
      const run = `r${rounds}`;
      // Half the kills land mid-write, a quarter in a compaction (its next log made), the others wherever a delay puts them.
      const killAt = rounds % 2 === 0 ? 'mid-write' : rounds % 4 === 1 ? 'next-log' : { delayMs: rounds };
      acknowledged.push(...(await appendThenKill(dir, run, 20 + ((rounds * 17) % 50), killAt)).map((n) => `[${run}-${n}]`));
      if ((await tornBytes(dir)) > 0) tornRounds++;
      if (await exists(join(dir, `${createHash('sha256').update(NAME).digest('hex')}.next.log`))) nextLogRounds++;

      // The next open cuts a torn tail off and loads the rest.
      const storage = await openDocumentStorage(dir, NAME);
      expect(await tornBytes(dir)).toBe(0);
      const doc = new Y.Doc();
      for (const update of await storage.load()) Y.applyUpdate(doc, update);
      expect(doc.store.pendingStructs, 'every stored update applies (no missing dependencies)').toBeNull();
      expect(doc.store.pendingDs).toBeNull();
      const lines = doc.getText('content').toString().split('\n').slice(0, -1);
      for (const line of lines) expect(line).toMatch(/^\[r\d+-\d+\]x{8192}$/);
      const tokens = new Set(lines.map((line) => line.slice(0, line.indexOf(']') + 1)));
      expect(tokens.size, 'no edit stored twice').toBe(lines.length);
      for (const token of acknowledged) expect(tokens.has(token), `acknowledged edit ${token}`).toBe(true);
      await storage.close();
    }
    expect(tornRounds, 'kills that tore a record').toBeGreaterThanOrEqual(4);
    expect(nextLogRounds, 'kills in the middle of a compaction (a next log left for the open to finish)').toBeGreaterThanOrEqual(2);
  });
});
