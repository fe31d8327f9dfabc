import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyLog, TreeHasher } from '../src/index.ts';
import { AuditLogBusyError, FileAuditLog, nativeSha256, WRITER_LOCK_FILE } from '../src/node/index.ts';
import { entry, readLog, steppingClock, TEST_SIGNER, writtenLog } from './support/auditLogs.ts';

const CHILD = fileURLToPath(new URL('./support/holdLogOpen.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts a child that holds the log open; resolves once it has. */
function holdOpen(dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('open ')) resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the child ended (code ${code}) before opening the log: ${stderr}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('one writer per audit log', () => {
  it('refuses a second FileAuditLog on the same folder in the same process until the first is closed', async () => {
    const dir = await writtenLog(2);
    const first = await FileAuditLog.open({ dir, signer: TEST_SIGNER, now: steppingClock() });
    const error = await FileAuditLog.open({ dir, signer: TEST_SIGNER }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogBusyError);
    expect((error as Error).message).toMatch(/already open in this process/);
    await first.append(entry(2));
    await first.close();
    const second = await FileAuditLog.open({ dir, signer: TEST_SIGNER, now: steppingClock() });
    expect(second.size).toBe(3);
    await second.close();
    expect(await readdir(dir)).not.toContain(WRITER_LOCK_FILE);
  });

  it('refuses while another process holds the log, naming it; takes over once that process is killed', { timeout: 60_000 }, async () => {
    const dir = await writtenLog(3);
    const child = await holdOpen(dir);
    try {
      const error = await FileAuditLog.open({ dir, signer: TEST_SIGNER }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditLogBusyError);
      expect((error as Error).message).toContain(`is open for writing by process ${child.pid} (a running colloquy serve?)`);
    } finally {
      await killed(child);
    }
    // The lock the killed process left names a process that is gone: it is taken over.
    const log = await FileAuditLog.open({ dir, signer: TEST_SIGNER, now: steppingClock() });
    await log.append(entry(3));
    await log.close();
    const { bytes, checkpoints } = await readLog(dir);
    expect(verifyLog(bytes, checkpoints, { hasher: new TreeHasher(nativeSha256) })).toMatchObject({ ok: true, records: 4 });
    expect((await readdir(dir)).filter((name) => name.startsWith(WRITER_LOCK_FILE))).toEqual([]);
  });

  it('takes over a lock file that names no process (damaged), and keeps one from another host', async () => {
    const dir = await writtenLog(1);
    await writeFile(join(dir, WRITER_LOCK_FILE), 'garbage');
    const log = await FileAuditLog.open({ dir, signer: TEST_SIGNER });
    await log.close();
    await writeFile(join(dir, WRITER_LOCK_FILE), `${JSON.stringify({ pid: 1, host: 'elsewhere.example' })}\n`);
    const error = await FileAuditLog.open({ dir, signer: TEST_SIGNER }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogBusyError);
    expect((error as Error).message).toMatch(new RegExp(`by process 1 on elsewhere\\.example .*remove ${join(dir, WRITER_LOCK_FILE).replace(/[.]/g, '\\.')}`));
  });
});
