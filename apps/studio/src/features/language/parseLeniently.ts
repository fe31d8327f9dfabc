/**
 * Parsing for language features, which must keep working while a designer is
 * halfway through typing. Core's `parseYaml` returns no data at all once the
 * YAML has a syntax error (right for validation: one mistake, one
 * diagnostic); here we want whatever can still be read. So on a syntax error
 * the offending lines are blanked (every character but line breaks replaced by
 * a space, so offsets, lines and columns stay those of the real text) and the
 * text is parsed again, walking backwards from an error whose own line is
 * already blank (an unclosed quote or bracket is reported where the file ends,
 * not where it opened).
 */
import { parseYaml, type SourceDocument } from '@colloquy/core';

export interface LenientParse {
  /** Plain data, `undefined` when nothing could be read. */
  readonly data: unknown;
  /** Positions for `data`; its text equals the real text except on blanked lines. */
  readonly source: SourceDocument | undefined;
  /** 1-based lines that were blanked to get `data` (empty when the file parsed as written). */
  readonly blankedLines: readonly number[];
}

/**
 * Parses at most this many times per file. Each blanking usually fixes one
 * half-typed line; eight covers a few at once without letting a badly broken
 * large file cost more than a handful of parses.
 */
const MAX_ATTEMPTS = 8;
/** Above this size a broken file gets fewer retries: each parse of a large file costs milliseconds. */
const LARGE_FILE = 256 * 1024;

export function parseLeniently(path: string, text: string): LenientParse {
  const lines = splitLines(text);
  const blanked = new Set<number>();
  const attempts = text.length > LARGE_FILE ? 2 : MAX_ATTEMPTS;
  let current = text;
  let source: SourceDocument | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const parsed = parseYaml(path, current);
    source = parsed.source;
    if (!source) return { data: undefined, source: undefined, blankedLines: [] };
    if (parsed.data !== undefined) return { data: parsed.data, source, blankedLines: [...blanked].sort((a, b) => a - b) };
    const errorLines = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.range.start.line);
    const toBlank = new Set<number>();
    for (const line of errorLines) {
      // The error's own line, or the nearest line above it that still has text.
      for (let candidate = Math.min(line, lines.length); candidate >= 1; candidate--) {
        if (!blanked.has(candidate) && lines[candidate - 1]!.text.trim() !== '') {
          toBlank.add(candidate);
          break;
        }
      }
    }
    if (toBlank.size === 0) break;
    for (const line of toBlank) blanked.add(line);
    current = blank(text, lines, blanked);
  }
  return { data: undefined, source, blankedLines: [...blanked].sort((a, b) => a - b) };
}

interface Line {
  readonly start: number;
  readonly text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      lines.push({ start, text: text.slice(start) });
      return lines;
    }
    lines.push({ start, text: text.slice(start, end) });
    start = end + 1;
  }
}

function blank(text: string, lines: readonly Line[], blanked: ReadonlySet<number>): string {
  let out = '';
  let from = 0;
  for (const lineNumber of [...blanked].sort((a, b) => a - b)) {
    const line = lines[lineNumber - 1]!;
    out += text.slice(from, line.start) + line.text.replace(/[^\r]/g, ' ');
    from = line.start + line.text.length;
  }
  return out + text.slice(from);
}
