import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TreeHasher, verifyLog } from '../src/index.ts';
import { FileAuditLog, nativeSha256 } from '../src/node/index.ts';
import { readLog, tempDir, TEST_SIGNER } from './support/auditLogs.ts';

const CHILD = fileURLToPath(new URL('./support/appendUntilKilled.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const hasher = new TreeHasher(nativeSha256);

/** Runs the appending child until it has acknowledged `acks` records, then SIGKILLs it; returns the acknowledged seqs. */
function appendThenKill(dir: string, acks: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) acked.push(Number(line.replace('acked ', '')));
      if (acked.length >= acks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`the child stopped by itself: ${stderr}`))));
  });
}

describe('a crash in the middle of appending', () => {
  it('loses no acknowledged record, and the log verifies up to its last whole record', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const allAcked: number[] = [];
    for (const acks of [25, 40, 60]) {
      allAcked.push(...(await appendThenKill(dir, acks)));
      const { bytes, lines, checkpoints } = await readLog(dir);
      const verification = verifyLog(bytes, checkpoints, { hasher });
      expect(verification.problems).toEqual([]);
      expect(verification.records).toBeGreaterThan(Math.max(...allAcked));
      const seqs = new Set(lines.map((line) => JSON.parse(line).seq as number));
      for (const seq of allAcked) expect(seqs.has(seq), `acknowledged record ${seq}`).toBe(true);
      // The next start repairs any torn tail and carries on from the last whole record.
      const log = await FileAuditLog.open({ dir, signer: TEST_SIGNER });
      expect(log.problemsAtOpen).toEqual([]);
      expect(log.size).toBe(verification.records + (verification.tornTail > 0 ? 1 : 0));
      await log.close();
    }
  });
});
