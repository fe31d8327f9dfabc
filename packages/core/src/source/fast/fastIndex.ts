import type { PathSegment, PositionIndex, Span } from '../positionIndex.ts';

/**
 * One value of a document the fast path parsed: its text span (what the `yaml`
 * package reports as `range[0]..range[1]`) and, for collections, its children.
 * Mappings also keep each key as the string a path segment must equal
 * (`String(key value)`, so `null:` is "null" here though its data key is "")
 * and the key's span.
 */
export class FastNode {
  constructor(
    readonly start: number,
    /** Set once a collection's last child is known. */
    public end: number,
    readonly keys: string[] | undefined = undefined,
    /** Key spans, flattened: start, end, start, end, … */
    readonly keySpans: number[] | undefined = undefined,
    readonly children: FastNode[] | undefined = undefined,
  ) {}
}

/** `PositionIndex` over FastNodes: the same walk as `YamlPositionIndex`. */
export class FastPositionIndex implements PositionIndex {
  constructor(private readonly root: FastNode) {}

  locate(path: readonly PathSegment[], part: 'value' | 'key'): Span | undefined {
    let node = this.root;
    let key: Span | undefined;
    for (const segment of path) {
      if (node.keys !== undefined) {
        const at = node.keys.indexOf(String(segment));
        if (at === -1) break;
        key = [node.keySpans![2 * at]!, node.keySpans![2 * at + 1]!];
        node = node.children![at]!;
      } else if (node.children !== undefined && typeof segment === 'number') {
        const item = node.children[segment];
        if (item === undefined) break;
        key = undefined;
        node = item;
      } else {
        break;
      }
    }
    return part === 'key' && key ? key : [node.start, node.end];
  }
}
