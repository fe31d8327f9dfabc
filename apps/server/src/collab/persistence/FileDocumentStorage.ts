/**
 * A live document's durable state in the change request's `live/` folder:
 * `<sha256>.snapshot` (the document as of the last compaction, written
 * atomically) and `<sha256>.log` (the updates since, appended; see
 * UpdateLog). Loading is the snapshot, then the log.
 *
 * Compaction never holds appends up. Step by step, each safe to crash after:
 * 1. what the log holds so far is merged with the snapshot and the caller's
 *    state (a state Yjs cannot decode fails here, with nothing changed);
 * 2. a next log, `<sha256>.next.log`, is made (its header atomically, then its
 *    zeros) while appends carry on into the log; then appends move to it, between two
 *    batches. A crash from here on leaves snapshot + log + next log, and
 *    loading all three in order loses nothing;
 * 3. the records that reached the log after step 1 are merged in, and the new
 *    snapshot is written atomically (temp file, fsync, rename, fsync of the
 *    folder: core's writeFileAtomic). A crash after it leaves the new snapshot,
 *    the old log and the next log: replaying updates the snapshot already holds
 *    is harmless in Yjs;
 * 4. the next log is renamed over the log (and the folder fsynced): the old
 *    log is gone, and appends go on into the same file under its usual name.
 * Opening a document whose next log exists finishes steps 3 and 4 first.
 *
 * One writer per document: a second open in this process is refused
 * (DocumentStorageBusyError). Across processes the workspace is already
 * guarded: `colloquy serve` holds the audit log's writer lock for as long as
 * it runs, so a second server on the same workspace stops before it opens any
 * live document.
 */
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { syncFolder, writeFileAtomic } from '@colloquy/core/node';
import type { DocumentStorage } from './index.ts';
import { currentMagic, documentPaths, encodeFileStart, parseDocumentFile, type DocumentPaths } from './documentFiles.ts';
import { mergeIntoSnapshot } from './mergeIntoSnapshot.ts';
import { decodeRecords, DocumentStorageCorruptError, encodeRecord } from './recordFraming.ts';
import { LOG_CHUNK_BYTES, NODE_LOG_FS, UpdateLog, writeZeros, type LogFileSystem, type LogSegment } from './UpdateLog.ts';

export interface StorageOptions {
  /** How log files are opened for writing; tests wrap it to count fsyncs or tear writes. Default node's `fs/promises`. */
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
  /** The log a compaction moved the appends away from, until the snapshot holding it is written and it is replaced. */
  private previous: LogSegment | undefined;
  /** Compactions run one after the other. */
  private compactions: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly dir: string,
    private readonly paths: DocumentPaths,
    private readonly log: UpdateLog,
    snapshotBytes: number,
    private readonly fs: LogFileSystem,
    private readonly release: () => void,
  ) {
    this.snapshotBytes = snapshotBytes;
  }

  get storedBytes(): number {
    return this.snapshotBytes + (this.previous?.used ?? 0) + this.log.size;
  }

  get loggedUpdates(): number {
    return (this.previous?.records ?? 0) + this.log.updates;
  }

  load(): Promise<Uint8Array[]> {
    return this.log.exclusive(async () => {
      const stored = await this.readStored(this.previous ?? { file: this.log.file, used: this.log.size });
      if (!this.previous) return stored;
      return [...stored, ...(await readLogRecords(this.log.file, this.name, this.log.size))];
    });
  }

  append(update: Uint8Array): Promise<void> {
    return this.log.append(update);
  }

  compact(state: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.paths.log} is closed: open the document's storage again`));
    const run = this.compactions.then(() => this.compactNow(state));
    this.compactions = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.compactions;
      await this.log.close();
    } finally {
      await this.previous?.handle.close().catch(() => undefined);
      this.release();
    }
  }

  private async compactNow(state: Uint8Array): Promise<void> {
    let merged: Uint8Array;
    if (this.previous) {
      // An earlier compaction stopped after moving the appends: its log is whole on disk.
      merged = mergeIntoSnapshot([...(await this.readStored(this.previous)), state]);
    } else {
      // Between two batches: the log's bytes up to here stay as they are.
      const mark = await this.log.exclusive(async () => this.log.size);
      merged = mergeIntoSnapshot([...(await this.readStored({ file: this.paths.log, used: mark })), state]);
      const next = await this.makeNextLog();
      let previous: LogSegment;
      try {
        previous = await this.log.switchTo(next);
      } catch (error) {
        // The log takes no appends (a write failed): nothing moved, and the empty next log goes.
        await next.handle.close().catch(() => undefined);
        await rm(this.paths.nextLog, { force: true });
        throw error;
      }
      this.previous = previous;
      if (previous.used > mark) {
        const late = decodeRecords((await readFile(previous.file)).subarray(0, previous.used), mark, previous.file);
        merged = mergeIntoSnapshot([merged, ...late.records]);
      }
    }
    const snapshot = snapshotFile(this.name, merged);
    await writeFileAtomic(this.paths.snapshot, snapshot, undefined, { newFileMode: FILE_MODE });
    this.snapshotBytes = snapshot.length;
    await rename(this.paths.nextLog, this.paths.log);
    this.log.renamed(this.paths.log);
    const replaced = this.previous!;
    this.previous = undefined;
    await replaced.handle.close().catch(() => undefined);
    await syncFolder(this.dir);
  }

  /** A new next log (its header written atomically), open for writing, with its zeros made ahead before any append goes there. */
  private async makeNextLog(): Promise<LogSegment> {
    const used = await createLog(this.paths.nextLog, this.name);
    const handle = await this.fs.open(this.paths.nextLog);
    try {
      await writeZeros(handle, used);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    return { handle, file: this.paths.nextLog, used, allocated: used + LOG_CHUNK_BYTES, records: 0 };
  }

  /** The snapshot's state (if any) and the records of `log` up to `used` bytes, as on disk now. */
  private async readStored(log: { readonly file: string; readonly used: number }): Promise<Uint8Array[]> {
    const snapshot = await readSnapshot(this.paths.snapshot, this.name);
    const records = await readLogRecords(log.file, this.name, log.used);
    return snapshot ? [snapshot.state, ...records] : records;
  }
}

/**
 * Opens (creating if new) the storage of document `name` in `dir`. Verifies
 * the files, finishes a compaction a crash cut short and cuts a torn last log
 * record off (a crash mid-append: it was never acknowledged). Throws
 * DocumentStorageCorruptError for damage anywhere else,
 * DocumentStorageBusyError when the document is already open here.
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
  const fs = options.fs ?? NODE_LOG_FS;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let snapshot = await readSnapshot(paths.snapshot, name);
    let logBytes = await readIfExists(paths.log);
    if (logBytes === undefined) {
      // A snapshot or next log without a log is the rest of an interrupted removal (see removeDocumentStorage): finish it.
      await rm(paths.nextLog, { force: true });
      if (snapshot) await rm(paths.snapshot, { force: true });
      snapshot = undefined;
      await createLog(paths.log, name);
      logBytes = await readFile(paths.log);
    } else if (await exists(paths.nextLog)) {
      snapshot = await finishCompaction(dir, paths, name, snapshot, logBytes);
      logBytes = new Uint8Array(await readFile(paths.log));
    }
    const parsed = parseDocumentFile(logBytes, 'log', paths.log, name);
    const handle = await fs.open(paths.log);
    try {
      if (parsed.tornBytes > 0) {
        await handle.truncate(parsed.end);
        await handle.sync();
      }
      if (!parsed.current) {
        // An older log: from now on it may end in zeros and have a next log, which its version did not.
        await handle.write(currentMagic('log'), 0);
        if (!handle.writesAreDurable) await handle.sync();
      }
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    const allocated = parsed.tornBytes > 0 ? parsed.end : logBytes.length;
    const log = new UpdateLog({ handle, file: paths.log, used: parsed.end, allocated, records: parsed.records.length });
    return new FileDocumentStorage(name, dir, paths, log, snapshot?.bytes ?? 0, fs, release);
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Steps 3 and 4 of a compaction a crash cut short (the next log exists): the
 * snapshot of the old log (whole up to any torn tail, which nobody was told
 * was stored), then the next log renamed over it. Answers the new snapshot.
 */
async function finishCompaction(dir: string, paths: DocumentPaths, name: string, snapshot: StoredSnapshot | undefined, logBytes: Uint8Array): Promise<StoredSnapshot> {
  // The next log must be whole before the old one goes.
  parseDocumentFile(new Uint8Array(await readFile(paths.nextLog)), 'log', paths.nextLog, name);
  const old = parseDocumentFile(logBytes, 'log', paths.log, name);
  const state = mergeIntoSnapshot(snapshot ? [snapshot.state, ...old.records] : old.records);
  const file = snapshotFile(name, state);
  await writeFileAtomic(paths.snapshot, file, undefined, { newFileMode: FILE_MODE });
  await rename(paths.nextLog, paths.log);
  await syncFolder(dir);
  return { state, bytes: file.length };
}

/**
 * Removes document `name`'s files from `dir` (nothing to do when it has
 * none). The log goes first: a snapshot or next log without a log can only be
 * the rest of an interrupted removal, and the next open finishes it instead of
 * reviving a stale document.
 */
export async function removeDocumentStorage(dir: string, name: string): Promise<void> {
  const paths = documentPaths(dir, name);
  if (openLogs.has(resolve(paths.log))) throw new DocumentStorageBusyError(`the live document ${JSON.stringify(name)} in ${dir} is open: close its storage before removing it`);
  await rm(paths.log, { force: true });
  await rm(paths.nextLog, { force: true });
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

interface StoredSnapshot {
  readonly state: Uint8Array;
  /** The snapshot file's size. */
  readonly bytes: number;
}

/** The snapshot's state and file size, or undefined when there is none. Written atomically, so any damage is corruption. */
async function readSnapshot(path: string, name: string): Promise<StoredSnapshot | undefined> {
  const bytes = await readIfExists(path);
  if (bytes === undefined) return undefined;
  const { records, tornBytes } = parseDocumentFile(bytes, 'snapshot', path, name);
  if (records.length !== 1 || tornBytes > 0) throw new DocumentStorageCorruptError(path, bytes.length - tornBytes, `a snapshot holds one state record, this one ${records.length}${tornBytes > 0 ? ' and a torn one' : ''}`);
  return { state: records[0]!, bytes: bytes.length };
}

/** The update records of the log `file` in its first `used` bytes (a batch being written after them is not read). */
async function readLogRecords(file: string, name: string, used: number): Promise<Uint8Array[]> {
  return parseDocumentFile(new Uint8Array(await readFile(file)).subarray(0, used), 'log', file, name).records;
}

/** A new log: just its header, written atomically so it is never seen half made. Answers its size. */
async function createLog(path: string, name: string): Promise<number> {
  const start = encodeFileStart('log', name);
  await writeFileAtomic(path, start, undefined, { newFileMode: FILE_MODE });
  return start.length;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
