import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from 'yaml';

export type PathSegment = string | number;

/** Start and end offsets of a piece of text (`end` exclusive). */
export type Span = readonly [start: number, end: number];

/**
 * Where the parts of one parsed document are. Two parsers produce documents
 * (the `yaml` package, and the fast path for the common subset), and each
 * brings its own index; `SourceDocument` only talks to this interface.
 *
 * Contract, identical for every implementation (differential tests compare
 * them path by path): walk `path` from the root, a string or number segment
 * selecting the first mapping entry whose key, as `String(key value)`, equals
 * `String(segment)`, a number segment selecting a sequence item. Stop at the
 * first segment that does not exist: the answer is then about the deepest part
 * that does. With `part: 'key'` the answer is the key of the last entry
 * reached, or the value when the last step was a sequence item (no key) or no
 * step was taken. `undefined` means "no position known" (callers use 0..0).
 */
export interface PositionIndex {
  locate(path: readonly PathSegment[], part: 'value' | 'key'): Span | undefined;
}

/** The index over a document parsed by the `yaml` package: its node ranges. */
export class YamlPositionIndex implements PositionIndex {
  constructor(private readonly document: Document.Parsed | undefined) {}

  locate(path: readonly PathSegment[], part: 'value' | 'key'): Span | undefined {
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
    return range ? [range[0], range[1]] : undefined;
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
        // A key without a value (only possible in documents with errors) points at the key.
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
