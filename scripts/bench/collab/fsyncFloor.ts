/**
 * The floor under a durable server's latency: appending a keystroke-sized record to a file and
 * fsyncing it, on the disk the benchmark's workspaces live on. Ours must do this before it relays
 * an update (the contract's durability rule); the bare server never does, so the latency ratio
 * ours/bare cannot fall below (bare + this) / bare however good the rest is.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Durations of `count` appends of a 40-byte record, each followed by fsync, in ms. */
export async function fsyncFloor(count: number): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'colloquy-bench-fsync-'));
  const handle = await open(join(dir, 'log'), 'a');
  const record = new Uint8Array(40).fill(120);
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await handle.write(record);
      await handle.sync();
      samples.push(performance.now() - start);
    }
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
  return samples;
}
