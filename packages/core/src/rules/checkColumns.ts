/**
 * The table's column declarations (CQ410) and the hit policy's needs (CQ412).
 * A table whose columns are ambiguous (a name declared twice) or whose number
 * domain is empty (`min` above `max`) is not analysed structurally: every
 * finding would rest on a broken premise.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { RulesFile } from '../kinds/index.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import { quote, report } from '../checks/report.ts';
import { formatNumber } from './numberSet.ts';

export interface ColumnCheck {
  readonly diagnostics: Diagnostic[];
  /** The columns are sound enough for overlap, gap and shadow analysis. */
  readonly analysable: boolean;
}

export function checkColumns(file: LoadedFile<'rules'>): ColumnCheck {
  const table = file.data;
  const diagnostics: Diagnostic[] = [];
  const at = (...path: (string | number)[]) => file.source.rangeOf(path);
  const keyAt = (...path: (string | number)[]) => file.source.keyRangeOf(path);
  let analysable = true;

  for (const [section, label] of [['inputs', 'input'], ['outputs', 'output']] as const) {
    const seen = new Set<string>();
    table[section].forEach((column, i) => {
      if (seen.has(column.name)) {
        diagnostics.push(report('CQ410', file.path, at(section, i, 'name'), `${label} ${quote(column.name)} is declared twice; rows could not tell the columns apart`));
        analysable = false;
      }
      seen.add(column.name);
    });
  }

  table.inputs.forEach((input, i) => {
    if (input.values && input.type !== 'string') {
      diagnostics.push(report('CQ410', file.path, keyAt('inputs', i, 'values'), `\`values\` lists texts, but input ${quote(input.name)} holds ${typeName(input.type)}`, { hint: 'remove `values`, or change the column\'s `type` to `string`' }));
    }
    for (const bound of ['min', 'max'] as const) {
      const value = input[bound];
      if (value !== undefined && input.type !== 'number') {
        diagnostics.push(report('CQ410', file.path, keyAt('inputs', i, bound), `\`${bound}\` only applies to number inputs, but ${quote(input.name)} holds ${typeName(input.type)}`));
      }
    }
    if (input.type === 'number' && input.min !== undefined && input.max !== undefined && input.min > input.max) {
      diagnostics.push(report('CQ410', file.path, at('inputs', i, 'min'), `input ${quote(input.name)} has \`min\` ${formatNumber(input.min)} above \`max\` ${formatNumber(input.max)}, so it can take no value`));
      analysable = false;
    }
  });

  table.outputs.forEach((output, i) => {
    output.values?.forEach((value, k) => {
      if (typeof value !== output.type) {
        diagnostics.push(report('CQ410', file.path, at('outputs', i, 'values', k), `${quote(value)} is ${article(typeof value)}, but output ${quote(output.name)} holds ${typeName(output.type)}`));
      }
    });
  });

  diagnostics.push(...checkPriority(file));
  return { diagnostics, analysable };
}

function checkPriority(file: LoadedFile<'rules'>): Diagnostic[] {
  const table: RulesFile = file.data;
  const first = table.outputs[0];
  if (table.hit_policy !== 'priority' || first.values) return [];
  const message = `hit policy \`priority\` ranks matching rows by the order of the first output's \`values\`, but ${quote(first.name)} declares none`;
  return [report('CQ412', file.path, file.source.rangeOf(['hit_policy']), message, { hint: `add \`values\` to output ${quote(first.name)}, most important first` })];
}

export function typeName(type: 'string' | 'number' | 'boolean'): string {
  return type === 'string' ? 'text' : type === 'number' ? 'numbers' : 'yes/no values';
}

function article(type: string): string {
  return type === 'string' ? 'a text' : type === 'number' ? 'a number' : type === 'boolean' ? 'a yes/no value' : type;
}
