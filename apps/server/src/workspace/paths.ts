/**
 * Workspace paths: the only way a path from a request reaches the file system.
 *
 * Two steps, kept apart on purpose:
 * - `parseWorkspacePath` is pure: it checks the text of a path (no `..`, no
 *   absolute paths, no backslashes, no NUL, no empty segments, YAML files only,
 *   no hidden or node_modules folders) and says why it refuses one.
 * - `resolveWorkspacePath` touches the disk: it resolves the real path of the
 *   parent folder and checks it is still inside the workspace's real path, so a
 *   symbolic link cannot lead a request out of the workspace.
 *
 * The rules match what `readWorkspace` (in `@colloquy/core/node`) reads, so the
 * API can open every file the validator reports on, and nothing else.
 */
import { lstat, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** A checked workspace-relative path with `/` separators, e.g. `flows/card_lost.flow.yaml`. */
export type WorkspacePath = string & { readonly __brand: 'WorkspacePath' };

export type PathCheck = { readonly ok: true; readonly path: WorkspacePath } | { readonly ok: false; readonly reason: string };

/** Longest path accepted, in characters: far above any real flow path, well below OS limits. */
export const MAX_PATH_LENGTH = 1024;
/** Longest segment, in UTF-8 bytes: the limit of every common file system. */
const MAX_SEGMENT_BYTES = 255;

const YAML_FILE = /\.ya?ml$/i;

/**
 * Folders that are never part of a workspace: every dot-folder (`.git`,
 * `.colloquy`) and node_modules, the same as `readWorkspace` skips. The file
 * store's listing and the watcher use this too, so all three agree.
 */
export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Workspace files are YAML: `*.yaml` or `*.yml`, any case (as `readWorkspace` reads them). */
export function isYamlFileName(name: string): boolean {
  return YAML_FILE.test(name);
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
/** Characters Windows refuses in file names: a workspace is a git repository that may be checked out there. */
const NON_PORTABLE_CHARACTER = /[<>:"|?*]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks the text of a path from a request. Never throws. */
export function parseWorkspacePath(input: unknown): PathCheck {
  if (typeof input !== 'string') return refuse('the path must be a string');
  if (input.length === 0) return refuse('the path is empty');
  if (input.length > MAX_PATH_LENGTH) return refuse(`the path is longer than ${MAX_PATH_LENGTH} characters`);
  if (input.includes('\0')) return refuse('the path contains a NUL character');
  if (input.includes('\\')) return refuse('the path contains a backslash; use `/` between folders');
  if (input.startsWith('/') || /^[a-zA-Z]:/.test(input)) return refuse('the path is absolute; give it relative to the workspace folder');
  if (CONTROL_CHARACTER.test(input)) return refuse('the path contains a control character');
  // A lone surrogate would be written to disk as U+FFFD, so the file would not have the name asked for.
  if (LONE_SURROGATE.test(input)) return refuse('the path is not valid Unicode');
  if (NON_PORTABLE_CHARACTER.test(input)) return refuse('the path contains one of < > : " | ? *, which not every system allows in file names');
  const segments = input.split('/');
  for (const [index, segment] of segments.entries()) {
    const isFile = index === segments.length - 1;
    if (segment === '') return refuse('the path has an empty segment (a leading, trailing or doubled `/`)');
    if (segment === '.' || segment === '..') return refuse('the path contains `.` or `..`; give it relative to the workspace folder without them');
    if (segment.trim() !== segment) return refuse('a name in the path starts or ends with a space');
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) return refuse(`a name in the path is longer than ${MAX_SEGMENT_BYTES} bytes`);
    if (!isFile && isSkippedFolderName(segment)) {
      return refuse(`the folder \`${segment}\` is not part of the workspace (hidden folders and node_modules are skipped)`);
    }
  }
  if (!isYamlFileName(input)) return refuse('only .yaml and .yml files are workspace files');
  return { ok: true, path: input as WorkspacePath };
}

function refuse(reason: string): PathCheck {
  return { ok: false, reason };
}

/** Where a checked path lives on disk, after following the real path of its folder. */
export interface ResolvedPath {
  readonly path: WorkspacePath;
  /** The absolute path to open or write: the real parent folder joined with the file name. */
  readonly absolute: string;
  /** What is at that path now. */
  readonly entry: 'missing' | 'file' | 'symlink' | 'other';
  /** For `symlink` (a link to a file inside the workspace): the real path of that file. */
  readonly linkTarget?: string;
}

export type ResolveResult = { readonly ok: true; readonly resolved: ResolvedPath } | { readonly ok: false; readonly reason: string };

/**
 * Resolves a checked path against the workspace's real root. The nearest
 * existing ancestor folder is resolved with `realpath` and must stay inside
 * the root: a symlinked folder pointing elsewhere is refused. Missing folders
 * are allowed (saving creates them) because nothing below a folder that does
 * not exist can be a link.
 */
export async function resolveWorkspacePath(realRoot: string, path: WorkspacePath): Promise<ResolveResult> {
  const segments = path.split('/');
  const name = segments.pop()!;
  let existing = realRoot;
  let index = 0;
  for (; index < segments.length; index++) {
    const next = join(existing, segments[index]!);
    const real = await realpath(next).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
    if (real === undefined) break;
    if (!isInside(realRoot, real)) return { ok: false, reason: `the folder \`${segments.slice(0, index + 1).join('/')}\` is a link that leads out of the workspace` };
    existing = real;
  }
  const absolute = join(existing, ...segments.slice(index), name);
  if (index < segments.length) return { ok: true, resolved: { path, absolute, entry: 'missing' } };
  const stats = await lstat(absolute).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (!stats) return { ok: true, resolved: { path, absolute, entry: 'missing' } };
  if (stats.isFile()) return { ok: true, resolved: { path, absolute, entry: 'file' } };
  if (!stats.isSymbolicLink()) return { ok: true, resolved: { path, absolute, entry: 'other' } };
  const target = await realpath(absolute).catch(() => undefined);
  if (!target || !isInside(realRoot, target)) return { ok: false, reason: `\`${path}\` is a link that leads out of the workspace` };
  const targetStats = await lstat(target).catch(() => undefined);
  if (!targetStats?.isFile()) return { ok: true, resolved: { path, absolute, entry: 'other' } };
  return { ok: true, resolved: { path, absolute, entry: 'symlink', linkTarget: target } };
}

/** True when `target` is `root` itself or below it (both real paths). */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

/** The workspace-relative `/` path of an absolute path under the real root. */
export function toWorkspaceRelative(realRoot: string, absolute: string): string {
  return relative(realRoot, absolute).split(sep).join('/');
}
