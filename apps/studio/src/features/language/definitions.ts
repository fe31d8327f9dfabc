/**
 * Go to definition. Feeds Monaco's `registerDefinitionProvider` (see README.md).
 */
import type { SymbolIndex } from './symbolIndex.ts';
import type { SymbolLocation, TextPosition } from './types.ts';

/**
 * Where the symbol at `position` is declared. On a definition: that definition
 * (and any duplicate of it, e.g. the same flow id in two files). On a
 * reference: what it resolves to; several locations when a test's node or slot
 * names a node that more than one flow declares. Empty when nothing is at
 * `position` or the reference is dangling.
 */
export function definitionAt(index: SymbolIndex, path: string, position: TextPosition | number): SymbolLocation[] {
  const occurrence = index.occurrenceAt(path, position);
  if (!occurrence) return [];
  const ids = occurrence.role === 'definition' ? index.symbolsOf(occurrence) : index.resolve(occurrence);
  return ids.flatMap((id) => index.definitionsOf(id)).map((d) => ({ path: d.path, range: d.range }));
}
