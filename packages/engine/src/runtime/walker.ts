/**
 * The node walker: enters nodes one after the other within the active flow
 * until the turn has to stop (a question waits for its answer, the flow ends,
 * the conversation is handed over) — runtime.md, "Walking nodes".
 */
import type { SlotValue } from '@colloquy/nlu';
import type { CompiledFlow, CompiledNode, Transition } from '../compile/compiled.ts';
import { renderTemplate } from '../compile/template.ts';
import type { SourceRef } from '../trace.ts';
import { runAction } from './actions.ts';
import { decide } from './decisions.ts';
import { fallbackHandoff, handOver } from './handoff.ts';
import { askQuestion } from './questions.ts';
import { chooseTransition } from './routing.ts';
import type { Frame } from './SessionState.ts';
import { prefillSlots } from './slotFilling.ts';
import type { TurnScope } from './TurnScope.ts';

/**
 * Starts `flow` on top of the stack (a digression when another flow is
 * paused below it): fills what the starting utterance already says, then
 * walks from the start node.
 */
export function startFlow(scope: TurnScope, flow: CompiledFlow, intent: string, utterance: string): void {
  const { state, turn } = scope;
  const digression = state.stack.length > 0;
  turn.record({ type: 'flow_entered', flow: flow.id, intent, digression, at: flow.intentAt.get(intent) ?? flow.at });
  const start = flow.nodes.get(flow.start);
  if (!start) {
    turn.record({ type: 'error', code: 'unknown_node', message: `the start node \`${flow.start}\` does not exist`, flow: flow.id, at: flow.startAt });
    fallbackHandoff(scope, undefined, undefined);
    return;
  }
  const frame = state.newFrame(flow, start);
  state.stack.push(frame);
  if (flow.hasPrefillable) prefillSlots(scope, frame, utterance);
  walk(scope, frame, start);
}

/** Walks from `node` until the turn stops. */
export function walk(scope: TurnScope, frame: Frame, node: CompiledNode): void {
  let current: CompiledNode | undefined = node;
  while (current !== undefined) current = enter(scope, frame, current);
}

/** Routes on from `node` with its result, then walks on: used when a question is answered. */
export function continueFrom(scope: TurnScope, frame: Frame, node: CompiledNode, result: SlotValue | undefined): void {
  const next = route(scope, frame, node, result);
  if (next) walk(scope, frame, next);
}

/** Follows one transition (an `on_fail`), then walks on. */
export function followFrom(scope: TurnScope, frame: Frame, node: CompiledNode, transition: Transition): void {
  const next = follow(scope, frame, node, transition);
  if (next) walk(scope, frame, next);
}

/** Enters one node; returns the node to enter next, or undefined when the turn stops. */
function enter(scope: TurnScope, frame: Frame, node: CompiledNode): CompiledNode | undefined {
  const { turn, limits } = scope;
  const flow = frame.flow.id;
  if (++turn.steps > limits.maxStepsPerTurn) {
    turn.record({
      type: 'error',
      code: 'loop_limit',
      message: `the turn entered more than ${limits.maxStepsPerTurn} nodes; the flow loops`,
      flow,
      node: node.id,
      at: node.at,
    });
    fallbackHandoff(scope, frame, node);
    return undefined;
  }
  frame.node = node;
  turn.reachedNode(frame, node);
  turn.record({ type: 'node_entered', flow, node: node.id, at: node.at });
  for (const message of node.say) turn.say(renderTemplate(message.template, frame.scope), flow, node.id, message.at);
  const step = node.step;
  switch (step.kind) {
    case 'say':
      return route(scope, frame, node, undefined);
    case 'ask': {
      // A slot that already has a value (pre-filled, or asked before) skips its question.
      const value = step.question.slot === undefined ? undefined : frame.slots[step.question.slot];
      if (value !== undefined) return route(scope, frame, node, value);
      frame.failures = 0;
      askQuestion(scope, frame, node, step.question);
      return undefined;
    }
    case 'decide':
      return route(scope, frame, node, decide(scope, frame, node, step.table, step.compiled, step.at));
    case 'action':
      return route(scope, frame, node, runAction(scope, frame, node, step.action, step.at));
    case 'handoff':
      handOver(scope, step.handoff, frame, node);
      return undefined;
    case 'end':
      endFlow(scope, frame, node, step.outcome, step.at);
      return undefined;
    default: {
      const unreachable: never = step;
      throw new Error(`unknown node step ${String(unreachable)}`);
    }
  }
}

function route(scope: TurnScope, frame: Frame, node: CompiledNode, result: SlotValue | undefined): CompiledNode | undefined {
  const transition = chooseTransition(node, result);
  if (transition) return follow(scope, frame, node, transition);
  const why = result === undefined ? 'it has no `next`' : `no route matches \`${String(result)}\` and it has no \`next\``;
  scope.turn.record({ type: 'error', code: 'dead_end', message: `node \`${node.id}\` goes nowhere: ${why}`, flow: frame.flow.id, node: node.id, at: node.at });
  fallbackHandoff(scope, frame, node);
  return undefined;
}

function follow(scope: TurnScope, frame: Frame, from: CompiledNode, transition: Transition): CompiledNode | undefined {
  const flow = frame.flow.id;
  scope.turn.record({ type: 'transition', flow, from: from.id, to: transition.to, via: transition.via, key: transition.key, at: transition.at });
  const target = frame.flow.nodes.get(transition.to);
  if (target) return target;
  scope.turn.record({ type: 'error', code: 'unknown_node', message: `node \`${transition.to}\` does not exist`, flow, node: from.id, at: transition.at });
  fallbackHandoff(scope, frame, from);
  return undefined;
}

/**
 * An `end`: the flow is done. If a digression paused another flow, that flow
 * resumes and asks its question again; otherwise the session is idle.
 */
function endFlow(scope: TurnScope, frame: Frame, node: CompiledNode, outcome: string, at: SourceRef): void {
  const { state, turn } = scope;
  turn.record({ type: 'end', flow: frame.flow.id, node: node.id, outcome, at });
  turn.end = outcome;
  state.stack.pop();
  const paused = state.top;
  if (paused === undefined || paused.question === undefined) {
    // Only flows waiting on a question are ever paused, so `question` is set; an empty stack means idle.
    state.stack.length = 0;
    state.status = 'idle';
    return;
  }
  turn.record({ type: 'resumed', flow: paused.flow.id, node: paused.node.id });
  turn.reachedNode(paused, paused.node);
  askQuestion(scope, paused, paused.node, paused.question);
}
