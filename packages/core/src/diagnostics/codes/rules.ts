import { defineCodes } from './codeInfo.ts';

/** CQ4xx: decision tables. */
export const rulesCodes = defineCodes({
  CQ400: { title: 'FEEL syntax error', severity: 'error', help: 'The cell is not a valid FEEL unary test, or reads differently from how it looks (for example `>= 5 and < 10`, which should be `[5..10)`). Examples: `>= 0.8`, `"gold", "private"`, `[1..5]`, `-`.' },
  CQ401: { title: 'Type mismatch', severity: 'error', help: 'The cell tests a value of another type than the column declares (for example a number against a text input), or a text that is not among the column\'s declared `values`.' },
  CQ402: { title: 'Overlapping rows', severity: 'error', help: 'Under the `unique` hit policy at most one row may match any input; these rows both match some inputs. Narrow one, or use `first` or `priority`.' },
  CQ403: { title: 'Shadowed row', severity: 'warning', help: 'Under the `first` hit policy, earlier rows match every input this row matches, so it never fires. Move it up or delete it.' },
  CQ404: { title: 'Gap in the table', severity: 'warning', help: 'Some input combinations match no row, so the decision has no result for them. Add a row (a final catch-all row with `-` cells is common).' },
  CQ405: { title: 'Unknown column', severity: 'error', help: 'The row names an input or output that the table does not declare.' },
  CQ406: { title: 'Output value not declared', severity: 'error', help: 'The row returns a value that is not among the output\'s declared `values`, or a value of another type than the output declares.' },
  CQ407: { title: 'Bare word in a cell', severity: 'error', help: 'In FEEL, text values are quoted: write `"gold"`, not `gold` (a bare word is a variable name). In YAML, put the FEEL quotes inside YAML quotes: `tier: \'"gold"\'`.' },
  CQ408: { title: 'Table too large to analyse fully', severity: 'info', help: 'The table has too many input combinations for a complete overlap and gap analysis; the checks that did not finish are listed in the message.' },
  CQ409: { title: 'Missing output value', severity: 'error', help: 'Every row gives a value for every output column.' },
  CQ410: { title: 'Invalid column declaration', severity: 'error', help: 'A column is declared twice, has settings that do not fit its type (`values` on a number input, `min` or `max` on a text input, output `values` of another type), or has `min` above `max`.' },
  CQ411: { title: 'Row can never match', severity: 'warning', help: 'One of the row\'s cells excludes every value its input can take (for example `< 0` on an input with `min: 0`), so the row never fires. Fix the cell or delete the row.' },
  CQ412: { title: 'Priority without an order', severity: 'error', help: 'The `priority` hit policy picks the matching row whose first output comes earliest in that output\'s `values`; declare `values` on the first output, in priority order.' },
});
