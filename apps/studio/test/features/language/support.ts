/**
 * Builders and assertion helpers for the language-feature tests: the example
 * workspace in flows/ (read once with node:fs), positions found by the text
 * they point at, and a validator that applies rename edits and reports the
 * diagnostics they add.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkspaceValidator, formatDiagnostic, type Range } from '@colloquy/core';
import { expect } from 'vitest';
import { applyEdits } from '../../../src/features/language/applyEdits.ts';
import type { TextEdit } from '../../../src/features/language/rename.ts';
import { createSymbolIndex, type SymbolIndex } from '../../../src/features/language/symbolIndex.ts';
import type { TextPosition } from '../../../src/features/language/types.ts';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
export const EXAMPLE_WORKSPACE = join(REPO, 'flows');

let example: ReadonlyMap<string, string> | undefined;

/** The example workspace's YAML files: workspace-relative path → text. */
export function exampleFiles(): ReadonlyMap<string, string> {
  if (!example) {
    const files = new Map<string, string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(entry.name)) files.set(relative(EXAMPLE_WORKSPACE, full).split(sep).join('/'), readFileSync(full, 'utf8'));
      }
    };
    walk(EXAMPLE_WORKSPACE);
    example = new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return example;
}

export function exampleIndex(): SymbolIndex {
  return createSymbolIndex(exampleFiles());
}

/**
 * The position of the `occurrence`-th (0-based) `needle` in `text`, `plus`
 * characters in: `at(text, 'next: ask_consent', 0, 6)` is on `ask_consent`.
 */
export function at(text: string, needle: string, occurrence = 0, plus = 0): TextPosition {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence + 1} times`);
  }
  offset += plus;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** `line:column-line:column`, the compact form range assertions use. */
export function span(range: Range): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** `path:line:column` for each location. */
export function where(locations: readonly { path: string; range: Range }[]): string[] {
  return locations.map((l) => `${l.path}:${l.range.start.line}:${l.range.start.column}`);
}

/** The text a range covers. */
export function textOf(text: string, range: Range): string {
  return text.slice(range.start.offset, range.end.offset);
}

/**
 * Validates a workspace before and after edits, reusing parsed files between
 * calls (core's incremental validator), so that many renames stay fast.
 */
export class RenameChecker {
  private readonly validator = new WorkspaceValidator();
  private readonly baseline: readonly string[];

  constructor(private readonly files: ReadonlyMap<string, string>) {
    for (const [path, text] of files) this.validator.set(path, text);
    this.baseline = this.validator.validate().diagnostics.map(formatDiagnostic);
  }

  /** The diagnostics the edits add (by code and message, since lines may shift), leaving the validator as it was. */
  newDiagnostics(edits: readonly TextEdit[]): { texts: Map<string, string>; added: string[] } {
    const texts = applyEdits(this.files, edits);
    for (const [path, text] of texts) this.validator.set(path, text);
    const after = this.validator.validate().diagnostics.map(formatDiagnostic);
    for (const path of texts.keys()) this.validator.set(path, this.files.get(path)!);
    const before = new Set(this.baseline.map(withoutPosition));
    return { texts, added: after.filter((d) => !before.has(withoutPosition(d))) };
  }
}

function withoutPosition(formatted: string): string {
  return formatted.replace(/^([^:]+):\d+:\d+ /, '$1 ');
}

/** Asserts that every range's text is exactly `name`. */
export function expectAllText(files: ReadonlyMap<string, string>, locations: readonly { path: string; range: Range }[], name: string): void {
  for (const l of locations) expect(`${l.path}:${textOf(files.get(l.path)!, l.range)}`).toBe(`${l.path}:${name}`);
}
