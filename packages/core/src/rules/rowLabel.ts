/**
 * How messages name a row and where they point at it. Rows are numbered from 1
 * as a designer counts them; a row's `id`, when it has one, is shown too.
 */
import type { Range } from '../diagnostics/diagnostic.ts';
import type { RulesFile } from '../kinds/index.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';

export function rowLabel(table: RulesFile, row: number): string {
  const id = table.rules[row]?.id;
  return id ? `row ${row + 1} (\`${id}\`)` : `row ${row + 1}`;
}

/** A short range on the row's first line: its `id`, else its `when` or `then` key (not the whole multi-line row). */
export function rowAnchor(file: LoadedFile<'rules'>, row: number): Range {
  const data = file.data.rules[row];
  if (data?.id !== undefined) return file.source.rangeOf(['rules', row, 'id']);
  return file.source.keyRangeOf(['rules', row, data?.when !== undefined ? 'when' : 'then']);
}
