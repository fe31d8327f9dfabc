/**
 * The published workspace's YAML files on disk, read-only: list and read.
 * Nothing writes the published workspace through the API: it changes only
 * when a reviewed change request is published (changes/publishJournal.ts),
 * and edits made beside Colloquy are detected as out-of-band changes
 * (changes/PublishedFiles.ts).
 *
 * Rules every read follows:
 * - a path from a request goes through `parseWorkspacePath` and
 *   `resolveWorkspacePath` (paths.ts) before anything touches the disk;
 * - symbolic links are read when they lead to a file inside the workspace,
 *   never when they lead out of it;
 * - expected failures throw `StoreError` with a sentence for the user.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LIMITS, formatBytes } from '@colloquy/core';
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

export interface FileStoreOptions {
  /** Largest file read, in bytes. Default: core's parse limit (2 MiB), what the validator reads. */
  readonly maxFileBytes?: number;
}

/** Read without following a final symbolic link where the platform can (not on Windows). */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export class FileStore {
  private readonly maxFileBytes: number;

  private constructor(
    /** The real path (symlinks resolved) of the workspace folder. */
    readonly root: string,
    options: FileStoreOptions,
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_LIMITS.maxBytes;
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
    // Buffer's UTF-8 decoding keeps a byte-order mark, so a change request made from the text keeps the file's bytes.
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
