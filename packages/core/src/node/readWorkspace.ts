import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { SourceFile } from '../workspace/WorkspaceValidator.ts';
import { DEFAULT_LIMITS } from '../source/limits.ts';

/** Folders never read as part of a workspace. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.colloquy']);

export interface ReadWorkspaceOptions {
  /** Bytes read per file at most; larger files are cut one byte past it so the size check reports them. */
  readonly maxBytes?: number;
}

/**
 * Reads every `*.yaml`/`*.yml` file under `root` (skipping dot-folders,
 * node_modules and `.colloquy/`). Symbolic links are not followed out of the
 * workspace. Paths come back workspace-relative with `/` separators, sorted.
 */
export async function readWorkspace(root: string, options: ReadWorkspaceOptions = {}): Promise<SourceFile[]> {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const realRoot = await realpath(root);
  const files: SourceFile[] = [];
  await walk(realRoot, realRoot, maxBytes, files);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walk(realRoot: string, directory: string, maxBytes: number, out: SourceFile[]): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || SKIPPED_DIRECTORIES.has(entry.name)) continue;
      await walk(realRoot, full, maxBytes, out);
    } else if (/\.ya?ml$/i.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
      const target = entry.isSymbolicLink() ? await realpath(full).catch(() => undefined) : full;
      if (!target || !isInside(realRoot, target)) continue; // a link out of the workspace is not part of it
      const stats = await lstat(target);
      if (!stats.isFile()) continue;
      out.push({ path: relative(realRoot, full).split(sep).join('/'), content: await readPrefix(target, maxBytes + 1) });
    }
  }
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
}

/** Reads at most `limit` bytes: a 50 MB file costs no more than the limit. */
async function readPrefix(path: string, limit: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = new Uint8Array(Math.min(size, limit));
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === buffer.length ? buffer : buffer.subarray(0, offset);
  } finally {
    await handle.close();
  }
}
