import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519Signer, type AuditEntry, type CheckpointSigner } from '../../src/index.ts';
import { FileAuditLog, readCheckpoints } from '../../src/node/index.ts';

/** A fixed key, so failures are reproducible; tests that need another make their own. */
export const TEST_SIGNER: CheckpointSigner = ed25519Signer(new Uint8Array(32).fill(7));

/** A clock that moves one second per call. */
export function steppingClock(start = Date.UTC(2026, 10, 23, 9, 0, 0)): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

export function entry(n: number): AuditEntry {
  return {
    actor: { account: n % 2 === 0 ? 'dana' : 'omar', role: n % 2 === 0 ? 'designer' : 'ops_manager' },
    action: n % 2 === 0 ? 'change.edited' : 'change.approved',
    change: `CR-${1 + Math.floor(n / 4)}`,
    rationale: `step ${n}: wording of the card-loss flow`,
  };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'colloquy-audit-'));
}

/**
 * A closed log of `count` records in a fresh folder; with `checkpointEach`, a
 * signed checkpoint after every record (so a root mismatch names one record).
 */
export async function writtenLog(count: number, options: { checkpointEach?: boolean; signer?: CheckpointSigner } = {}): Promise<string> {
  const dir = await tempDir();
  const log = await FileAuditLog.open({ dir, signer: options.signer ?? TEST_SIGNER, now: steppingClock(), checkpointDelayMs: 60_000 });
  for (let i = 0; i < count; i++) {
    await log.append(entry(i));
    if (options.checkpointEach) await log.checkpoint();
  }
  await log.close();
  return dir;
}

export async function readLog(dir: string): Promise<{ bytes: Uint8Array; lines: string[]; checkpoints: Awaited<ReturnType<typeof readCheckpoints>>['checkpoints'] }> {
  const bytes = new Uint8Array(await readFile(join(dir, 'log.jsonl')));
  const lines = new TextDecoder().decode(bytes).split('\n').slice(0, -1);
  const { checkpoints } = await readCheckpoints(join(dir, 'checkpoints.jsonl'));
  return { bytes, lines, checkpoints };
}

export function joinLines(lines: readonly string[]): Uint8Array {
  return new TextEncoder().encode(lines.map((line) => `${line}\n`).join(''));
}
