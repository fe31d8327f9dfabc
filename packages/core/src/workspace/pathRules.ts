/**
 * What a workspace path may be, as text: the rules the server applies to
 * every path a request names (apps/server/src/workspace/paths.ts) and the
 * studio applies to a name typed in the Explorer before it asks
 * (features/explorer/fileNames.ts). One set of rules, each app wording the
 * problem for its own readers; pure, so it runs in the browser too.
 *
 * The folder and suffix rules match what `readWorkspace` reads, so every file
 * a path may name is one the validator sees.
 */

/** Longest path accepted, in characters: far above any real flow path, well below OS limits. */
export const MAX_PATH_LENGTH = 1024;
/** Longest segment, in UTF-8 bytes: the limit of every common file system. */
export const MAX_SEGMENT_BYTES = 255;

const YAML_FILE = /\.ya?ml$/i;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
/** Characters Windows refuses in file names: a workspace is a git repository that may be checked out there. */
const NON_PORTABLE_CHARACTER = /[<>:"|?*]/;
/** A lone surrogate would be written to disk as U+FFFD, so the file would not have the name asked for. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Folders that are never part of a workspace: every dot-folder (`.git`,
 * `.colloquy`) and node_modules, the same as `readWorkspace` skips.
 */
export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Workspace files are YAML: `*.yaml` or `*.yml`, any case (as `readWorkspace` reads them). */
export function isYamlFileName(name: string): boolean {
  return YAML_FILE.test(name);
}

/** Why a path's text is not a workspace path; the first rule it breaks, in the order checked. */
export type PathProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'too-long'; readonly length: number }
  | { readonly kind: 'nul' }
  | { readonly kind: 'backslash' }
  | { readonly kind: 'absolute' }
  | { readonly kind: 'control-character' }
  | { readonly kind: 'not-unicode' }
  | { readonly kind: 'non-portable-character' }
  /** `last`: the empty segment is the file name (the path ends with `/`). */
  | { readonly kind: 'empty-segment'; readonly last: boolean }
  | { readonly kind: 'dot-segment' }
  | { readonly kind: 'spaced-segment'; readonly segment: string }
  | { readonly kind: 'long-segment' }
  | { readonly kind: 'skipped-folder'; readonly segment: string }
  | { readonly kind: 'not-yaml' };

/** The first rule `path` breaks, or undefined for a workspace path. */
export function workspacePathProblem(path: string): PathProblem | undefined {
  if (path.length === 0) return { kind: 'empty' };
  if (path.length > MAX_PATH_LENGTH) return { kind: 'too-long', length: path.length };
  if (path.includes('\0')) return { kind: 'nul' };
  if (path.includes('\\')) return { kind: 'backslash' };
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return { kind: 'absolute' };
  if (CONTROL_CHARACTER.test(path)) return { kind: 'control-character' };
  if (LONE_SURROGATE.test(path)) return { kind: 'not-unicode' };
  if (NON_PORTABLE_CHARACTER.test(path)) return { kind: 'non-portable-character' };
  const segments = path.split('/');
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (segment === '') return { kind: 'empty-segment', last };
    if (segment === '.' || segment === '..') return { kind: 'dot-segment' };
    if (segment.trim() !== segment) return { kind: 'spaced-segment', segment };
    if (new TextEncoder().encode(segment).length > MAX_SEGMENT_BYTES) return { kind: 'long-segment' };
    if (!last && isSkippedFolderName(segment)) return { kind: 'skipped-folder', segment };
  }
  if (!isYamlFileName(path)) return { kind: 'not-yaml' };
  return undefined;
}
