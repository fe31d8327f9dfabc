/** Text search across the open buffers (saved or not), for the Search view. */

export interface SearchOptions {
  readonly caseSensitive?: boolean;
  /** Stop after this many matches in all (default 2000: enough to read, cheap to render). */
  readonly limit?: number;
}

export interface SearchMatch {
  /** 1-based, like editors and diagnostics. */
  readonly line: number;
  readonly column: number;
  readonly length: number;
  /** The line's text, trimmed to at most 200 characters around the match. */
  readonly preview: string;
  /** Where the match starts in `preview`. */
  readonly previewStart: number;
}

export interface SearchFileResult {
  readonly path: string;
  readonly matches: readonly SearchMatch[];
}

export interface SearchResult {
  readonly files: readonly SearchFileResult[];
  readonly total: number;
  readonly truncated: boolean;
}

const PREVIEW_BEFORE = 40;
const PREVIEW_MAX = 200;

export function searchBuffers(buffers: Iterable<{ path: string; text: string }>, query: string, options: SearchOptions = {}): SearchResult {
  const limit = options.limit ?? 2000;
  if (query === '') return { files: [], total: 0, truncated: false };
  const needle = options.caseSensitive ? query : query.toLowerCase();
  const files: SearchFileResult[] = [];
  let total = 0;
  const sorted = [...buffers].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const { path, text } of sorted) {
    const matches: SearchMatch[] = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const hay = options.caseSensitive ? line : line.toLowerCase();
      let from = 0;
      for (;;) {
        const at = hay.indexOf(needle, from);
        if (at < 0) break;
        if (total >= limit) {
          if (matches.length) files.push({ path, matches });
          return { files, total, truncated: true };
        }
        const start = Math.max(0, at - PREVIEW_BEFORE);
        matches.push({ line: i + 1, column: at + 1, length: query.length, preview: line.slice(start, start + PREVIEW_MAX), previewStart: at - start });
        total++;
        from = at + Math.max(1, needle.length);
      }
    }
    if (matches.length) files.push({ path, matches });
  }
  return { files, total, truncated: false };
}
