/**
 * Find all references. Feeds Monaco's `registerReferenceProvider` (see README.md).
 */
import { comparePaths, type SymbolIndex } from './symbolIndex.ts';
import type { SymbolLocation, TextPosition } from './types.ts';

export interface ReferencesOptions {
  /** Also list the declarations. Default true, as Monaco's reference context usually asks. */
  readonly includeDeclaration?: boolean;
}

/**
 * Every place that names the symbol at `position`, whether `position` is on its
 * declaration or on a use. A dangling reference lists the other uses of the
 * same missing name in the same scope. Sorted by path, then position; empty
 * when nothing is at `position`.
 */
export function referencesAt(index: SymbolIndex, path: string, position: TextPosition | number, options: ReferencesOptions = {}): SymbolLocation[] {
  const occurrence = index.occurrenceAt(path, position);
  if (!occurrence) return [];
  const ids = index.symbolsOf(occurrence);
  const locations: SymbolLocation[] = index.referencesTo(ids).map((r) => ({ path: r.path, range: r.range }));
  if (options.includeDeclaration ?? true) {
    for (const id of ids) for (const d of index.definitionsOf(id)) locations.push({ path: d.path, range: d.range });
  }
  return sortLocations(locations);
}

export function sortLocations(locations: readonly SymbolLocation[]): SymbolLocation[] {
  const seen = new Set<string>();
  return [...locations]
    .sort((a, b) => comparePaths(a.path, b.path) || a.range.start.offset - b.range.start.offset)
    .filter((l) => {
      const key = `${l.path}\u0000${l.range.start.offset}\u0000${l.range.end.offset}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
