/**
 * The flow as a graph: what each node does and where it can go. Graph checks,
 * reference checks and the policy checks all read transitions through these
 * helpers, so "where can a node go" has one definition.
 *
 * Transitions are the ones *written* on the node (`routes` values, `next`,
 * `on_fail`), whatever the node's role: a node that both ends and has a `next`
 * is reported once as conflicting roles (CQ303), and its target is not then
 * reported again as unreachable. Callers that need runtime semantics (a
 * `handoff` or `end` node goes nowhere) check `isTerminal` first.
 */
import type { FlowFile, FlowNode } from '../kinds/index.ts';

/** What a node does after its optional `say` (docs/reference/runtime.md, "Walking nodes"). */
export type NodeRole = 'ask' | 'decide' | 'action' | 'handoff' | 'end' | 'say';

/** The roles in the order docs/reference/runtime.md lists them ("Walking nodes", step 2). */
const ROLE_FIELDS = ['ask', 'decide', 'action', 'handoff', 'end'] as const;

export interface NodeTransition {
  /** The target node's id (which may not exist: dangling targets are the reference checks' business). */
  readonly to: string;
  readonly via: 'next' | 'route' | 'on_fail';
  /** The route key, for `via: 'route'`. */
  readonly key?: string;
}

/** `"<from>-><to>"`: how coverage and the studio's graph name a transition between two nodes. */
export function transitionId(from: string, to: string): string {
  return `${from}->${to}`;
}

/**
 * One written transition's id: `"<from>-><to> (<how>)"`, e.g. `ask_consent->ask_last4 (route "true")`
 * or `a->b (next)`. The route key is quoted, so a route named `next` is not the `next` field.
 * The studio's graph draws edges under these ids and test coverage marks them reached.
 */
export function edgeId(from: string, to: string, via: NodeTransition['via'], key?: string): string {
  return `${transitionId(from, to)} (${via === 'route' ? `route ${JSON.stringify(key ?? '')}` : via})`;
}

/**
 * The node's role: the first of `ask`, `decide`, `action`, `handoff`, `end`
 * that it has, else `say` (a node that only talks and moves on). The runtime
 * does exactly one of them per node, so a node with several is an error
 * (CQ303); this still gives one answer for it, and the engine follows it.
 */
export function nodeRole(node: FlowNode): NodeRole {
  return nodeRoles(node)[0] ?? 'say';
}

/** Every role field the node has, in runtime order (more than one is a conflict, CQ303). */
export function nodeRoles(node: FlowNode): Exclude<NodeRole, 'say'>[] {
  return ROLE_FIELDS.filter((field) => node[field] !== undefined);
}

/** True for nodes that finish the conversation: `handoff` or `end`. */
export function isTerminal(node: FlowNode): boolean {
  return node.handoff !== undefined || node.end !== undefined;
}

/**
 * True for nodes that can leave the flow without an explicit transition: an
 * `ask` without `on_fail` hands over with the agent's fallback handoff once
 * its retries are used up, so a loop through it is not a trap.
 */
export function hasImplicitExit(node: FlowNode): boolean {
  return node.ask !== undefined && node.on_fail === undefined;
}

/** The transitions written on a node: routes (in file order), then `next`, then `on_fail`. */
export function nodeSuccessors(node: FlowNode): NodeTransition[] {
  const transitions: NodeTransition[] = [];
  for (const [key, to] of Object.entries(node.routes ?? {})) transitions.push({ to, via: 'route', key });
  if (node.next !== undefined) transitions.push({ to: node.next, via: 'next' });
  if (node.on_fail !== undefined) transitions.push({ to: node.on_fail, via: 'on_fail' });
  return transitions;
}

/** The node with this id, if the flow declares it (own keys only: `constructor` is not a node). */
export function flowNode(flow: Pick<FlowFile, 'nodes'>, id: string): FlowNode | undefined {
  return Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
}

/**
 * Every node reachable from `from` (default: the flow's `start`) following
 * written transitions, in breadth-first order. Unknown targets are skipped.
 * With `stopAtTerminal`, `handoff` and `end` nodes are reached but not left.
 */
export function reachableNodes(
  flow: Pick<FlowFile, 'nodes' | 'start'>,
  options: { readonly from?: string; readonly stopAtTerminal?: boolean } = {},
): Set<string> {
  const from = options.from ?? flow.start;
  const seen = new Set<string>();
  if (!flowNode(flow, from)) return seen;
  const queue = [from];
  seen.add(from);
  for (let i = 0; i < queue.length; i++) {
    const node = flow.nodes[queue[i]!]!;
    if (options.stopAtTerminal && isTerminal(node)) continue;
    for (const { to } of nodeSuccessors(node)) {
      if (!seen.has(to) && flowNode(flow, to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}
