/**
 * Every cell of a table, analysed once. The evaluator and the checker both
 * start from this, so a cell means the same thing to both; it is cached per
 * table object, which the workspace keeps for as long as the file is unchanged.
 */
import type { RulesFile, RulesInput } from '../kinds/index.ts';
import { analyseCell, type CellAnalysis } from './analyseCell.ts';

export interface TableCell {
  /** The input name the row's `when` uses. */
  readonly input: string;
  /** Its column, or undefined (and -1) when the table declares no such input. */
  readonly column: RulesInput | undefined;
  readonly columnIndex: number;
  readonly analysis: CellAnalysis;
}

export type RowCells = readonly TableCell[];

const cache = new WeakMap<RulesFile, readonly RowCells[]>();

export function tableCells(table: RulesFile): readonly RowCells[] {
  let cells = cache.get(table);
  if (!cells) {
    cells = analyseTableCells(table);
    cache.set(table, cells);
  }
  return cells;
}

function analyseTableCells(table: RulesFile): RowCells[] {
  const inputNames = new Set(table.inputs.map((input) => input.name));
  const columnIndex = new Map<string, number>();
  table.inputs.forEach((input, i) => {
    if (!columnIndex.has(input.name)) columnIndex.set(input.name, i);
  });
  // Tables repeat cells a lot (`-`, `"gold"`, `>= 0.8`) and parsing one costs
  // tens of microseconds, so each distinct cell of a column is analysed once.
  const seen = new Map<string, CellAnalysis>();
  return table.rules.map((row) =>
    Object.entries(row.when ?? {}).map(([input, cell]) => {
      const index = columnIndex.get(input) ?? -1;
      const column = index >= 0 ? table.inputs[index] : undefined;
      const key = `${input}\u0000${typeof cell}\u0000${String(cell)}`;
      let analysis = seen.get(key);
      if (!analysis) {
        analysis = analyseCell(cell, column, inputNames);
        seen.set(key, analysis);
      }
      return { input, column, columnIndex: index, analysis };
    }),
  );
}
