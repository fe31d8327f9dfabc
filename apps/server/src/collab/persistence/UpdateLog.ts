/**
 * The update log of one document, with group commit.
 *
 * `append` resolves only once its record is written and on disk: the
 * collaboration server relays an update only after that, so a crash can lose
 * only updates nobody has seen. A durable write costs far more than the rest
 * of an update's handling, and a busy document gets updates from many clients
 * at once, so appends do not each wait for their own: the ones that arrive
 * while a write is in flight are written together in the next write (group
 * commit).
 *
 * All writes of records go through one queue, so a write never overlaps
 * another; `exclusive` puts other work (loading) in that queue, and appends
 * made meanwhile wait for it. A compaction does not: it moves the appends to
 * the next segment (`switchTo`) and writes the snapshot of the old one while
 * they carry on (FileDocumentStorage).
 *
 * On disk a batch is one write, at the log's end. Where the platform has
 * O_DSYNC (Linux, macOS) the file is opened with it, so that write returns
 * only once its data is on disk, as write + fdatasync would: one trip to the
 * thread pool instead of two. Each trip is a wake-up of a pool thread and then
 * of the event loop, which on a busy machine costs more than the disk itself,
 * and the relay of every update waits for it.
 *
 * Space is made ahead: the file holds zeros past the last record
 * (`allocated`), written and made durable beforehand, so a batch lands inside
 * the file and changes none of its metadata. A write that grows a file must
 * also wait for the file system's journal to record the new size, which on a
 * disk shared with other work waits for everyone's metadata; a write inside
 * the file waits only for its own data. When less than half a chunk is left,
 * the next chunk of zeros is written in the background; a batch that does not
 * fit waits for it, or grows the file itself when none is being made (the
 * first batch after opening a log whose zeros were cut off does). Readers
 * take the zeros for the end of the log (recordFraming.ts), and closing the log
 * cuts them off.
 *
 * A write or fsync that fails may leave part of a batch on disk and the page
 * cache in an unknown state (an fsync error is not retried safely), so the
 * log refuses further appends until it is reopened, which cuts any torn tail.
 */
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { encodeRecord } from './recordFraming.ts';

/** The file handle operations the log uses: a subset of node's `FileHandle`. */
export interface LogFileHandle {
  /** Writes all of `data` at byte `position`. */
  write(data: Uint8Array, position: number): Promise<void>;
  sync(): Promise<void>;
  /** Whether a write resolves only once it is on disk (opened with O_DSYNC): the log then makes no separate fsync. */
  readonly writesAreDurable?: boolean;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** How the log opens its files; tests wrap it to count fsyncs or tear writes on real files. */
export interface LogFileSystem {
  /** Opens the existing log file `path` for writing at positions (never appending: O_APPEND would ignore them). */
  open(path: string): Promise<LogFileHandle>;
}

/** Writing at positions, with O_DSYNC where the platform has it. */
const WRITE_DURABLY = fsConstants.O_DSYNC === undefined ? undefined : fsConstants.O_WRONLY | fsConstants.O_DSYNC;

/** Node's file system; a log gets durable writes where the platform has O_DSYNC. */
export const NODE_LOG_FS: LogFileSystem = {
  async open(path) {
    const handle = await fsp.open(path, WRITE_DURABLY ?? 'r+');
    return {
      writesAreDurable: WRITE_DURABLY !== undefined,
      write: async (data, position) => {
        // write(2) may write less than asked; what it wrote is on disk (O_DSYNC) and the rest follows.
        for (let offset = 0; offset < data.length; ) offset += (await handle.write(data, offset, data.length - offset, position + offset)).bytesWritten;
      },
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
};

/** Bytes of zeros made ahead at a time: some 1,500 keystrokes' records, more than a log holds between compactions. */
export const LOG_CHUNK_BYTES = 64 * 1024;

/** One chunk of zeros, shared by every write of zeros (never written to): not 64 KiB allocated per document. */
const ZEROS = new Uint8Array(LOG_CHUNK_BYTES);

/** Writes `bytes` zeros at `position` of `handle`, on disk when it resolves: space made ahead of appends. */
export async function writeZeros(handle: LogFileHandle, position: number, bytes = LOG_CHUNK_BYTES): Promise<void> {
  await handle.write(bytes <= ZEROS.length ? ZEROS.subarray(0, bytes) : new Uint8Array(bytes), position);
  if (!handle.writesAreDurable) await handle.sync();
}

/** One log file as the log writes it. */
export interface LogSegment {
  readonly handle: LogFileHandle;
  /** The file's path, for messages. */
  file: string;
  /** Bytes of the header and the records: where the next batch goes. */
  used: number;
  /** Bytes the file holds (`used` plus the zeros made ahead). */
  allocated: number;
  /** Update records in the file (the header is not one). */
  records: number;
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
  /** The zeros being written past `allocated`, while they are. */
  private extending: Promise<void> | undefined;

  /**
   * `segment` is open for writing; `chunkBytes` how much space to make ahead at a time. Space is
   * made after a batch, not before the first: a document opened to be read writes nothing.
   */
  constructor(
    private segment: LogSegment,
    private readonly chunkBytes = LOG_CHUNK_BYTES,
  ) {}

  get file(): string {
    return this.segment.file;
  }

  /** Bytes of the log's header and records (not the zeros made ahead). */
  get size(): number {
    return this.segment.used;
  }

  /** Update records in the log (the header is not one). */
  get updates(): number {
    return this.segment.records;
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

  /** Runs `task` once queued writes are done; appends made while it runs wait for it. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.handleClosed) throw new Error(`${this.file} is closed: open the document's storage again`);
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Makes later batches go to `next` (a new log holding just its header and zeros), once the
   * batches queued now are written; answers the segment they went to, which nothing writes to
   * any more. Refused when the log cannot take appends.
   */
  switchTo(next: LogSegment): Promise<LogSegment> {
    return this.exclusive(async () => {
      if (this.failure) throw this.unusable();
      await this.extending;
      const previous = this.segment;
      this.segment = next;
      return previous;
    });
  }

  /** The log file was renamed to `file` (it keeps being written through the same handle). */
  renamed(file: string): void {
    this.segment.file = file;
  }

  /** Waits for queued appends, cuts the zeros made ahead off, then closes the file. Later appends are refused. */
  async close(): Promise<void> {
    if (this.closed) return this.queue.then(() => undefined);
    this.closed = true;
    await this.exclusive(async () => {
      this.handleClosed = true;
      try {
        await this.extending;
        const { handle, used, allocated } = this.segment;
        if (!this.failure && allocated > used) {
          await handle.truncate(used);
          await handle.sync();
        }
      } finally {
        await this.segment.handle.close();
      }
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
    const data = batch.length === 1 ? batch[0]!.record : concat(batch.map((append) => append.record));
    const segment = this.segment;
    try {
      // Zeros being written where this batch goes: it waits for them (they would overwrite it).
      if (segment.used + data.length > segment.allocated) await this.extending;
      await segment.handle.write(data, segment.used);
      if (!segment.handle.writesAreDurable) await segment.handle.sync();
    } catch (error) {
      const failure = this.fail(error);
      for (const append of batch) append.reject(failure);
      return;
    }
    segment.used += data.length;
    segment.allocated = Math.max(segment.allocated, segment.used);
    segment.records += batch.length;
    for (const append of batch) append.resolve();
    this.makeRoom();
  }

  /** Starts writing the next chunk of zeros when less than half a chunk is left and none is being written. */
  private makeRoom(): void {
    const segment = this.segment;
    if (this.extending || this.closed || this.failure || segment.allocated - segment.used >= this.chunkBytes / 2) return;
    const from = segment.allocated;
    const extending = (async () => {
      await writeZeros(segment.handle, from, this.chunkBytes);
      segment.allocated = Math.max(segment.allocated, from + this.chunkBytes);
    })()
      // Not the appends' failure: a batch that does not fit then grows the file itself (and fails if the disk is full).
      .catch(() => undefined)
      .finally(() => {
        if (this.extending === extending) this.extending = undefined;
      });
    this.extending = extending;
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
