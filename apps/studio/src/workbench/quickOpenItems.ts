/**
 * What quick open (Ctrl/Cmd+P) lists for an input, as VS Code reads it:
 * `name` finds files, `@name` the symbols of the active file, `#name` the
 * symbols of the whole workspace. The ranking is the language features'
 * (src/features/language/workspaceSymbols.ts); this module only turns matches into list
 * items that say where picking them goes. Plain data: tested in Node.
 */
import type { Range } from '@colloquy/core';
import { quickOpen, SYMBOL_KIND_NAMES, type QuickOpenItem, type SymbolIndex } from '../features/language/index.ts';
import type { QuickPickItem } from './QuickPick.tsx';

/** Where picking an item goes. */
export type QuickOpenTarget = { readonly type: 'file'; readonly path: string } | { readonly type: 'symbol'; readonly path: string; readonly range: Range };

export interface QuickOpenListItem extends QuickPickItem {
  readonly target: QuickOpenTarget;
}

/** The placeholder that tells what the prefixes do. */
export const QUICK_OPEN_PLACEHOLDER = 'Search files by name (@ for symbols in this file, # for symbols in the workspace)';

export function quickOpenItems(index: SymbolIndex, input: string, activePath: string | undefined): QuickOpenListItem[] {
  const matches = quickOpen(index, input, activePath === undefined ? {} : { activePath });
  const inFile = input.startsWith('@');
  return matches.map((match) => toItem(match, inFile));
}

function toItem(match: QuickOpenItem, inFile: boolean): QuickOpenListItem {
  switch (match.type) {
    case 'file': {
      const slash = match.path.lastIndexOf('/') + 1;
      return {
        id: `file:${match.path}`,
        label: match.path.slice(slash),
        highlights: match.positions.filter((p) => p >= slash).map((p) => p - slash),
        ...(slash > 0 ? { detail: match.path.slice(0, slash - 1) } : {}),
        target: { type: 'file', path: match.path },
      };
    }
    case 'symbol': {
      const d = match.definition;
      const line = `line ${d.range.start.line}`;
      // In the active file, the path would repeat on every row: the line says enough.
      const detail = inFile ? line : `${d.container !== undefined && !match.label.includes('.') ? `${d.container} · ` : ''}${d.path}:${d.range.start.line}`;
      return {
        id: `symbol:${d.path}:${d.range.start.offset}:${d.kind}`,
        label: match.label,
        highlights: match.positions,
        description: SYMBOL_KIND_NAMES[d.kind],
        detail,
        target: { type: 'symbol', path: d.path, range: d.range },
      };
    }
    default: {
      const unreachable: never = match;
      return unreachable;
    }
  }
}
