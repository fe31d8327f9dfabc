/**
 * Runs a decision table on one set of inputs. The engine calls this on every
 * `decide` node, so a table is compiled once (cached per table object) into a
 * plain predicate per cell, built from the same cell analysis the checker
 * reports from. Only cells the constraint model does not cover, and values of
 * an unexpected type, go to feelin.
 *
 * Hit policies (docs/reference/rules.md):
 * - `unique`: the single matching row; no result when none or several match.
 * - `first`: the first matching row in table order.
 * - `priority`: the matching row whose first output comes earliest in that
 *   output's `values` (ties, and values not listed, fall back to table order).
 * - `collect`: every matching row fires; the result is the first one's.
 */
import type { RulesFile } from '../kinds/index.ts';
import { containsNumber } from './numberSet.ts';
import { feelinMatches } from './feelinFallback.ts';
import { tableCells } from './tableCells.ts';
import type { CellAnalysis } from './analyseCell.ts';

export type RuleOutputValue = string | number | boolean;
export type RuleOutputs = Readonly<Record<string, RuleOutputValue>>;

export interface DecisionResult {
  /** Every row that matched, 0-based, in table order. */
  readonly matchedRows: readonly number[];
  /** The hit policy's result, or undefined when it has none (no match; several under `unique`). */
  readonly outputs: RuleOutputs | undefined;
  /** The outputs of every matching row, in row order (the same order as `matchedRows`). */
  readonly collected: readonly RuleOutputs[];
  /** The row that produced `outputs`. */
  readonly row: number | undefined;
}

type Inputs = Readonly<Record<string, unknown>>;
type CellPredicate = (value: unknown, inputs: Inputs) => boolean;

interface CompiledCell {
  /** Index into the table's list of input names read by any row. */
  readonly slot: number;
  readonly matches: CellPredicate;
}

interface CompiledRow {
  readonly cells: readonly CompiledCell[];
  /** A cell feelin cannot run (a syntax error): the row never matches. */
  readonly never: boolean;
  readonly outputs: RuleOutputs;
  /** Position of the first output's value in that output's `values` (priority policy). */
  readonly rank: number;
}

interface CompiledTable {
  readonly hitPolicy: RulesFile['hit_policy'];
  /** The input names the rows read, in first-use order. */
  readonly names: readonly string[];
  readonly rows: readonly CompiledRow[];
}

const compiled = new WeakMap<RulesFile, CompiledTable>();

export function evaluateDecisionTable(table: RulesFile, inputs: Inputs): DecisionResult {
  let program = compiled.get(table);
  if (!program) {
    program = compileTable(table);
    compiled.set(table, program);
  }
  const values = program.names.map((name) => (Object.hasOwn(inputs, name) ? inputs[name] : null));
  const matchedRows: number[] = [];
  const collected: RuleOutputs[] = [];
  const rows = program.rows;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.never || !row.cells.every((cell) => cell.matches(values[cell.slot], inputs))) continue;
    matchedRows.push(r);
    collected.push(row.outputs);
  }
  const row = chooseRow(program, matchedRows);
  return { matchedRows, outputs: row === undefined ? undefined : rows[row]!.outputs, collected, row };
}

function chooseRow(program: CompiledTable, matched: readonly number[]): number | undefined {
  switch (program.hitPolicy) {
    case 'unique':
      return matched.length === 1 ? matched[0] : undefined;
    case 'first':
    case 'collect':
      return matched[0];
    case 'priority': {
      let best: number | undefined;
      for (const r of matched) if (best === undefined || program.rows[r]!.rank < program.rows[best]!.rank) best = r;
      return best;
    }
  }
}

function compileTable(table: RulesFile): CompiledTable {
  const names: string[] = [];
  const slotOf = (name: string): number => {
    const at = names.indexOf(name);
    return at >= 0 ? at : names.push(name) - 1;
  };
  const priorityOrder: readonly RuleOutputValue[] = table.outputs[0].values ?? [];
  const firstOutput = table.outputs[0].name;
  const rows = tableCells(table).map((cells, r): CompiledRow => {
    const then = table.rules[r]!.then;
    const rank = priorityOrder.indexOf(then[firstOutput]!);
    return {
      cells: cells.filter((cell) => cell.analysis.constraint.kind !== 'any').map((cell) => ({ slot: slotOf(cell.input), matches: compileCell(cell.analysis) })),
      never: cells.some((cell) => cell.analysis.broken),
      outputs: Object.freeze({ ...then }),
      rank: rank >= 0 ? rank : priorityOrder.length,
    };
  });
  return { hitPolicy: table.hit_policy, names, rows };
}

/**
 * A predicate for one cell. Values of the cell's own type (and a missing
 * input, which FEEL sees as null) are decided from the constraint; anything
 * else is handed to feelin so that odd inputs behave exactly as FEEL says.
 */
function compileCell(analysis: CellAnalysis): CellPredicate {
  const { constraint, text } = analysis;
  const fallback: CellPredicate = (value, inputs) => feelinMatches(text, value, inputs);
  switch (constraint.kind) {
    case 'any':
      return () => true;
    case 'opaque':
      return fallback;
    case 'number': {
      const { numbers, matchesNull } = constraint;
      const only = numbers.length === 1 ? numbers[0]! : undefined;
      if (only) {
        // The common case (`>= 0.8`, `[1..5)`, `3`) without a loop.
        const { lo, hi, loIn, hiIn } = only;
        return (value, inputs) => {
          if (typeof value === 'number' && Number.isFinite(value)) return (loIn ? value >= lo : value > lo) && (hiIn ? value <= hi : value < hi);
          return value == null ? matchesNull : fallback(value, inputs);
        };
      }
      return (value, inputs) => {
        if (typeof value === 'number' && Number.isFinite(value)) return containsNumber(numbers, value);
        return value == null ? matchesNull : fallback(value, inputs);
      };
    }
    case 'string': {
      const { texts, matchesNull } = constraint;
      const listed = texts.mode === 'only';
      return (value, inputs) => {
        if (typeof value === 'string') return texts.values.has(value) === listed;
        return value == null ? matchesNull : fallback(value, inputs);
      };
    }
    case 'boolean': {
      const { booleans, matchesNull } = constraint;
      return (value, inputs) => {
        if (typeof value === 'boolean') return value ? booleans.true : booleans.false;
        return value == null ? matchesNull : fallback(value, inputs);
      };
    }
  }
}
