/**
 * The append-only update log of one document, with group commit.
 *
 * `append` resolves only once its record is written and fsynced: the
 * collaboration server relays an update only after that, so a crash can lose
 * only updates nobody has seen. An fsync costs milliseconds, and a busy
 * document gets updates from many clients at once, so appends do not each
 * wait for their own: the ones that arrive while a write is in flight are
 * written together in the next write and share its fsync (group commit).
 *
 * All file work goes through one queue, so a write never overlaps another, a
 * truncation or a read; `exclusive` puts other work (compaction, loading) in
 * that queue, and appends made meanwhile wait for it.
 *
 * A write or fsync that fails may leave part of a batch on disk and the page
 * cache in an unknown state (an fsync error is not retried safely), so the
 * log refuses further appends until it is reopened, which cuts any torn tail.
 *
 * On disk a batch is one write. Where the platform has O_DSYNC (Linux, macOS)
 * the file is opened with it, so that write returns only once its data (and
 * the file size) are on disk, as write + fdatasync would: one trip to the
 * thread pool instead of two. Each trip is a wake-up of a pool thread and then
 * of the event loop, which on a busy machine costs more than the disk itself,
 * and the relay of every update waits for it.
 */
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { encodeRecord } from './recordFraming.ts';

/** The file handle operations the log uses: a subset of node's `FileHandle`. */
export interface LogFileHandle {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  /** Whether a write resolves only once it is on disk (opened with O_DSYNC): the log then makes no separate fsync. */
  readonly writesAreDurable?: boolean;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** How the log opens its file; tests wrap it to count fsyncs on real files. */
export interface LogFileSystem {
  open(path: string, flags: string, mode?: number): Promise<LogFileHandle>;
}

/** Opening for appending (`'a'`) with O_DSYNC added, where the platform has it. */
const APPEND_DURABLY = fsConstants.O_DSYNC === undefined ? undefined : fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_DSYNC;

/** Node's file system; a log opened for appending (`'a'`) gets durable writes where the platform has O_DSYNC. */
export const NODE_LOG_FS: LogFileSystem = {
  async open(path, flags, mode) {
    const durable = flags === 'a' && APPEND_DURABLY !== undefined;
    const handle = await fsp.open(path, durable ? APPEND_DURABLY : flags, mode);
    return {
      writesAreDurable: durable,
      writeFile: async (data) => {
        // write(2) may write less than asked; what it wrote is on disk (O_DSYNC) and the rest follows.
        for (let offset = 0; offset < data.length; ) offset += (await handle.write(data, offset)).bytesWritten;
      },
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
};

/** What a task run by `exclusive` may do to the log. */
export interface ExclusiveLog {
  /** Cuts the file back to `length` bytes and fsyncs; the log then counts no update records. */
  truncate(length: number): Promise<void>;
}

interface PendingAppend {
  readonly record: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class UpdateLog {
  private pending: PendingAppend[] = [];
  private flushQueued = false;
  private queue: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;
  /** No appends are taken (close was called); queued work still runs. */
  private closed = false;
  private handleClosed = false;

  /** `handle` is open for appending; `bytes` and `records` describe what the file holds now. */
  constructor(
    private readonly handle: LogFileHandle,
    readonly file: string,
    private bytes: number,
    private records: number,
  ) {}

  /** Bytes in the log file. */
  get size(): number {
    return this.bytes;
  }

  /** Update records in the log (the header is not one). */
  get updates(): number {
    return this.records;
  }

  append(update: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.file} is closed: open the document's storage again to append`));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record: encodeRecord(update), resolve, reject });
      if (this.flushQueued) return;
      this.flushQueued = true;
      void this.exclusive(() => this.flush());
    });
  }

  /**
   * Runs `task` once queued file work is done; appends made while it runs
   * wait for it. The task gets the operations that must not be queued behind
   * those appends (a truncation queued instead would run after them and cut
   * them off).
   */
  exclusive<T>(task: (log: ExclusiveLog) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.handleClosed) throw new Error(`${this.file} is closed: open the document's storage again`);
      return task(this.exclusiveLog);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private readonly exclusiveLog: ExclusiveLog = { truncate: (length) => this.truncateNow(length) };

  /** Cuts the file back to `length` bytes (what it held after is elsewhere now, or torn), durably. */
  private async truncateNow(length: number): Promise<void> {
    if (this.failure) throw this.unusable();
    try {
      await this.handle.truncate(length);
      await this.handle.sync();
    } catch (error) {
      throw this.fail(error);
    }
    this.bytes = length;
    this.records = 0;
  }

  /** Waits for queued appends, then closes the file. Later appends are refused. */
  async close(): Promise<void> {
    if (this.closed) return this.queue.then(() => undefined);
    this.closed = true;
    await this.exclusive(async () => {
      this.handleClosed = true;
      await this.handle.close();
    });
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const batch = this.pending;
    this.pending = [];
    if (this.failure) {
      const refusal = this.unusable();
      for (const append of batch) append.reject(refusal);
      return;
    }
    try {
      await this.handle.writeFile(batch.length === 1 ? batch[0]!.record : concat(batch.map((append) => append.record)));
      if (!this.handle.writesAreDurable) await this.handle.sync();
    } catch (error) {
      const failure = this.fail(error);
      for (const append of batch) append.reject(failure);
      return;
    }
    this.bytes += batch.reduce((sum, append) => sum + append.record.length, 0);
    this.records += batch.length;
    for (const append of batch) append.resolve();
  }

  private unusable(): Error {
    return new Error(`${this.file} cannot take updates until the document is reopened: an earlier write failed (${this.failure?.message})`);
  }

  private fail(error: unknown): Error {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    return this.failure;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
