/**
 * Paths through a flow, for policy results that must show the designer *how*
 * a conversation gets somewhere ("start → ack → log_case → done").
 *
 * A breadth-first search from `start` remembers how it first reached each
 * node, so the path it reports is a shortest one: the easiest route to the
 * problem is the one a reviewer can follow and a test can reproduce.
 */
import type { FlowFile, FlowNode } from '../../kinds/index.ts';
import { flowNode, isTerminal, nodeSuccessors, type NodeTransition } from '../flowGraph.ts';

/** One node on a path and, except on the last node, the transition that leaves it. */
export interface PathStep {
  readonly node: string;
  readonly leaveBy?: NodeTransition;
}

export interface PathTree {
  /** The nodes reached, in breadth-first order; empty when `start` names no node. */
  readonly reached: readonly string[];
  has(id: string): boolean;
  /** A shortest path from `start` to `id` (empty when `id` was not reached). */
  pathTo(id: string): PathStep[];
}

/** Whether the search may take `transition` out of node `from`. */
export type TransitionFilter = (from: string, node: FlowNode, transition: NodeTransition) => boolean;

const FOLLOW_ALL: TransitionFilter = () => true;

/**
 * Every node reachable from `start` through transitions that `follow` allows.
 * `handoff` and `end` nodes are reached but not left: at run time the
 * conversation is finished there. Targets the flow does not declare are
 * skipped (the reference checks report them).
 */
export function breadthFirstPaths(flow: Pick<FlowFile, 'nodes' | 'start'>, follow: TransitionFilter = FOLLOW_ALL): PathTree {
  const arrivals = new Map<string, { readonly from: string; readonly transition: NodeTransition } | null>();
  const reached: string[] = [];
  if (flowNode(flow, flow.start)) {
    arrivals.set(flow.start, null);
    reached.push(flow.start);
  }
  for (let i = 0; i < reached.length; i++) {
    const id = reached[i]!;
    const node = flow.nodes[id]!;
    if (isTerminal(node)) continue;
    for (const transition of nodeSuccessors(node)) {
      if (arrivals.has(transition.to) || !flowNode(flow, transition.to) || !follow(id, node, transition)) continue;
      arrivals.set(transition.to, { from: id, transition });
      reached.push(transition.to);
    }
  }
  return {
    reached,
    has: (id) => arrivals.has(id),
    pathTo(id) {
      if (!arrivals.has(id)) return [];
      const steps: PathStep[] = [{ node: id }];
      for (let arrival = arrivals.get(id); arrival; arrival = arrivals.get(arrival.from)) {
        steps.push({ node: arrival.from, leaveBy: arrival.transition });
      }
      return steps.reverse();
    },
  };
}

/** Longer paths keep their beginning and end; the middle is counted, not listed. */
const MAX_LISTED_STEPS = 12;
const LEADING_STEPS = 4;

export interface PathFormat {
  /** Begin with the word `start`, for paths that begin at the flow's start node. */
  readonly fromStart?: boolean;
  /** Said after the last node, e.g. `(end: resolved)`. */
  readonly last?: string;
}

/**
 * `start → ack → classify (route simple) → done (end: resolved)`: node ids in
 * order, with the route key or `on_fail` after a node that left by one (plain
 * `next` needs no note), so the path reads like the YAML it follows.
 */
export function formatNodePath(steps: readonly PathStep[], format: PathFormat = {}): string {
  const words = steps.map((step) => `${step.node}${transitionNote(step.leaveBy)}`);
  if (format.last && words.length > 0) words[words.length - 1] += ` ${format.last}`;
  const listed =
    words.length <= MAX_LISTED_STEPS
      ? words
      : [
          ...words.slice(0, LEADING_STEPS),
          `… ${words.length - MAX_LISTED_STEPS + 1} more …`,
          ...words.slice(words.length - (MAX_LISTED_STEPS - LEADING_STEPS - 1)),
        ];
  return [...(format.fromStart ? ['start'] : []), ...listed].join(' → ');
}

function transitionNote(transition: NodeTransition | undefined): string {
  switch (transition?.via) {
    case undefined:
    case 'next':
      return '';
    case 'route':
      return ` (route ${transition.key ?? ''})`;
    case 'on_fail':
      return ' (on_fail)';
  }
}
