import { defineCodes } from './codeInfo.ts';

/** CQ4xx: decision tables. */
export const rulesCodes = defineCodes({
  CQ400: { title: 'FEEL syntax error', severity: 'error', help: 'The cell is not a valid FEEL unary test. Examples: `>= 0.8`, `"gold", "private"`, `[1..5]`, `-`.' },
  CQ401: { title: 'Type mismatch', severity: 'error', help: 'The cell tests a value of another type than the column declares (for example a number against a string input).' },
  CQ402: { title: 'Overlapping rows', severity: 'error', help: 'Under the `unique` hit policy at most one row may match any input; these rows both match some inputs. Narrow one, or use `first` or `priority`.' },
  CQ403: { title: 'Shadowed row', severity: 'warning', help: 'Under the `first` hit policy, earlier rows match every input this row matches, so it never fires. Move it up or delete it.' },
  CQ404: { title: 'Gap in the table', severity: 'warning', help: 'Some input combinations match no row, so the decision has no result for them. Add a row (a final catch-all row with `-` cells is common).' },
  CQ405: { title: 'Unknown column', severity: 'error', help: 'The row names an input or output that the table does not declare.' },
  CQ406: { title: 'Output value not declared', severity: 'error', help: 'The row returns a value that is not among the output\'s declared `values`.' },
  CQ407: { title: 'Bare word in a cell', severity: 'error', help: 'In FEEL, text values are quoted: write `"gold"`, not `gold` (a bare word is a variable name).' },
  CQ408: { title: 'Table too large to analyse fully', severity: 'info', help: 'The table has too many input combinations for a complete overlap and gap analysis; the checks that ran are listed in the message.' },
  CQ409: { title: 'Missing output value', severity: 'error', help: 'Every row gives a value for every output column.' },
});
