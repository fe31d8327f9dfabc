/**
 * What a compaction writes as the new snapshot: `updates` (the old snapshot,
 * the logged updates and the caller's state) applied to a fresh document.
 *
 * The caller's state (Y.encodeStateAsUpdate of its document) need not hold
 * every logged update: with group commit many appends resolve at once, and
 * the server applies each only after its promise resolves, so a compaction
 * started in between would see a state without the others, and truncating
 * the log would lose them. So the snapshot is built from everything stored
 * (the old snapshot and every logged update) plus `state`, applied to a fresh
 * document: Yjs updates are idempotent and commute, so applying one twice or
 * in another order is harmless, and encoding the document keeps Yjs's garbage
 * collection (deleted text is not carried along, as it would be by
 * `Y.mergeUpdates`). It also proves every stored update still applies.
 */
import * as Y from 'yjs';

export function mergeIntoSnapshot(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
