/**
 * The embedded audit log: records appended to `log.jsonl` and signed
 * checkpoints to `checkpoints.jsonl`, in a folder of the workspace's
 * `.colloquy/` (AuditLogStore is the interface a PostgreSQL store will also
 * implement).
 *
 * Durability: `append` resolves only after the record's line is written and
 * fsynced, so an action is never reported done before its record is on disk.
 * Appends are queued, never interleaved. A crash in the middle of one leaves
 * a last line without its newline; `open` cuts it off (nothing reported it
 * done) and records that it did, with the hash of the bytes it dropped.
 *
 * Checkpoints are signed at most once per `checkpointDelayMs` while records
 * arrive, and on `checkpoint()` and `close()`. They are fsynced too, but a
 * crash may lose the latest: the records it covered are still chained and in
 * the tree, and the next checkpoint covers them.
 *
 * Retention: `prune` moves the records older than a cutoff to a sealed
 * archive under `archive/`, after appending the `audit.pruned` record that
 * says so; the log then starts with a header standing for them
 * (audit/prunedBase.ts). The tree is never rewritten: every later root and
 * proof is what it was. docs/decisions/0016-audit-retention.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { recordLine, GENESIS_PREV, type AuditEntry, type AuditRecord } from '../audit/auditRecord.ts';
import { checkpointSignatureValid, parseCheckpoint, signCheckpoint, type Checkpoint, type CheckpointSigner } from '../audit/checkpoint.ts';
import type { AuditLogStore } from '../audit/AuditLogStore.ts';
import { isPrunedBaseLine, prunedBaseLine, prunedBaseOf } from '../audit/prunedBase.ts';
import { verifyLog, type LogProblem } from '../audit/verifyLog.ts';
import { fromHex, toHex } from '../hex.ts';
import { AUDIT_RETENTION_FLOOR, retentionCutoff } from '../audit/retention.ts';
import { MerkleLog } from '../merkle/MerkleLog.ts';
import { TreeHasher } from '../merkle/treeHasher.ts';
import { nativeSha256 } from './nativeSha256.ts';
import { syncFolder, writeFileAtomic } from '@colloquy/core/node';
import { acquireWriterLock, type WriterLock } from './writerLock.ts';

export const LOG_FILE = 'log.jsonl';
export const CHECKPOINTS_FILE = 'checkpoints.jsonl';
const ORIGIN_FILE = 'origin';
/** Where `prune` seals the records it moves out, one folder per pruning (`records-<first>-<last>`), each a log folder of its own. */
export const ARCHIVE_FOLDER = 'archive';

export interface PruneOptions {
  /** Records written before this time are archived (a prefix of the log: pruning stops at the first newer record). */
  readonly before: Date;
  /** The setting that decided it, in words (`400 days`), for the record. */
  readonly retention: string;
  /** Who asked (the CLI: nobody signed in, the OS user in `details`). */
  readonly actor?: AuditEntry['actor'];
  readonly details?: AuditEntry['details'];
}

export interface PruneResult {
  /** Records archived (0: none was old enough, and nothing was recorded or moved). */
  readonly archived: number;
  /** The first record the log now holds. */
  readonly first: number;
  /** The archive's folder, when records were archived. */
  readonly archive?: string;
  /** The `audit.pruned` record. */
  readonly record?: AuditRecord;
}

export interface FileAuditLogOptions {
  /** The log's folder, e.g. `<workspace>/.colloquy/audit`. */
  readonly dir: string;
  readonly signer: CheckpointSigner;
  /** The server's clock; tests pass a fixed one. */
  readonly now?: () => Date;
  /** Default 1,000 ms. */
  readonly checkpointDelayMs?: number;
}

export class FileAuditLog implements AuditLogStore {
  private queue: Promise<unknown> = Promise.resolve();
  private broken: Error | undefined;
  private checkpointTimer: ReturnType<typeof setTimeout> | undefined;
  private signedSize: number;

  private constructor(
    private readonly options: FileAuditLogOptions,
    readonly origin: string,
    private tree: MerkleLog,
    private logHandle: FileHandle,
    private readonly checkpointHandle: FileHandle,
    private readonly checkpointList: Checkpoint[],
    /** What verification found when the log was opened (an empty list for an intact log). */
    readonly problemsAtOpen: readonly LogProblem[],
    private readonly lock: WriterLock,
  ) {
    this.signedSize = checkpointList.at(-1)?.size ?? 0;
  }

  static async open(options: FileAuditLogOptions): Promise<FileAuditLog> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const lock = await acquireWriterLock(options.dir);
    try {
      return await FileAuditLog.openLocked(options, lock);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  private static async openLocked(options: FileAuditLogOptions, lock: WriterLock): Promise<FileAuditLog> {
    const origin = await readOrCreateOrigin(options.dir);
    const logPath = join(options.dir, LOG_FILE);
    const bytes = await readFile(logPath).catch(() => new Uint8Array());
    const { checkpoints, problems } = await readCheckpoints(join(options.dir, CHECKPOINTS_FILE));
    const verification = verifyLog(bytes, checkpoints, { hasher: new TreeHasher(nativeSha256) });
    const logHandle = await open(logPath, 'a+', 0o600);
    const checkpointHandle = await open(join(options.dir, CHECKPOINTS_FILE), 'a', 0o600);
    if (verification.tornTail > 0) {
      await logHandle.truncate(bytes.length - verification.tornTail);
      await logHandle.sync();
    }
    await syncFolder(options.dir);
    const log = new FileAuditLog(options, origin, verification.tree, logHandle, checkpointHandle, checkpoints, [...problems, ...verification.problems], lock);
    if (verification.tornTail > 0) {
      const dropped = bytes.subarray(bytes.length - verification.tornTail);
      await log.append({
        actor: { account: null, role: null },
        action: 'audit.recovered',
        details: { droppedBytes: dropped.length, droppedSha256: toHex(nativeSha256(dropped)), reason: 'an append was interrupted (no newline at the end of the log)' },
      });
    }
    return log;
  }

  get size(): number {
    return this.tree.size;
  }

  /** Appends a record; resolves once it is on disk. */
  append(entry: AuditEntry): Promise<AuditRecord> {
    const result = this.queue.then(() => this.write(entry));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async write(entry: AuditEntry): Promise<AuditRecord> {
    if (this.broken) throw new Error(`the audit log cannot take records until it is reopened: ${this.broken.message}`);
    const seq = this.tree.size;
    const record: AuditRecord = {
      ...entry,
      v: 1,
      seq,
      prev: seq === 0 ? GENESIS_PREV : toHex(this.tree.leafHash(seq - 1)),
      time: this.now().toISOString(),
    };
    const line = new TextEncoder().encode(recordLine(record));
    try {
      await this.logHandle.write(concat(line, NEWLINE));
      await this.logHandle.sync();
    } catch (error) {
      // A half-written line may be on disk: reopening cuts it off and records that.
      this.broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
    this.tree.appendData(line);
    this.scheduleCheckpoint();
    return record;
  }

  /** Signs a checkpoint of everything appended so far (after queued appends) and writes it durably. */
  checkpoint(): Promise<Checkpoint> {
    const result = this.queue.then(() => this.writeCheckpoint());
    this.queue = result.catch(() => undefined);
    return result;
  }

  latestCheckpoint(): Checkpoint | undefined {
    return this.checkpointList.at(-1);
  }

  checkpoints(): readonly Checkpoint[] {
    return this.checkpointList;
  }

  /** The first record the log holds: records before it were pruned into an archive (0 when none were). */
  get first(): number {
    return this.tree.first;
  }

  /** The lines of records `from` to `to` (exclusive), as stored; a pruned log has none before `first`. */
  async readLines(from = 0, to = this.size): Promise<string[]> {
    const lines = new TextDecoder().decode(await readFile(join(this.options.dir, LOG_FILE))).split('\n');
    const records = lines.length > 0 && isPrunedBaseLine(new TextEncoder().encode(lines[0]!)) ? lines.slice(1) : lines;
    return records.slice(Math.max(0, from - this.first), Math.max(0, to - this.first));
  }

  /** `log.jsonl` as it is on disk. */
  async readLog(): Promise<Uint8Array> {
    return new Uint8Array(await readFile(join(this.options.dir, LOG_FILE)));
  }

  /** The key this log's checkpoints are signed with: an export signs its bundle's contents with it too. */
  get signer(): CheckpointSigner {
    return this.options.signer;
  }

  inclusionProof(seq: number, size: number): string[] {
    return this.tree.inclusionProof(seq, size).map(toHex);
  }

  consistencyProof(size1: number, size2: number): string[] {
    return this.tree.consistencyProof(size1, size2).map(toHex);
  }

  rootAt(size: number): string {
    return toHex(this.tree.root(size));
  }

  async close(): Promise<void> {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    await this.queue;
    try {
      if (!this.broken && this.tree.size > this.signedSize) await this.writeCheckpoint();
    } finally {
      await this.logHandle.close();
      await this.checkpointHandle.close();
      await this.lock.release();
    }
  }

  /**
   * Archives the records written before `options.before`: appends `audit.pruned` (on disk first),
   * signs a checkpoint of everything and one of exactly the records archived, writes them sealed to
   * `archive/records-<first>-<last>/` (records, checkpoints, origin; the archive verifies on its own
   * and, joined with the log, together), then replaces `log.jsonl` with a header for them and the
   * records kept. Each step is durable before the next; a crash leaves either the log as it was (and
   * perhaps an archive to be written again) or the pruned log.
   */
  prune(options: PruneOptions): Promise<PruneResult> {
    const result = this.queue.then(() => this.pruneNow(options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async pruneNow(options: PruneOptions): Promise<PruneResult> {
    if (this.broken) throw new Error(`the audit log cannot be pruned until it is reopened: ${this.broken.message}`);
    const floor = retentionCutoff({ months: AUDIT_RETENTION_FLOOR.months }, this.now())!;
    if (options.before.getTime() > floor.getTime()) {
      throw new RangeError(`records must be kept at least six months (the EU AI Act's floor for deployers): nothing written after ${floor.toISOString()} may be pruned, and the cutoff asked for is ${options.before.toISOString()}`);
    }
    const first = this.first;
    const lines = await this.readLines(first, this.size);
    let before = first;
    for (const line of lines) {
      const time = (JSON.parse(line) as { time?: unknown }).time;
      if (typeof time !== 'string' || !(Date.parse(time) < options.before.getTime())) break;
      before++;
    }
    if (before === first) return { archived: 0, first };
    const name = `records-${first}-${before - 1}`;
    const archived = lines.slice(0, before - first);
    const record = await this.write({
      actor: options.actor ?? { account: null, role: null },
      action: 'audit.pruned',
      details: {
        ...options.details,
        before,
        from: first,
        records: before - first,
        oldest: (JSON.parse(archived[0]!) as { time: string }).time,
        newest: (JSON.parse(archived.at(-1)!) as { time: string }).time,
        cutoff: options.before.toISOString(),
        retention: options.retention,
        archive: `${ARCHIVE_FOLDER}/${name}`,
      },
    });
    await this.writeCheckpoint();
    const sealed = signCheckpoint(this.options.signer, { origin: this.origin, size: before, root: toHex(this.tree.root(before)), time: this.now().toISOString() });

    // The archive: a log folder of its own, written whole under a temporary name, then renamed into place.
    const archiveRoot = join(this.options.dir, ARCHIVE_FOLDER);
    await mkdir(archiveRoot, { recursive: true, mode: 0o700 });
    const temporary = join(archiveRoot, `.${name}.${randomBytes(4).toString('hex')}`);
    const target = join(archiveRoot, name);
    const header = await this.headerLine();
    const archiveCheckpoints = [...this.checkpointList.filter((c) => c.size >= first && c.size <= before && checkpointSignatureValid(c)), sealed];
    await mkdir(temporary, { mode: 0o700 });
    await writeText(join(temporary, LOG_FILE), `${header === undefined ? '' : `${header}\n`}${archived.map((line) => `${line}\n`).join('')}`);
    await writeText(join(temporary, CHECKPOINTS_FILE), archiveCheckpoints.map((c) => `${JSON.stringify(c)}\n`).join(''));
    await writeText(join(temporary, ORIGIN_FILE), `${this.origin}\n`);
    await rm(target, { recursive: true, force: true }); // an earlier attempt at the same records, cut short
    await rename(temporary, target);
    await syncFolder(archiveRoot);

    // The log: the header standing for the archived records, then the records kept.
    const kept = await this.readLines(before, this.size);
    const base = prunedBaseOf(this.tree, sealed);
    await this.logHandle.close();
    try {
      await writeText(join(this.options.dir, LOG_FILE), `${prunedBaseLine(base)}\n${kept.map((line) => `${line}\n`).join('')}`);
    } finally {
      this.logHandle = await open(join(this.options.dir, LOG_FILE), 'a+', 0o600);
    }
    const tree = new MerkleLog(new TreeHasher(nativeSha256), { size: before, nodes: base.nodes.map(fromHex) });
    for (let seq = before; seq < this.tree.size; seq++) tree.appendLeafHash(this.tree.leafHash(seq));
    this.tree = tree;
    return { archived: before - first, first: before, archive: target, record };
  }

  /** The log's header line, when it was pruned before. */
  private async headerLine(): Promise<string | undefined> {
    if (this.first === 0) return undefined;
    const text = new TextDecoder().decode(await readFile(join(this.options.dir, LOG_FILE)));
    return text.slice(0, text.indexOf('\n'));
  }

  private scheduleCheckpoint(): void {
    if (this.checkpointTimer) return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = undefined;
      this.checkpoint().catch(() => undefined);
    }, this.options.checkpointDelayMs ?? 1000);
    this.checkpointTimer.unref?.();
  }

  private async writeCheckpoint(): Promise<Checkpoint> {
    const size = this.tree.size;
    const checkpoint = signCheckpoint(this.options.signer, { origin: this.origin, size, root: toHex(this.tree.root(size)), time: this.now().toISOString() });
    await this.checkpointHandle.write(`${JSON.stringify(checkpoint)}\n`);
    await this.checkpointHandle.sync();
    this.checkpointList.push(checkpoint);
    this.signedSize = size;
    return checkpoint;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

const NEWLINE = new Uint8Array([0x0a]);

/** Replaces a file atomically (temporary file, fsync, rename, folder fsync), readable by its owner only when new. */
function writeText(path: string, text: string): Promise<void> {
  return writeFileAtomic(path, new TextEncoder().encode(text), undefined, { newFileMode: 0o600 });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function readOrCreateOrigin(dir: string): Promise<string> {
  const path = join(dir, ORIGIN_FILE);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined) return existing.trim();
  const origin = `colloquy-audit/${randomBytes(8).toString('hex')}`;
  await writeFile(path, `${origin}\n`, { flag: 'wx', mode: 0o600 }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return (await readFile(path, 'utf8')).trim();
}

/**
 * The checkpoints file, one JSON checkpoint a line. A torn last line (a crash
 * while signing) is skipped; a line that is not a checkpoint is reported, not
 * thrown: a damaged checkpoints file must not stop the log from recording.
 */
export async function readCheckpoints(path: string): Promise<{ checkpoints: Checkpoint[]; problems: LogProblem[] }> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const checkpoints: Checkpoint[] = [];
  const problems: LogProblem[] = [];
  text
    .split('\n')
    .slice(0, -1)
    .forEach((line, i) => {
      try {
        checkpoints.push(parseCheckpoint(JSON.parse(line), `${CHECKPOINTS_FILE} line ${i + 1}`));
      } catch (error) {
        problems.push({ kind: 'malformed', message: `${CHECKPOINTS_FILE} line ${i + 1} is not a checkpoint (${error instanceof Error ? error.message : String(error)}): it was edited or damaged` });
      }
    });
  return { checkpoints, problems };
}
