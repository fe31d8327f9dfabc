/**
 * Workspace paths: the only way a path from a request reaches the file system.
 *
 * Two steps, kept apart on purpose:
 * - `parseWorkspacePath` is pure: it checks the text of a path with core's
 *   rules (`workspacePathProblem`: no `..`, no absolute paths, no backslashes,
 *   no NUL, no empty segments, YAML files only, no hidden or node_modules
 *   folders; the studio checks typed names with the same) and says why it
 *   refuses one.
 * - `resolveWorkspacePath` touches the disk: it resolves the real path of the
 *   parent folder and checks it is still inside the workspace's real path, so a
 *   symbolic link cannot lead a request out of the workspace.
 *
 * The rules match what `readWorkspace` (in `@colloquy/core/node`) reads, so the
 * API can open every file the validator reports on, and nothing else.
 */
import { lstat, realpath } from 'node:fs/promises';
import { isSkippedFolderName, isYamlFileName, MAX_PATH_LENGTH, MAX_SEGMENT_BYTES, workspacePathProblem, type PathProblem } from '@colloquy/core';
import { join, relative, sep } from 'node:path';

/** A checked workspace-relative path with `/` separators, e.g. `flows/card_lost.flow.yaml`. */
export type WorkspacePath = string & { readonly __brand: 'WorkspacePath' };

export type PathCheck = { readonly ok: true; readonly path: WorkspacePath } | { readonly ok: false; readonly reason: string };

export { isSkippedFolderName, isYamlFileName, MAX_PATH_LENGTH };

/** Checks the text of a path from a request (core's rules, in the API's words). Never throws. */
export function parseWorkspacePath(input: unknown): PathCheck {
  if (typeof input !== 'string') return { ok: false, reason: 'the path must be a string' };
  const problem = workspacePathProblem(input);
  return problem ? { ok: false, reason: reasonOf(problem) } : { ok: true, path: input as WorkspacePath };
}

function reasonOf(problem: PathProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'the path is empty';
    case 'too-long':
      return `the path is longer than ${MAX_PATH_LENGTH} characters`;
    case 'nul':
      return 'the path contains a NUL character';
    case 'backslash':
      return 'the path contains a backslash; use `/` between folders';
    case 'absolute':
      return 'the path is absolute; give it relative to the workspace folder';
    case 'control-character':
      return 'the path contains a control character';
    case 'not-unicode':
      return 'the path is not valid Unicode';
    case 'non-portable-character':
      return 'the path contains one of < > : " | ? *, which not every system allows in file names';
    case 'empty-segment':
      return 'the path has an empty segment (a leading, trailing or doubled `/`)';
    case 'dot-segment':
      return 'the path contains `.` or `..`; give it relative to the workspace folder without them';
    case 'spaced-segment':
      return 'a name in the path starts or ends with a space';
    case 'long-segment':
      return `a name in the path is longer than ${MAX_SEGMENT_BYTES} bytes`;
    case 'skipped-folder':
      return `the folder \`${problem.segment}\` is not part of the workspace (hidden folders and node_modules are skipped)`;
    case 'not-yaml':
      return 'only .yaml and .yml files are workspace files';
  }
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
