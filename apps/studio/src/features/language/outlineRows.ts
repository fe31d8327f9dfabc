/**
 * The outline view's rows: the outline of a file (src/features/language/outline.ts)
 * flattened into the visible rows of a tree, given which entries are
 * collapsed, and the entry the cursor is in. Plain data: tested in Node.
 */
import type { OutlineSymbol } from './index.ts';

export interface OutlineRow {
  /** Stable across edits that keep the entry's name: the kinds and names from the root, e.g. `flow:card_lost/section:nodes/node:reassure`. */
  readonly key: string;
  readonly symbol: OutlineSymbol;
  /** 0 for a root. */
  readonly depth: number;
  readonly parentKey: string | undefined;
  readonly expandable: boolean;
  readonly expanded: boolean;
}

/** The rows shown: every entry whose ancestors are all expanded, in document order. */
export function outlineRows(roots: readonly OutlineSymbol[], collapsed: ReadonlySet<string>): OutlineRow[] {
  const rows: OutlineRow[] = [];
  const walk = (symbols: readonly OutlineSymbol[], depth: number, parentKey: string | undefined) => {
    for (const [symbol, key] of keyed(symbols, parentKey)) {
      const expandable = symbol.children.length > 0;
      const expanded = expandable && !collapsed.has(key);
      rows.push({ key, symbol, depth, parentKey, expandable, expanded });
      if (expanded) walk(symbol.children, depth + 1, key);
    }
  };
  walk(roots, 0, undefined);
  return rows;
}

/**
 * The key of the innermost entry whose range holds the cursor (1-based line
 * and column), for highlighting where the cursor is; undefined outside every
 * entry. Collapsed entries are not entered: the innermost visible one counts.
 */
export function entryAtCursor(roots: readonly OutlineSymbol[], cursor: { readonly line: number; readonly column: number }, collapsed: ReadonlySet<string> = new Set()): string | undefined {
  const inside = (s: OutlineSymbol) => {
    const { start, end } = s.range;
    const afterStart = cursor.line > start.line || (cursor.line === start.line && cursor.column >= start.column);
    const beforeEnd = cursor.line < end.line || (cursor.line === end.line && cursor.column <= end.column);
    return afterStart && beforeEnd;
  };
  let found: string | undefined;
  let level: readonly OutlineSymbol[] = roots;
  let parentKey: string | undefined;
  for (;;) {
    const hit = keyed(level, parentKey).find(([s]) => inside(s));
    if (!hit) return found;
    const [symbol, key] = hit;
    found = key;
    if (collapsed.has(key)) return found;
    level = symbol.children;
    parentKey = key;
  }
}

/** Each symbol with its key; a repeated kind and name among siblings (a duplicate id) gets `#2`, `#3`… */
function keyed(symbols: readonly OutlineSymbol[], parentKey: string | undefined): [OutlineSymbol, string][] {
  const seen = new Map<string, number>();
  return symbols.map((symbol) => {
    const own = `${symbol.kind}:${symbol.name}`;
    const n = (seen.get(own) ?? 0) + 1;
    seen.set(own, n);
    const segment = n === 1 ? own : `${own}#${n}`;
    return [symbol, parentKey === undefined ? segment : `${parentKey}/${segment}`];
  });
}
