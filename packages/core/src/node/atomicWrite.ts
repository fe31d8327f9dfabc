/**
 * Atomic file replacement: a reader (the validator, git, an editor, another
 * studio) sees the old content or the new content, never a half-written file,
 * and a crash or a full disk leaves the old file as it was.
 *
 * The steps, each for a reason:
 * 1. write to a temp file in the same folder (`.name.yaml.<random>.tmp`): the
 *    same folder means the same file system, so the rename below is atomic; the
 *    leading dot and the `.tmp` ending keep it out of listings and the watcher;
 * 2. fsync the temp file: its bytes are on disk before its name is;
 * 3. rename it over the target: the atomic step;
 * 4. fsync the folder: the rename itself survives a power cut.
 * If any step before the rename fails, the temp file is removed and the error
 * rethrown; the target was never touched.
 *
 * File system calls go through `AtomicWriteFs` so tests can make one of them
 * fail (the seam); production uses `node:fs/promises`.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file handle operations used here: a subset of `FileHandle`. */
export interface WritableHandle {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file system calls an atomic write makes. */
export interface AtomicWriteFs {
  open(path: string, flags: string, mode?: number): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ mode: number }>;
}

export const NODE_FS: AtomicWriteFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: fsp.rename,
  unlink: fsp.unlink,
  stat: fsp.stat,
};

/** True for the temp files this module creates; the watcher and listings skip them. */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Replaces (or creates) `target` with `data` atomically. The new file keeps the
 * permission bits of the file it replaces, so saving does not change a file's mode;
 * a file that did not exist gets `newFileMode` (default 0o666, less the umask, as
 * any created file; secrets such as the accounts file pass 0o600).
 */
export async function writeFileAtomic(target: string, data: Uint8Array, fs: AtomicWriteFs = NODE_FS, { newFileMode = 0o666 }: { readonly newFileMode?: number } = {}): Promise<void> {
  const mode = await fs.stat(target).then(
    (stats) => stats.mode & 0o7777,
    () => newFileMode,
  );
  const temp = tempPathFor(target);
  // `wx`: fail rather than reuse a name that exists (a 48-bit random collision, or a hostile pre-created link).
  const handle = await fs.open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined); // best effort: the original error is what matters
    throw error;
  }
  await syncFolder(dirname(target), fs);
}

/**
 * Makes a rename or unlink in `folder` durable. Some platforms cannot open or
 * fsync a folder (Windows: EPERM/EISDIR; some network file systems: EINVAL);
 * there the rename has already happened and is as durable as the platform
 * allows, so those errors are not failures of the save.
 */
export async function syncFolder(folder: string, fs: AtomicWriteFs = NODE_FS): Promise<void> {
  let handle: WritableHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EBADF' && code !== 'EACCES') throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
