/**
 * The floor under a durable server's latency: writing a keystroke-sized record to a file so that it
 * is on disk when the write returns (O_DSYNC, as ours opens its update log), on the disk the
 * benchmark's workspaces live on. Ours must do this before it relays an update (the contract's
 * durability rule); the bare server never does, so the latency ratio ours/bare cannot fall below
 * (bare + this) / bare however good the rest is.
 *
 * Two ways of writing, measured in turns so that both see the same disk and load:
 * - `append`: each write grows the file, so the file system also journals the new size;
 * - `preallocated`: the file was filled with zeros and synced beforehand, and each write lands at
 *   the next offset inside it, changing no metadata (how ours writes its log now; see
 *   apps/server/src/collab/persistence/UpdateLog.ts).
 * Each at full speed (back to back) and at the benchmark's pace (one write per edit interval): with
 * the disk, the thread pool and the CPU idle between writes, each costs more than back to back.
 */
import { constants } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FloorMode = 'append' | 'preallocated';

const RECORD_BYTES = 40;
const { O_WRONLY, O_CREAT, O_APPEND, O_DSYNC } = constants;

/** Durations in ms of `count` durable writes of a 40-byte record in each mode, taking turns, one per `paceMs` (0: back to back). */
export async function durableWrites(count: number, paceMs: number): Promise<Record<FloorMode, number[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'colloquy-bench-fsync-'));
  const record = new Uint8Array(RECORD_BYTES).fill(120);
  const handles: FileHandle[] = [];
  try {
    const appending = await open(join(dir, 'append.log'), O_WRONLY | O_CREAT | O_APPEND | O_DSYNC);
    handles.push(appending);
    const zeros = await open(join(dir, 'preallocated.log'), 'w');
    await zeros.write(new Uint8Array(count * RECORD_BYTES));
    await zeros.sync();
    await zeros.close();
    const preallocated = await open(join(dir, 'preallocated.log'), O_WRONLY | O_DSYNC);
    handles.push(preallocated);
    const writes: Record<FloorMode, (i: number) => Promise<unknown>> = {
      append: () => appending.write(record),
      preallocated: (i) => preallocated.write(record, 0, RECORD_BYTES, i * RECORD_BYTES),
    };
    const samples: Record<FloorMode, number[]> = { append: [], preallocated: [] };
    for (let i = 0; i < count; i++) {
      // Alternating which goes first, so neither always finds the disk just written to.
      const order: FloorMode[] = i % 2 === 0 ? ['append', 'preallocated'] : ['preallocated', 'append'];
      for (const mode of order) {
        if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
        const start = performance.now();
        await writes[mode](i);
        samples[mode].push(performance.now() - start);
      }
    }
    return samples;
  } finally {
    for (const handle of handles) await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}
