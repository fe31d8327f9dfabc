/**
 * A live document's durable state in two files of the change request's
 * `live/` folder: `<sha256>.snapshot` (the document as of the last
 * compaction, written atomically) and `<sha256>.log` (the updates since,
 * appended; see UpdateLog). Loading is the snapshot, then the log.
 *
 * Compaction, step by step, each safe to crash after:
 * 1. the new snapshot is written atomically (temp file, fsync, rename, fsync
 *    of the folder: core's writeFileAtomic): a crash leaves the old snapshot
 *    or the new one, and the whole old log either way;
 * 2. the log is truncated to its header and fsynced: a crash before this
 *    loads the new snapshot plus the old log, and replaying updates the
 *    snapshot already holds is harmless in Yjs.
 * Appends that arrive during a compaction wait for it (they would otherwise
 * be truncated away).
 *
 * One writer per document: a second open in this process is refused
 * (DocumentStorageBusyError). Across processes the workspace is already
 * guarded: `colloquy serve` holds the audit log's writer lock for as long as
 * it runs, so a second server on the same workspace stops before it opens any
 * live document.
 */
import { access, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { syncFolder, writeFileAtomic } from '@colloquy/core/node';
import type { DocumentStorage } from './index.ts';
import { documentPaths, encodeFileStart, parseDocumentFile } from './documentFiles.ts';
import { mergeIntoSnapshot } from './mergeIntoSnapshot.ts';
import { DocumentStorageCorruptError, encodeRecord } from './recordFraming.ts';
import { NODE_LOG_FS, UpdateLog, type LogFileSystem } from './UpdateLog.ts';

export interface StorageOptions {
  /** How the log file is opened; tests wrap it to count fsyncs. Default node's `fs/promises`. */
  readonly fs?: LogFileSystem;
}

export class DocumentStorageBusyError extends Error {
  override readonly name = 'DocumentStorageBusyError';
}

/**
 * The logs open in this process (resolved paths). Process-wide on purpose:
 * "one writer per file" is a property of the process, as a lock file would be.
 */
const openLogs = new Set<string>();

const FILE_MODE = 0o600;

class FileDocumentStorage implements DocumentStorage {
  private snapshotBytes: number;

  constructor(
    private readonly name: string,
    private readonly paths: { readonly log: string; readonly snapshot: string },
    private readonly log: UpdateLog,
    snapshotBytes: number,
    private readonly release: () => void,
  ) {
    this.snapshotBytes = snapshotBytes;
  }

  get storedBytes(): number {
    return this.snapshotBytes + this.log.size;
  }

  get loggedUpdates(): number {
    return this.log.updates;
  }

  load(): Promise<Uint8Array[]> {
    return this.log.exclusive(() => this.readStored());
  }

  append(update: Uint8Array): Promise<void> {
    return this.log.append(update);
  }

  compact(state: Uint8Array): Promise<void> {
    return this.log.exclusive(async (log) => {
      const snapshot = snapshotFile(this.name, mergeIntoSnapshot(await this.readStored(), state));
      await writeFileAtomic(this.paths.snapshot, snapshot, undefined, { newFileMode: FILE_MODE });
      this.snapshotBytes = snapshot.length;
      await log.truncate(encodeFileStart('log', this.name).length);
    });
  }

  async close(): Promise<void> {
    try {
      await this.log.close();
    } finally {
      this.release();
    }
  }

  /** The snapshot's state (if any) and the logged updates, as on disk now. */
  private async readStored(): Promise<Uint8Array[]> {
    const snapshot = await readSnapshot(this.paths.snapshot, this.name);
    const log = parseDocumentFile(new Uint8Array(await readFile(this.paths.log)), 'log', this.paths.log, this.name);
    return snapshot ? [snapshot.state, ...log.records] : log.records;
  }
}

/**
 * Opens (creating if new) the storage of document `name` in `dir`. Verifies
 * both files and cuts a torn last log record off (a crash mid-append: it was
 * never acknowledged). Throws DocumentStorageCorruptError for damage anywhere
 * else, DocumentStorageBusyError when the document is already open here.
 */
export async function openDocumentStorage(dir: string, name: string, options: StorageOptions = {}): Promise<DocumentStorage> {
  const paths = documentPaths(dir, name);
  const key = resolve(paths.log);
  if (openLogs.has(key)) throw new DocumentStorageBusyError(`the live document ${JSON.stringify(name)} in ${dir} is already open in this process: share that storage or close it first`);
  openLogs.add(key);
  let released = false;
  // Once only: a second close must not free the name while a later open holds it.
  const release = () => {
    if (!released) openLogs.delete(key);
    released = true;
  };
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let snapshot = await readSnapshot(paths.snapshot, name);
    let logBytes = await readIfExists(paths.log);
    if (logBytes === undefined) {
      // A snapshot without a log is the rest of an interrupted removal (see removeDocumentStorage): finish it.
      if (snapshot) await rm(paths.snapshot, { force: true });
      snapshot = undefined;
      logBytes = await createLog(paths.log, name);
    }
    const parsed = parseDocumentFile(logBytes, 'log', paths.log, name);
    const handle = await (options.fs ?? NODE_LOG_FS).open(paths.log, 'a', FILE_MODE);
    const size = logBytes.length - parsed.tornBytes;
    try {
      if (parsed.tornBytes > 0) {
        await handle.truncate(size);
        await handle.sync();
      }
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    const log = new UpdateLog(handle, paths.log, size, parsed.records.length);
    return new FileDocumentStorage(name, paths, log, snapshot?.bytes ?? 0, release);
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Removes document `name`'s files from `dir` (nothing to do when it has
 * none). The log goes first: a snapshot without a log can only be the rest of
 * an interrupted removal, and the next open finishes it instead of reviving a
 * stale document.
 */
export async function removeDocumentStorage(dir: string, name: string): Promise<void> {
  const paths = documentPaths(dir, name);
  if (openLogs.has(resolve(paths.log))) throw new DocumentStorageBusyError(`the live document ${JSON.stringify(name)} in ${dir} is open: close its storage before removing it`);
  await rm(paths.log, { force: true });
  await rm(paths.snapshot, { force: true });
  await syncFolder(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/**
 * Whether document `name` has durable state in `dir`, without opening it (a
 * document's storage may be open only once). Its log decides: a snapshot
 * without a log is the rest of an interrupted removal, which the next open
 * finishes, so that document does not exist.
 */
export async function documentExists(dir: string, name: string): Promise<boolean> {
  try {
    await access(documentPaths(dir, name).log);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw error;
  }
}

/**
 * Removes the whole folder `dir` of live documents (a change request published
 * or withdrawn: its documents are never opened again). Refused while any of
 * its documents is open here: close them first. Nothing to do when it is gone.
 */
export async function removeAllDocumentStorage(dir: string): Promise<void> {
  const folder = resolve(dir);
  const open = [...openLogs].filter((log) => dirname(log) === folder);
  if (open.length > 0) throw new DocumentStorageBusyError(`${open.length} live document(s) in ${dir} are open: close their storage before removing the folder`);
  await rm(folder, { recursive: true, force: true });
  await syncFolder(dirname(folder)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

function snapshotFile(name: string, state: Uint8Array): Uint8Array {
  const start = encodeFileStart('snapshot', name);
  const record = encodeRecord(state);
  const out = new Uint8Array(start.length + record.length);
  out.set(start);
  out.set(record, start.length);
  return out;
}

/** The snapshot's state and file size, or undefined when there is none. Written atomically, so any damage is corruption. */
async function readSnapshot(path: string, name: string): Promise<{ state: Uint8Array; bytes: number } | undefined> {
  const bytes = await readIfExists(path);
  if (bytes === undefined) return undefined;
  const { records, tornBytes } = parseDocumentFile(bytes, 'snapshot', path, name);
  if (records.length !== 1 || tornBytes > 0) throw new DocumentStorageCorruptError(path, bytes.length - tornBytes, `a snapshot holds one state record, this one ${records.length}${tornBytes > 0 ? ' and a torn one' : ''}`);
  return { state: records[0]!, bytes: bytes.length };
}

/** A new log: just its header, written atomically so it is never seen half made. */
async function createLog(path: string, name: string): Promise<Uint8Array> {
  const start = encodeFileStart('log', name);
  await writeFileAtomic(path, start, undefined, { newFileMode: FILE_MODE });
  return start;
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
