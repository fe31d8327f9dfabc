/**
 * The values a rules table's first output (the one `decide` routes on) can
 * take, written as route keys are: the output's declared `values`, else
 * `true`/`false` for a boolean output, else every value a row returns.
 */
import type { RulesFile } from '../kinds/index.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import { perFileCache } from './perFileCache.ts';

export interface FirstOutputValues {
  readonly output: string;
  readonly values: readonly string[];
  /** Where the values come from, for messages. */
  readonly source: 'declared' | 'boolean' | 'rows';
}

export function firstOutputValues(table: RulesFile): FirstOutputValues {
  const output = table.outputs[0];
  if (output.values) return { output: output.name, values: unique(output.values.map(String)), source: 'declared' };
  if (output.type === 'boolean') return { output: output.name, values: ['true', 'false'], source: 'boolean' };
  const returned = table.rules.map((row) => row.then[output.name]).filter((v) => v !== undefined);
  return { output: output.name, values: unique(returned.map(String)), source: 'rows' };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** `firstOutputValues` and the set of all output names of a loaded table, computed once per file version. */
export const tableFacts = perFileCache((file: LoadedFile<'rules'>) => ({
  firstOutput: firstOutputValues(file.data),
  outputNames: new Set(file.data.outputs.map((output) => output.name)) as ReadonlySet<string>,
}));
