/**
 * What a compaction costs the edits that arrive while it runs: ours compacts a document's log into
 * a snapshot every 500 updates (and when it unloads it), and an update's relay waits for its
 * append. On ours' storage alone (apps/server/src/collab/persistence, the disk the benchmark's
 * workspaces live on): a document of the example's card_lost flow with 500 logged keystrokes, then
 * an append on its own, then a compaction and an append made just as it starts. Repeated on fresh
 * documents; the latency part's edits rarely land on a compaction, so this is where its cost shows.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { openDocumentStorage } from '../../../apps/server/src/collab/persistence/index.ts';

const FLOW = fileURLToPath(new URL('../../../flows/flows/card_lost.flow.yaml', import.meta.url));
const LOGGED = 500;

export interface CompactionStall {
  /** An append with no compaction running, ms. */
  readonly alone: number[];
  /** An append made just after a compaction started, ms. */
  readonly duringCompaction: number[];
  /** The compaction itself, ms. */
  readonly compaction: number[];
}

export async function compactionStall(rounds: number): Promise<CompactionStall> {
  const flow = await readFile(FLOW, 'utf8');
  const result: CompactionStall = { alone: [], duringCompaction: [], compaction: [] };
  for (let round = 0; round < rounds; round++) {
    const dir = await mkdtemp(join(tmpdir(), 'colloquy-bench-compaction-'));
    const storage = await openDocumentStorage(join(dir, 'live'), 'file/flows/card_lost.flow.yaml');
    try {
      const doc = new Y.Doc();
      const text = doc.getText('content');
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      text.insert(0, flow);
      for (let k = 0; k < LOGGED; k++) text.insert((k * 7919) % text.length, 'x');
      for (const update of updates.splice(0)) await storage.append(update);
      const edit = () => {
        text.insert(0, 'y');
        return updates.pop()!;
      };
      let start = performance.now();
      await storage.append(edit());
      result.alone.push(performance.now() - start);
      const began = performance.now();
      const compaction = storage.compact(Y.encodeStateAsUpdate(doc)).then(() => result.compaction.push(performance.now() - began));
      const during = edit();
      start = performance.now();
      await storage.append(during);
      result.duringCompaction.push(performance.now() - start);
      await compaction;
    } finally {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  return result;
}
