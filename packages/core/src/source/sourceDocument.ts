import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { Position, Range } from '../diagnostics/diagnostic.ts';

export type PathSegment = string | number;

/**
 * A parsed YAML file that can answer "where is this?" for any path into its
 * data, so that every diagnostic points at the exact text it is about.
 */
export class SourceDocument {
  constructor(
    readonly path: string,
    readonly text: string,
    private readonly document: Document.Parsed | undefined,
    private readonly lineCounter: LineCounter,
  ) {}

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const { line, col } = this.lineCounter.linePos(clamped);
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
    let node: unknown = this.document?.contents;
    let keyNode: YamlNode | undefined;
    for (const segment of path) {
      const next = childOf(node, segment);
      if (!next) break;
      node = next.value;
      keyNode = next.key;
    }
    const target = part === 'key' && keyNode ? keyNode : (node as YamlNode | undefined) ?? keyNode;
    const range = target && 'range' in target ? target.range : undefined;
    if (!range) return this.rangeAt(0, 0);
    return this.rangeAt(range[0], range[1]);
  }

  /** The range of the key at `path`, or of the value when the key has no node of its own. */
  keyRangeOf(path: readonly PathSegment[]): Range {
    return this.rangeOf(path, 'key');
  }
}

interface Child {
  readonly key: YamlNode | undefined;
  readonly value: unknown;
}

function childOf(node: unknown, segment: PathSegment): Child | undefined {
  if (isAlias(node)) return undefined;
  if (isMap(node)) {
    for (const item of node.items as Pair<unknown, unknown>[]) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment)) {
        return { key: item.key, value: item.value ?? item.key };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  return undefined;
}
