import type { PathSegment, SourceDocument } from '@colloquy/core';
import type { SourceRef } from '../trace.ts';

interface HasSource {
  readonly path: string;
  readonly source: SourceDocument;
}

/** The position of the key at `path` (`nodes.ask_last4` points at `ask_last4:`). */
export function keyRef(file: HasSource, path: readonly PathSegment[]): SourceRef {
  return toRef(file, file.source.keyRangeOf(path).start);
}

/** The position of the value at `path` (used for list items, which have no key). */
export function valueRef(file: HasSource, path: readonly PathSegment[]): SourceRef {
  return toRef(file, file.source.rangeOf(path).start);
}

function toRef(file: HasSource, start: { readonly line: number; readonly column: number }): SourceRef {
  return Object.freeze({ file: file.path, line: start.line, column: start.column });
}
