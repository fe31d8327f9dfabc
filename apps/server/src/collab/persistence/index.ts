/**
 * Durable storage of live (Yjs) documents: the contract between the
 * collaboration server and the disk (issue 6, notes/collab-contract.md).
 *
 * Each document has a snapshot and an append-only log of the updates after
 * it, in the change request's `live/` folder. The server appends every
 * accepted update and waits for it to be on disk before applying, relaying or
 * answering with it, so a crash loses only updates nobody has seen. The
 * on-disk format is described in docs/reference/live-documents.md.
 */
export { documentExists, DocumentStorageBusyError, openDocumentStorage, removeAllDocumentStorage, removeDocumentStorage, type StorageOptions } from './FileDocumentStorage.ts';
export type { LogFileHandle, LogFileSystem } from './UpdateLog.ts';
export { DocumentStorageExistsError, renameDocumentStorage } from './renameDocumentStorage.ts';
export { DocumentStorageCorruptError } from './recordFraming.ts';

/** One live document's durable state: a snapshot plus an append-only log of updates after it. */
export interface DocumentStorage {
  /** Every stored update, snapshot first, in order; [] for a new document. Cuts a torn last record off. */
  load(): Promise<Uint8Array[]>;
  /** Appends one update; resolves once it is on disk (fsync; appends during an fsync share the next one). */
  append(update: Uint8Array): Promise<void>;
  /**
   * Replaces snapshot + log by `state` (Y.encodeStateAsUpdate of the document) merged with everything
   * logged, atomically at each step; appends carry on meanwhile (into the next log) and do not wait.
   */
  compact(state: Uint8Array): Promise<void>;
  /** Bytes on disk (snapshot + logged records, not the space made ahead): what the document-size limit checks. */
  readonly storedBytes: number;
  /** Updates in the log since the last snapshot. */
  readonly loggedUpdates: number;
  /** Waits for pending appends, releases the files. */
  close(): Promise<void>;
}
