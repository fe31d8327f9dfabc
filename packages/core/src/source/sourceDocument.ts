import { isDocument, type Document } from 'yaml';
import type { Position, Range } from '../diagnostics/diagnostic.ts';
import type { LinePositions } from './lineIndex.ts';
import { YamlPositionIndex, type PathSegment, type PositionIndex } from './positionIndex.ts';

export type { PathSegment };

/**
 * A parsed YAML file that can answer "where is this?" for any path into its
 * data, so that every diagnostic points at the exact text it is about.
 *
 * Positions come from a `PositionIndex`: either built over a `yaml` package
 * Document (pass the Document) or produced by the fast path. Lines and columns
 * come from `lines` (the `yaml` LineCounter, or a lazy `LineIndex`). Both pairs
 * answer identically for the same text; see docs/internals/yaml-fast-path.md.
 */
export class SourceDocument {
  private readonly positions: PositionIndex;

  constructor(
    readonly path: string,
    readonly text: string,
    positions: Document.Parsed | PositionIndex | undefined,
    private readonly lines: LinePositions,
  ) {
    this.positions = positions === undefined || isDocument(positions) ? new YamlPositionIndex(positions as Document.Parsed | undefined) : positions;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const { line, col } = this.lines.linePos(clamped);
    return { line, column: col, offset: clamped };
  }

  rangeAt(start: number, end: number = start): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }

  /**
   * The range of the value at `path` (or of its key, with `part: 'key'`). A path
   * that does not fully exist resolves to the deepest part that does, so a
   * "missing field" diagnostic points at the object that lacks it.
   */
  rangeOf(path: readonly PathSegment[], part: 'value' | 'key' = 'value'): Range {
    const span = this.positions.locate(path, part);
    return span ? this.rangeAt(span[0], span[1]) : this.rangeAt(0, 0);
  }

  /** The range of the key at `path`, or of the value when the key has no node of its own. */
  keyRangeOf(path: readonly PathSegment[]): Range {
    return this.rangeOf(path, 'key');
  }
}
