/**
 * The workspace's YAML files on disk: list, read, save, create, rename, delete.
 *
 * Rules every operation follows:
 * - a path from a request goes through `parseWorkspacePath` and
 *   `resolveWorkspacePath` (paths.ts) before anything touches the disk;
 * - writes are atomic (atomicWrite.ts) and serialised per path (KeyedLock.ts),
 *   so a version check and the write that follows it see no other save between
 *   them;
 * - symbolic links are read when they lead to a file inside the workspace, but
 *   never written, renamed or deleted through the API: replacing a link with a
 *   file would silently break what the link was for;
 * - expected failures throw `StoreError` with a sentence for the user.
 *
 * Every successful change calls `onChange` with the paths touched, so the
 * change feed reports the server's own saves at once instead of waiting for
 * the file watcher.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, realpath, rename as fsRename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_LIMITS, formatBytes } from '@colloquy/core';
import { NODE_FS, syncFolder, writeFileAtomic, type AtomicWriteFs } from '@colloquy/core/node';
import { KeyedLock } from './KeyedLock.ts';
import { isInside, isSkippedFolderName, isYamlFileName, parseWorkspacePath, resolveWorkspacePath, toWorkspaceRelative, type ResolvedPath, type WorkspacePath } from './paths.ts';
import { fromFsError, StoreError } from './storeError.ts';
import { versionOf } from './version.ts';

export interface FileEntry {
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
  readonly version: string;
}

export interface FileContent {
  readonly path: string;
  readonly content: string;
  readonly version: string;
}

export interface SavedFile {
  readonly path: string;
  readonly version: string;
}

export interface FileStoreOptions {
  /**
   * Largest file read or written, in bytes. Default: core's parse limit (2 MiB),
   * so the studio never saves a file the validator would refuse to read.
   */
  readonly maxFileBytes?: number;
  /** The file system seam of atomic writes (tests inject failures through it). */
  readonly fs?: AtomicWriteFs;
  /** Called after every successful change with the workspace paths it touched. */
  readonly onChange?: (paths: readonly string[]) => void;
}

/** Read without following a final symbolic link where the platform can (not on Windows). */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export class FileStore {
  private readonly lock = new KeyedLock();
  private readonly maxFileBytes: number;
  private readonly fs: AtomicWriteFs;
  private readonly onChange: (paths: readonly string[]) => void;

  private constructor(
    /** The real path (symlinks resolved) of the workspace folder. */
    readonly root: string,
    options: FileStoreOptions,
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_LIMITS.maxBytes;
    this.fs = options.fs ?? NODE_FS;
    this.onChange = options.onChange ?? (() => undefined);
  }

  /** Opens the workspace at `folder`; rejects when it is not a folder. */
  static async open(folder: string, options: FileStoreOptions = {}): Promise<FileStore> {
    const root = await realpath(folder);
    if (!(await stat(root)).isDirectory()) throw new Error(`not a folder: ${folder}`);
    return new FileStore(root, options);
  }

  /** Every workspace YAML file, sorted by path. Files that cannot be read are left out. */
  async list(): Promise<FileEntry[]> {
    const entries: FileEntry[] = [];
    await this.walk(this.root, entries);
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private async walk(folder: string, out: FileEntry[]): Promise<void> {
    const dirents = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const dirent of dirents) {
      const full = join(folder, dirent.name);
      if (dirent.isDirectory()) {
        if (!isSkippedFolderName(dirent.name)) await this.walk(full, out);
        continue;
      }
      if (!isYamlFileName(dirent.name) || !(dirent.isFile() || dirent.isSymbolicLink())) continue;
      const path = toWorkspaceRelative(this.root, full);
      if (!parseWorkspacePath(path).ok) continue; // a name the API could not address (e.g. with a `:`) is not offered
      const target = dirent.isSymbolicLink() ? await realpath(full).catch(() => undefined) : full;
      if (!target || !isInside(this.root, target)) continue; // a link out of the workspace is not part of it
      // Unreadable files (permissions, removed meanwhile) are skipped: one bad file must not hide the others.
      const hashed = await hashRegularFile(target).catch(() => undefined);
      if (hashed) out.push({ path, ...hashed });
    }
  }

  async read(input: unknown): Promise<FileContent> {
    const resolved = await this.resolve(input);
    const source = this.readableSource(resolved);
    const bytes = await this.readBytes(resolved.path, source);
    // Buffer's UTF-8 decoding keeps a byte-order mark, so saving the text back keeps the file's bytes.
    return { path: resolved.path, content: Buffer.from(bytes).toString('utf8'), version: versionOf(bytes) };
  }

  /**
   * The current version of a workspace path, or undefined when it is not a
   * readable workspace file (missing, a folder, outside). Never throws: the
   * change feed asks about whatever the watcher saw.
   */
  async currentVersion(path: string): Promise<string | undefined> {
    try {
      const resolved = await this.resolve(path);
      if (resolved.entry !== 'file' && resolved.entry !== 'symlink') return undefined;
      return (await hashRegularFile(resolved.linkTarget ?? resolved.absolute)).version;
    } catch {
      return undefined;
    }
  }

  /** Replaces an existing file. With `baseVersion`, refuses (conflict) when the file changed since. */
  async save(input: unknown, content: string, baseVersion?: string): Promise<SavedFile> {
    const path = this.check(input);
    const bytes = this.encode(path, content);
    return this.lock.run([lockKey(path)], async () => {
      const resolved = await this.resolve(path);
      this.writable(resolved, 'save');
      if (resolved.entry === 'missing') throw new StoreError('not-found', `\`${path}\` does not exist (it may have been deleted); create it instead.`);
      if (baseVersion !== undefined) {
        const current = await this.versionOnDisk(path, resolved.absolute);
        if (current !== baseVersion) {
          throw new StoreError('conflict', `\`${path}\` was changed by someone else since you opened it.`, { currentVersion: current });
        }
      }
      await this.write(path, resolved.absolute, bytes);
      return { path, version: versionOf(bytes) };
    });
  }

  /** Creates a new file (and its folders); refuses when the path is taken. */
  async create(input: unknown, content: string): Promise<SavedFile> {
    const path = this.check(input);
    const bytes = this.encode(path, content);
    return this.lock.run([lockKey(path)], async () => {
      const resolved = await this.resolve(path);
      if (resolved.entry !== 'missing') throw new StoreError('exists', `\`${path}\` already exists.`);
      await this.makeFolder(path, dirname(resolved.absolute));
      await this.write(path, resolved.absolute, bytes);
      return { path, version: versionOf(bytes) };
    });
  }

  async rename(fromInput: unknown, toInput: unknown): Promise<{ from: string; to: string; version: string }> {
    const from = this.check(fromInput);
    const to = this.check(toInput);
    return this.lock.run([lockKey(from), lockKey(to)], async () => {
      const source = await this.resolve(from);
      if (source.entry === 'missing') throw new StoreError('not-found', `\`${from}\` does not exist.`);
      this.writable(source, 'rename');
      const target = await this.resolve(to);
      // One file under both names is a case-only rename on a case-insensitive file system: allowed.
      const caseOnly = target.entry === 'file' && (await sameFile(source.absolute, target.absolute));
      if (target.entry !== 'missing' && !caseOnly) throw new StoreError('exists', `\`${to}\` already exists.`);
      await this.makeFolder(to, dirname(target.absolute));
      try {
        await fsRename(source.absolute, target.absolute);
        await syncFolder(dirname(source.absolute), this.fs);
        if (dirname(target.absolute) !== dirname(source.absolute)) await syncFolder(dirname(target.absolute), this.fs);
      } catch (error) {
        throw fromFsError(error, from);
      }
      this.onChange([from, to]);
      const version = await this.versionOnDisk(to, target.absolute);
      return { from, to, version };
    });
  }

  async delete(input: unknown): Promise<{ path: string }> {
    const path = this.check(input);
    return this.lock.run([lockKey(path)], async () => {
      const resolved = await this.resolve(path);
      if (resolved.entry === 'missing') throw new StoreError('not-found', `\`${path}\` does not exist.`);
      this.writable(resolved, 'delete');
      try {
        await unlink(resolved.absolute);
        await syncFolder(dirname(resolved.absolute), this.fs);
      } catch (error) {
        throw fromFsError(error, path);
      }
      this.onChange([path]);
      return { path };
    });
  }

  private check(input: unknown): WorkspacePath {
    const checked = parseWorkspacePath(input);
    if (!checked.ok) throw new StoreError('bad-path', `The path is not allowed: ${checked.reason}.`);
    return checked.path;
  }

  private async resolve(input: unknown): Promise<ResolvedPath> {
    const path = this.check(input);
    const result = await resolveWorkspacePath(this.root, path).catch((error: unknown) => Promise.reject(fromFsError(error, path)));
    if (!result.ok) throw new StoreError('bad-path', `The path is not allowed: ${result.reason}.`);
    return result.resolved;
  }

  private encode(path: string, content: string): Uint8Array {
    const bytes = Buffer.from(content, 'utf8');
    if (bytes.length > this.maxFileBytes) {
      throw new StoreError(
        'too-large',
        `\`${path}\` would be ${formatBytes(bytes.length)}, more than the ${formatBytes(this.maxFileBytes)} Colloquy can read; it was not saved.`,
      );
    }
    return bytes;
  }

  /** The file to read for a resolved path: the file itself, or the workspace file a link leads to. */
  private readableSource(resolved: ResolvedPath): string {
    switch (resolved.entry) {
      case 'missing':
        throw new StoreError('not-found', `\`${resolved.path}\` does not exist.`);
      case 'other':
        throw new StoreError('bad-path', `\`${resolved.path}\` is not a file.`);
      case 'symlink':
        return resolved.linkTarget!;
      case 'file':
        return resolved.absolute;
      default: {
        const unreachable: never = resolved.entry;
        throw new Error(`unknown entry ${String(unreachable)}`);
      }
    }
  }

  /** Refuses to change what is not a plain file (missing files are each operation's own case). */
  private writable(resolved: ResolvedPath, action: 'save' | 'rename' | 'delete'): void {
    if (resolved.entry === 'symlink') {
      throw new StoreError('bad-path', `\`${resolved.path}\` is a symbolic link; Colloquy does not ${action} links (change the file it leads to).`);
    }
    if (resolved.entry === 'other') throw new StoreError('bad-path', `\`${resolved.path}\` is not a file.`);
  }

  /** Reads a file (never through a link: callers pass a link's real target) within the size limit. */
  private async readBytes(path: string, absolute: string): Promise<Uint8Array> {
    try {
      return await readRegularFile(absolute, this.maxFileBytes);
    } catch (error) {
      if (error instanceof TooLargeError) {
        throw new StoreError('too-large', `\`${path}\` is ${formatBytes(error.size)}, more than the ${formatBytes(this.maxFileBytes)} Colloquy can open.`);
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoreError('not-found', `\`${path}\` does not exist.`);
      throw fromFsError(error, path);
    }
  }

  private async versionOnDisk(path: string, absolute: string): Promise<string> {
    try {
      return (await hashRegularFile(absolute)).version;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoreError('not-found', `\`${path}\` does not exist.`);
      throw fromFsError(error, path);
    }
  }

  private async write(path: string, absolute: string, bytes: Uint8Array): Promise<void> {
    try {
      await writeFileAtomic(absolute, bytes, this.fs);
    } catch (error) {
      throw fromFsError(error, path);
    }
    this.onChange([path]);
  }

  private async makeFolder(path: string, folder: string): Promise<void> {
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      throw fromFsError(error, path);
    }
  }
}

class TooLargeError extends Error {
  constructor(readonly size: number) {
    super(`file of ${size} bytes`);
  }
}

/**
 * Reads a regular file whole, refusing anything else (a FIFO would block, a
 * device never end) and anything above `limit` bytes without reading it.
 */
async function readRegularFile(absolute: string, limit: number): Promise<Uint8Array> {
  const handle = await open(absolute, constants.O_RDONLY | O_NOFOLLOW);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (stats.size > limit) throw new TooLargeError(stats.size);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Size and version of a regular file, hashed in chunks: listing a workspace
 * that holds a huge file (which the API will refuse to open) costs time, not
 * memory.
 */
async function hashRegularFile(absolute: string): Promise<{ size: number; version: string }> {
  const handle = await open(absolute, constants.O_RDONLY | O_NOFOLLOW);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    const hash = createHash('sha256');
    const chunk = new Uint8Array(64 * 1024);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { size, version: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  return Boolean(x && y && x.dev === y.dev && x.ino === y.ino);
}

/**
 * Case-insensitive, Unicode-normalised key: on macOS and Windows `Card.yaml`
 * and `card.yaml` (and NFC/NFD spellings) are one file, so they share a lock.
 * Over-locking on Linux costs nothing.
 */
function lockKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
