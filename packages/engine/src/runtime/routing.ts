import type { SlotValue } from '@colloquy/nlu';
import type { CompiledNode, Transition } from '../compile/compiled.ts';

/**
 * Where a node goes with its result (the slot value for `ask`, the first
 * output for `decide`, the outcome for `action`): the matching route, else
 * `next`, else nowhere (a dead end, which the walker reports).
 */
export function chooseTransition(node: CompiledNode, result: SlotValue | undefined): Transition | undefined {
  if (result !== undefined && node.routes !== undefined) {
    const route = node.routes.get(routeKey(result));
    if (route) return route;
  }
  return node.next;
}

/** Route keys are compared as text: `true`, `false` and numbers match their written form. */
export function routeKey(value: SlotValue): string {
  return typeof value === 'string' ? value : String(value);
}
