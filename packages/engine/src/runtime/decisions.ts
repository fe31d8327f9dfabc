/**
 * A `decide` node: evaluate its rules table with inputs taken from the flow's
 * slots, then the session's context (an input neither has is null, which
 * only `-` matches). The first output is the node's result; every output is
 * kept for `{output}` placeholders. The hit policy is the evaluator's
 * business (@colloquy/core), shared with the static rules checks.
 */
import { evaluateDecisionTable } from '@colloquy/core';
import type { SlotValue } from '@colloquy/nlu';
import type { CompiledNode, CompiledTable } from '../compile/compiled.ts';
import type { SourceRef } from '../trace.ts';
import type { Frame } from './SessionState.ts';
import type { TurnScope } from './TurnScope.ts';

export function decide(scope: TurnScope, frame: Frame, node: CompiledNode, tableId: string, table: CompiledTable | undefined, at: SourceRef): SlotValue | undefined {
  const { state, turn } = scope;
  if (!table) {
    turn.record({ type: 'error', code: 'unknown_table', message: `rules table \`${tableId}\` does not exist`, flow: frame.flow.id, node: node.id, at });
    return undefined;
  }
  const inputs: Record<string, SlotValue | null> = {};
  for (const name of table.inputNames) inputs[name] = frame.slots[name] ?? state.context[name] ?? null;
  const evaluation = evaluateDecisionTable(table.data, inputs);
  if (evaluation.matchedRows.length === 0) {
    turn.record({ type: 'rule_no_match', table: table.id, inputs, at: table.at });
    return undefined;
  }
  const outputs = evaluation.outputs;
  if (table.data.hit_policy === 'collect') {
    // Every matching row fired (coverage counts them all); the first one's values are the result.
    evaluation.matchedRows.forEach((row, i) => fired(scope, table, row, evaluation.collected[i]!));
  } else if (evaluation.row !== undefined && outputs !== undefined) {
    fired(scope, table, evaluation.row, outputs);
  } else {
    // Only `unique` has matching rows and no result: several rows matched (validation reports the overlap).
    turn.record({
      type: 'error',
      code: 'rule_conflict',
      message: `rows ${evaluation.matchedRows.map((row) => table.data.rules[row]?.id ?? row + 1).join(', ')} of \`${table.id}\` all match, and its hit policy is unique: no result`,
      flow: frame.flow.id,
      node: node.id,
      at: table.at,
    });
  }
  if (outputs === undefined) return undefined;
  for (const name in outputs) frame.outputs[name] = outputs[name]!;
  return outputs[table.firstOutput];
}

function fired(scope: TurnScope, table: CompiledTable, row: number, outputs: Readonly<Record<string, SlotValue>>): void {
  scope.turn.record({ type: 'rule_fired', table: table.id, row, rowId: table.data.rules[row]?.id, outputs, at: table.rowAt[row] });
}
