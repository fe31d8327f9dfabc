/**
 * Moving a live document's durable state to another name: a file renamed in
 * its change request keeps its document (its Yjs history, so the copies
 * clients hold merge with it, and its epoch), under the storage name of the
 * new path.
 *
 * Built only on the storage's public operations (open, load, compact,
 * remove), never on the log's format: the files name their document in their
 * header, so they cannot simply be renamed on disk, and re-encoding them here
 * would be a second writer of the format. Instead the state is loaded whole
 * and written under the new name as a snapshot (compaction writes it
 * atomically); then the old document is removed.
 *
 * Crash safety, step by step: until the new snapshot is written the old
 * document is whole and the new name holds at most an empty log (a leftover
 * the caller removes before the next move to that name); after it, both names
 * hold the whole state, and the caller's commit (the change request's files)
 * decides which one is the file's. Removing the old one last finishes it.
 */
import * as Y from 'yjs';
import { documentExists, openDocumentStorage, removeDocumentStorage, type StorageOptions } from './FileDocumentStorage.ts';

export class DocumentStorageExistsError extends Error {
  override readonly name = 'DocumentStorageExistsError';
}

/**
 * Moves document `fromName`'s state in `dir` to `toName` and removes
 * `fromName`. Both must be closed (DocumentStorageBusyError otherwise);
 * `toName` must have no state (DocumentStorageExistsError: remove it first if
 * it is a leftover). A `fromName` with no state moves nothing.
 */
export async function renameDocumentStorage(dir: string, fromName: string, toName: string, options: StorageOptions = {}): Promise<void> {
  if (fromName === toName) throw new TypeError(`renaming the live document ${JSON.stringify(fromName)} to itself`);
  if (!(await documentExists(dir, fromName))) return;
  if (await documentExists(dir, toName)) throw new DocumentStorageExistsError(`the live document ${JSON.stringify(toName)} in ${dir} already has stored state: remove it before moving ${JSON.stringify(fromName)} there`);
  const source = await openDocumentStorage(dir, fromName, options);
  let state: Uint8Array;
  try {
    state = Y.mergeUpdates(await source.load());
  } finally {
    await source.close();
  }
  const target = await openDocumentStorage(dir, toName, options);
  try {
    await target.compact(state);
  } finally {
    await target.close();
  }
  await removeDocumentStorage(dir, fromName);
}
