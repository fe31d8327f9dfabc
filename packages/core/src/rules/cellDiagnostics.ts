/**
 * Problems inside cells (CQ400, CQ401, CQ407), worded for the designer and
 * placed on the exact characters when the cell's position can be mapped.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { RulesInput } from '../kinds/index.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import { closestName } from '../schema/closestName.ts';
import { quote, quoteList, report } from '../checks/report.ts';
import type { CellProblem } from './analyseCell.ts';
import { cellSpanRange } from './cellSourceRange.ts';
import { typeName } from './checkColumns.ts';
import { feelText } from './columnPartition.ts';
import { rowLabel } from './rowLabel.ts';
import type { RowCells } from './tableCells.ts';

export function cellDiagnostics(file: LoadedFile<'rules'>, cells: readonly RowCells[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  cells.forEach((rowCells, r) => {
    for (const cell of rowCells) {
      const path = ['rules', r, 'when', cell.input];
      const where = `${quote(cell.input)} of ${rowLabel(file.data, r)}`;
      // `tier: "gold"` is the classic slip: YAML takes the quotes, FEEL sees a bare word.
      const yamlQuoted = isYamlQuoted(file, path) && !cell.analysis.text.includes('"');
      for (const problem of cell.analysis.problems) {
        const range = cellSpanRange(file.source, path, cell.analysis.text, problem);
        diagnostics.push(describeProblem(problem, where, cell.column, yamlQuoted, file.path, range));
      }
    }
  });
  return diagnostics;
}

function describeProblem(problem: CellProblem, where: string, column: RulesInput | undefined, yamlQuoted: boolean, file: string, range: Diagnostic['range']): Diagnostic {
  switch (problem.kind) {
    case 'syntax':
      return report('CQ400', file, range, `FEEL syntax error in ${where}: ${problem.message}`, problem.hint ? { hint: problem.hint } : {});
    case 'typeMismatch': {
      if (problem.found === 'unusable number') return report('CQ401', file, range, `${where} is not a finite number, so it can never match`);
      const holds = column ? `, but ${quote(column.name)} holds ${typeName(column.type)}` : '';
      const hint = problem.suggestion ? { hint: `write ${yamlCell(problem.suggestion)}` } : {};
      return report('CQ401', file, range, `${quote(problem.literal)} in ${where} is ${article(problem.found)}${holds}`, hint);
    }
    case 'undeclaredValue': {
      const declared = column?.values ?? [];
      const close = closestName(problem.value, declared);
      const message = `${feelText(problem.value)} in ${where} is not one of the declared values (${quoteList(declared)})`;
      return report('CQ401', file, range, message, close ? { hint: `did you mean ${feelText(close)}?` } : { hint: `add it to the input's \`values\`, or fix the text` });
    }
    case 'bareWord': {
      const words = problem.words.length === 1 ? `${quote(problem.words[0]!)} is a bare word` : `${quoteList(problem.words)} are bare words`;
      const message = `${words} in ${where}: FEEL reads ${problem.words.length === 1 ? 'it' : 'them'} as a variable name, not as text`;
      return report('CQ407', file, range, message, { hint: bareWordHint(problem.suggestion, column, yamlQuoted) });
    }
  }
}

function bareWordHint(suggestion: string, column: RulesInput | undefined, yamlQuoted: boolean): string {
  if (column?.type === 'number') return 'write a number or a test such as `>= 0.8` or `[1..5]`';
  if (column?.type === 'boolean') return 'write `true` or `false`';
  const yaml = yamlQuoted ? ' (the YAML quotes are not part of the cell: FEEL needs its own)' : '';
  return `write ${yamlCell(suggestion)}${yaml}`;
}

/** A FEEL cell as YAML: single-quoted when it holds FEEL's double quotes, so that both survive. */
export function yamlCell(feel: string): string {
  return feel.includes('"') || /^[\s\-[\]{},&*!|>'%@`#?:]/.test(feel) ? `'${feel.replace(/'/g, "''")}'` : feel;
}

function isYamlQuoted(file: LoadedFile<'rules'>, path: readonly (string | number)[]): boolean {
  const range = file.source.rangeOf(path);
  const first = file.source.text[range.start.offset];
  return first === '"' || first === "'";
}

function article(type: 'string' | 'number' | 'boolean'): string {
  return type === 'string' ? 'a text' : type === 'number' ? 'a number' : 'a yes/no value';
}
