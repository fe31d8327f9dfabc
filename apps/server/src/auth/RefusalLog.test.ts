import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519Signer, type AuditEntry } from '@colloquy/governance';
import { FileAuditLog } from '@colloquy/governance/node';
import { afterEach, describe, expect, it } from 'vitest';
import { RefusalLog } from './RefusalLog.ts';

const denied = (path: string): AuditEntry => ({ actor: { account: null, role: null }, action: 'auth.denied', details: { method: 'GET', path, reason: 'no session' } });
const folders: string[] = [];
afterEach(async () => Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function openLog(): Promise<FileAuditLog> {
  const dir = await mkdtemp(join(tmpdir(), 'colloquy-refusals-'));
  folders.push(dir);
  return FileAuditLog.open({ dir, signer: ed25519Signer(new Uint8Array(32).fill(3)), checkpointDelayMs: 60_000 });
}
const records = async (log: FileAuditLog) => (await log.readLines()).map((line) => JSON.parse(line) as { seq: number; details: Record<string, unknown> });

describe('RefusalLog (a real audit log)', () => {
  it('appends the first refusal of a kind, counts repeats within the window, and writes their count: none dropped', async () => {
    const log = await openLog();
    const refusals = new RefusalLog(log, { windowMs: 60_000 });
    await refusals.record('a', denied('/api/files'));
    expect(log.size).toBe(1); // on disk when record() resolves
    for (let i = 0; i < 40; i++) await refusals.record('a', denied('/api/files'));
    await refusals.record('b', denied('/api/workspace'));
    expect(log.size).toBe(2);
    await refusals.close();
    const written = await records(log);
    expect(written.map((r) => [r.details['path'], r.details['repeated'], r.details['firstSeq']])).toEqual([
      ['/api/files', undefined, undefined],
      ['/api/workspace', undefined, undefined],
      ['/api/files', 40, 0],
    ]);
    await log.close();
  });

  it('starts a new window once one ends, writing the count of the old one first', async () => {
    const log = await openLog();
    const refusals = new RefusalLog(log, { windowMs: 50 });
    await refusals.record('a', denied('/x'));
    await refusals.record('a', denied('/x'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    await refusals.record('a', denied('/x'));
    await refusals.close();
    expect((await records(log)).map((r) => r.details['repeated'])).toEqual([undefined, 1, undefined]);
    await log.close();
  });

  it('writes counts early when it follows too many kinds', async () => {
    const log = await openLog();
    const refusals = new RefusalLog(log, { windowMs: 60_000, maxKinds: 3 });
    for (const kind of ['a', 'b', 'c']) {
      await refusals.record(kind, denied(`/${kind}`));
      await refusals.record(kind, denied(`/${kind}`));
    }
    await refusals.record('d', denied('/d'));
    expect((await records(log)).filter((r) => r.details['repeated'] === 1)).toHaveLength(3);
    await refusals.close();
    await log.close();
  });
});
