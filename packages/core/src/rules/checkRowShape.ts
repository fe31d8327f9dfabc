/**
 * What each row names and returns: inputs and outputs it mentions must exist
 * (CQ405), it returns a value for every output (CQ409), and each value fits its
 * output's type and declared `values` (CQ406).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import { didYouMean } from '../schema/closestName.ts';
import { quote, quoteList, report, suggestion } from '../checks/report.ts';
import { typeName } from './checkColumns.ts';
import { rowLabel } from './rowLabel.ts';

export function checkRowShape(file: LoadedFile<'rules'>): Diagnostic[] {
  const table = file.data;
  const diagnostics: Diagnostic[] = [];
  const inputNames = table.inputs.map((input) => input.name);
  const outputNames = table.outputs.map((output) => output.name);

  table.rules.forEach((row, r) => {
    const label = rowLabel(table, r);
    for (const name of Object.keys(row.when ?? {})) {
      if (inputNames.includes(name)) continue;
      const message = `${label} tests ${quote(name)}, which is not an input of this table${suggestion(name, inputNames)}`;
      diagnostics.push(report('CQ405', file.path, file.source.keyRangeOf(['rules', r, 'when', name]), message));
    }
    for (const [name, value] of Object.entries(row.then)) {
      const output = table.outputs.find((o) => o.name === name);
      if (!output) {
        const message = `${label} sets ${quote(name)}, which is not an output of this table${suggestion(name, outputNames)}`;
        diagnostics.push(report('CQ405', file.path, file.source.keyRangeOf(['rules', r, 'then', name]), message));
        continue;
      }
      const range = file.source.rangeOf(['rules', r, 'then', name]);
      if (typeof value !== output.type) {
        diagnostics.push(report('CQ406', file.path, range, `${label} sets ${quote(name)} to ${quote(value)}, but ${quote(name)} holds ${typeName(output.type)}`));
      } else if (output.values && !output.values.includes(value)) {
        const declared = output.values.map(String);
        const message = `${label} sets ${quote(name)} to ${quote(value)}, which is not among its values (${quoteList(declared)})${didYouMean(String(value), declared)}`;
        diagnostics.push(report('CQ406', file.path, range, message, { hint: `use a declared value, or add ${quote(value)} to the output's \`values\`` }));
      }
    }
    const missing = outputNames.filter((name) => !Object.hasOwn(row.then, name));
    if (missing.length > 0) {
      const message = `${label} gives no value for ${missing.length === 1 ? 'output' : 'outputs'} ${quoteList(missing)}`;
      diagnostics.push(report('CQ409', file.path, file.source.keyRangeOf(['rules', r, 'then']), message));
    }
  });
  return diagnostics;
}
