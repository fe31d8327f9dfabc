import type { PathSegment, SourceDocument } from '@colloquy/core';
import type { SourceLocation } from './report.ts';

interface HasSource {
  readonly path: string;
  readonly source: SourceDocument;
}

/** Where the value at `path` starts (a list item, a whole test or turn). */
export function valueLocation(file: HasSource, path: readonly PathSegment[]): SourceLocation {
  const { line, column } = file.source.rangeOf(path).start;
  return { file: file.path, line, column };
}

/** Where the key at `path` starts (`ask_last4:` for `['nodes', 'ask_last4']`). */
export function keyLocation(file: HasSource, path: readonly PathSegment[]): SourceLocation {
  const { line, column } = file.source.keyRangeOf(path).start;
  return { file: file.path, line, column };
}

/** `file:line:column`, as editors and terminals link it. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
