/**
 * The file check for `rules` files: column declarations, row shapes, every
 * cell, and the whole-table findings (overlaps, shadowed rows, gaps, rows that
 * can never match). Cached per file by the validator like every file check.
 */
import type { Diagnostic, RelatedLocation } from '../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import { quote, quoteList, report } from '../checks/report.ts';
import { cellDiagnostics, yamlCell } from './cellDiagnostics.ts';
import { checkColumns } from './checkColumns.ts';
import { checkRowShape } from './checkRowShape.ts';
import { rowAnchor, rowLabel } from './rowLabel.ts';
import { tableCells } from './tableCells.ts';
import { ANALYSIS_BUDGETS, analyseTableStructure, type AnalysisBudgets, type StructuralFinding } from './tableStructure.ts';

/** How many earlier rows a shadowing diagnostic links to. */
const RELATED_ROWS = 5;

export function analyseRulesTable(file: LoadedFile<'rules'>): Diagnostic[] {
  return rulesTableDiagnostics(file, ANALYSIS_BUDGETS);
}

/** `analyseRulesTable` with explicit work budgets (tests use small ones to reach CQ408). */
export function rulesTableDiagnostics(file: LoadedFile<'rules'>, budgets: AnalysisBudgets): Diagnostic[] {
  const cells = tableCells(file.data);
  const columns = checkColumns(file);
  const diagnostics = [...columns.diagnostics, ...checkRowShape(file), ...cellDiagnostics(file, cells)];
  if (columns.analysable) {
    for (const finding of analyseTableStructure(file.data, cells, budgets)) diagnostics.push(describeFinding(file, finding));
  }
  return diagnostics;
}

function describeFinding(file: LoadedFile<'rules'>, finding: StructuralFinding): Diagnostic {
  const table = file.data;
  const related = (row: number, message: string): RelatedLocation => ({ file: file.path, range: rowAnchor(file, row), message });
  switch (finding.kind) {
    case 'overlap': {
      const also = finding.alsoOverlaps.length > 0 ? `; it also overlaps ${rowList(finding.alsoOverlaps)}` : '';
      const message = `${rowLabel(table, finding.row)} and ${rowLabel(table, finding.other)} both match ${finding.example}${also}`;
      return report('CQ402', file.path, rowAnchor(file, finding.row), message, {
        hint: 'narrow one of the rows so they no longer share inputs, or use hit policy `first` if the order should decide',
        related: [related(finding.other, `${rowLabel(table, finding.other)} overlaps here`), ...finding.alsoOverlaps.slice(0, RELATED_ROWS - 1).map((r) => related(r, `${rowLabel(table, r)} overlaps too`))],
      });
    }
    case 'shadowed': {
      const by = finding.by.length === 1 ? `${rowLabel(table, finding.by[0]!)} matches` : `${rowList(finding.by)} together match`;
      const message = `${rowLabel(table, finding.row)} never fires: ${by} every input it matches, and hit policy \`first\` takes the earliest row`;
      return report('CQ403', file.path, rowAnchor(file, finding.row), message, {
        hint: 'move the row above the rows that hide it, or delete it',
        related: finding.by.slice(0, RELATED_ROWS).map((r) => related(r, `${rowLabel(table, r)} is matched first`)),
      });
    }
    case 'gap': {
      const more = finding.more ? ' (and there are more gaps)' : '';
      const cells = Object.entries(finding.cells);
      const row = cells.length > 0 ? `add a row with \`when: { ${cells.map(([name, cell]) => `${name}: ${yamlCell(cell)}`).join(', ')} }\`, or a final catch-all row` : 'add a row';
      const message = cells.length > 0 ? `no row matches ${finding.example}${more}` : 'no row matches any input';
      return report('CQ404', file.path, file.source.keyRangeOf(['rules']), message, { hint: row });
    }
    case 'neverMatches': {
      const message = `${rowLabel(table, finding.row)} can never match: its ${quote(finding.input)} cell excludes every value ${quote(finding.input)} can take`;
      const column = table.inputs.find((input) => input.name === finding.input);
      const hint =
        column?.type === 'number' && (column.min !== undefined || column.max !== undefined)
          ? `${quote(finding.input)} is declared from ${column.min ?? '-∞'} to ${column.max ?? '∞'}`
          : column?.values
            ? `${quote(finding.input)} only takes ${quoteList(column.values)}`
            : undefined;
      return report('CQ411', file.path, file.source.rangeOf(['rules', finding.row, 'when', finding.input]), message, hint ? { hint } : {});
    }
    case 'incomplete':
      return report('CQ408', file.path, file.source.keyRangeOf(['rules']), `the table has too many input combinations to analyse completely; not fully checked: ${finding.checks.join(', ')}`);
  }
}

function rowList(rows: readonly number[]): string {
  const numbers = rows.map((r) => String(r + 1));
  const listed = numbers.length > 6 ? `${numbers.slice(0, 6).join(', ')} and ${numbers.length - 6} more` : numbers.length === 1 ? numbers[0]! : `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]!}`;
  return `${rows.length === 1 ? 'row' : 'rows'} ${listed}`;
}
