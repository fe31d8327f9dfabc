/**
 * How many failed turns a customer who is never understood goes through
 * before a person takes over, from any node of a flow (worst case).
 *
 * The model follows docs/reference/runtime.md:
 * - an `ask` node takes `retries + 1` failed answers (default retries 2) and
 *   then goes to `on_fail`, or without one hands over with the fallback
 *   handoff;
 * - `say`, `decide` and `action` nodes take no turn: they move on by `next`
 *   (say) or by any of their routes or `next` (decide, action: the worst one
 *   counts, as the rules result or action outcome is not known statically);
 *   one that cannot move on is a dead end and the runtime hands over;
 * - a `handoff` node is a person (0 more turns);
 * - an `end` node returns the customer to the assistant outside any flow,
 *   where `fallback.max_failures` failed messages lead to the fallback handoff;
 * - a loop through an `ask` node never reaches a person (infinite turns); a
 *   loop without one hits the runtime's per-turn loop limit and hands over.
 *
 * Each question on the path is counted as asked: a slot filled earlier would
 * skip its question, so the count can only be too high, never too low.
 *
 * The failure graph is condensed into strongly connected components and the
 * longest path is taken over that DAG, so the whole flow costs one linear pass.
 */
import type { FlowFile, FlowNode } from '../../kinds/index.ts';
import { flowNode, nodeRole, nodeSuccessors, type NodeTransition } from '../flowGraph.ts';
import { stronglyConnectedComponents } from '../stronglyConnected.ts';
import type { PathStep } from './nodePaths.ts';

/** The runtime's default for `retries` (docs/reference/runtime.md, "Answers to questions"). */
export const DEFAULT_RETRIES = 2;

/** Where a failure walk stops. */
export type FailureEnding =
  /** A `handoff` node. */
  | { readonly type: 'handoff'; readonly node: string }
  /** The agent's fallback handoff: an `ask` without `on_fail`, a dead end or a loop limit. */
  | { readonly type: 'fallback' }
  /** An `end` node, after which `fallback.max_failures` more failures hand over. */
  | { readonly type: 'end'; readonly node: string; readonly outcome: string }
  /** The walk comes back to `node`: the customer never reaches a person. */
  | { readonly type: 'loop'; readonly node: string };

/** Failed answers at one question of a failure walk. */
export interface FailedQuestion {
  readonly node: string;
  readonly retries: number;
  /** `retries + 1`. */
  readonly turns: number;
}

/** The worst-case walk from one node, explained. */
export interface FailureWalk {
  /** Failed turns until a person takes over; `Infinity` when the walk loops. */
  readonly turns: number;
  readonly questions: readonly FailedQuestion[];
  /** The nodes walked, starting at the node asked about. */
  readonly path: readonly PathStep[];
  readonly ending: FailureEnding;
}

export interface FailureTurns {
  /** Worst-case failed turns from entering `id` (which must be a node of the flow). */
  turnsFrom(id: string): number;
  walkFrom(id: string): FailureWalk;
}

/** Failed answers an ask node takes before it gives up (0 for other nodes). */
export function failedTurnsAt(node: FlowNode): number {
  return node.ask === undefined ? 0 : (node.retries ?? DEFAULT_RETRIES) + 1;
}

/** Where a customer who keeps failing can go from `node`. */
function failureTransitions(flow: Pick<FlowFile, 'nodes'>, node: FlowNode): NodeTransition[] {
  const role = nodeRole(node);
  const taken = (transition: NodeTransition): boolean => {
    switch (role) {
      case 'handoff':
      case 'end':
        return false;
      case 'ask':
        return transition.via === 'on_fail';
      case 'say':
        return transition.via === 'next';
      case 'decide':
      case 'action':
        return transition.via !== 'on_fail';
    }
  };
  return nodeSuccessors(node).filter((transition) => taken(transition) && flowNode(flow, transition.to) !== undefined);
}

/** What happens when a walk stops at `id` with nowhere further to go. */
function endingAt(id: string, node: FlowNode): FailureEnding {
  if (node.handoff !== undefined && nodeRole(node) === 'handoff') return { type: 'handoff', node: id };
  if (node.end !== undefined && nodeRole(node) === 'end') return { type: 'end', node: id, outcome: node.end };
  return { type: 'fallback' };
}

/**
 * The failure turns of every node of `flow`, with `maxFailures` the agent's
 * `fallback.max_failures` (what an `end` on the failure path costs).
 */
export function computeFailureTurns(flow: Pick<FlowFile, 'nodes'>, maxFailures: number): FailureTurns {
  const ids = Object.keys(flow.nodes);
  const transitions = new Map<string, NodeTransition[]>();
  for (const id of ids) transitions.set(id, failureTransitions(flow, flow.nodes[id]!));
  const turns = new Map<string, number>();
  // The transition each node takes on its worst walk; none where the walk stops.
  const worst = new Map<string, NodeTransition>();

  const components = stronglyConnectedComponents(ids, (id) => transitions.get(id)!.map((t) => t.to));
  // Components come sinks first, so every transition out of a component leads
  // to nodes whose turns are already known.
  for (const component of components) {
    const members = new Set(component);
    const first = component[0]!;
    const cyclic = component.length > 1 || transitions.get(first)!.some((t) => t.to === first);
    if (!cyclic) {
      const node = flow.nodes[first]!;
      let best = stopCost(node, maxFailures);
      for (const transition of transitions.get(first)!) {
        const next = turns.get(transition.to)!;
        if (!worst.has(first) || next > best) {
          best = next;
          worst.set(first, transition);
        }
      }
      turns.set(first, failedTurnsAt(node) + best);
      continue;
    }
    const looping = component.find((id) => failedTurnsAt(flow.nodes[id]!) > 0);
    if (looping !== undefined) {
      // Every lap costs turns and the customer can go round for ever.
      for (const id of component) turns.set(id, Infinity);
      const lap = transitions.get(looping)!.find((t) => members.has(t.to))!;
      pointTowards(looping, lap, members, transitions, worst);
      continue;
    }
    // A loop of nodes that take no turn: the runtime's loop limit hands over
    // (0 more turns), unless one of its exits leads somewhere worse.
    let exit: { readonly from: string; readonly transition: NodeTransition; readonly turns: number } | undefined;
    for (const id of component) {
      for (const transition of transitions.get(id)!) {
        if (members.has(transition.to)) continue;
        const next = turns.get(transition.to)!;
        if (!exit || next > exit.turns) exit = { from: id, transition, turns: next };
      }
    }
    for (const id of component) turns.set(id, exit?.turns ?? 0);
    if (exit) pointTowards(exit.from, exit.transition, members, transitions, worst);
  }

  return {
    turnsFrom: (id) => turns.get(id) ?? 0,
    walkFrom: (id) => walk(flow, id, turns.get(id) ?? 0, worst),
  };
}

/** What stopping at a node costs: an `end` hands the customer to the agent's fallback. */
function stopCost(node: FlowNode, maxFailures: number): number {
  return nodeRole(node) === 'end' ? maxFailures : 0;
}

/**
 * Inside a strongly connected component, points every member along a
 * shortest path to `target`, and `target` along `leave`: the walk that
 * explains a result then goes where the worst case goes.
 */
function pointTowards(
  target: string,
  leave: NodeTransition,
  members: ReadonlySet<string>,
  transitions: ReadonlyMap<string, readonly NodeTransition[]>,
  worst: Map<string, NodeTransition>,
): void {
  const into = new Map<string, { readonly from: string; readonly transition: NodeTransition }[]>();
  for (const from of members) {
    for (const transition of transitions.get(from)!) {
      if (!members.has(transition.to)) continue;
      const list = into.get(transition.to);
      if (list) list.push({ from, transition });
      else into.set(transition.to, [{ from, transition }]);
    }
  }
  worst.set(target, leave);
  const queue = [target];
  for (let i = 0; i < queue.length; i++) {
    for (const { from, transition } of into.get(queue[i]!) ?? []) {
      if (from === target || worst.has(from)) continue;
      worst.set(from, transition);
      queue.push(from);
    }
  }
}

function walk(flow: Pick<FlowFile, 'nodes'>, from: string, total: number, worst: ReadonlyMap<string, NodeTransition>): FailureWalk {
  const questions: FailedQuestion[] = [];
  const path: PathStep[] = [];
  const visited = new Set<string>();
  let id = from;
  for (;;) {
    if (visited.has(id)) {
      path.push({ node: id });
      return { turns: total, questions, path, ending: { type: 'loop', node: id } };
    }
    visited.add(id);
    const node = flow.nodes[id]!;
    const failed = failedTurnsAt(node);
    if (failed > 0) questions.push({ node: id, retries: failed - 1, turns: failed });
    const leave = worst.get(id);
    if (!leave) {
      path.push({ node: id });
      return { turns: total, questions, path, ending: endingAt(id, node) };
    }
    path.push({ node: id, leaveBy: leave });
    id = leave.to;
  }
}
