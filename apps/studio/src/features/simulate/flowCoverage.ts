/**
 * Coverage per flow file, in the shape the flow graph takes: what a run's
 * conversations reached and never reached in each flow. Two runs feed it:
 * the studio's own test run (`testRun.ts`, which saw every trace) and a
 * server-side simulation (`report/reportCoverage.ts`, which has only the
 * report's list of what was never reached). Both name the reached nodes and
 * edges through a `Reached` test, so the graph shows either the same way.
 */
import { edgeId, isTerminal, nodeSuccessors, type Workspace } from '@colloquy/core';
import type { CoverageCounts } from '@colloquy/simulator';

/**
 * Coverage of one flow, for the graph view. `reachedTransitions` names a
 * transition `"<from>-><to>"` (reached when any route between the two was
 * taken); `edges` has each written transition on its own, with the graph's
 * exact edge id (`ask_consent->ask_last4 (route "true")`, `… (next)`, `… (on_fail)`).
 * Transitions written on handoff and end nodes are left out, as in the simulator.
 */
export interface FlowCoverage {
  readonly flow: string;
  readonly path: string;
  readonly reachedNodes: readonly string[];
  readonly neverReachedNodes: readonly string[];
  readonly reachedTransitions: readonly string[];
  readonly neverReachedTransitions: readonly string[];
  readonly edges: readonly CoverageEdge[];
  /** The simulator's counts for this flow, and all three together. */
  readonly counts: { readonly intents: CoverageCounts; readonly nodes: CoverageCounts; readonly transitions: CoverageCounts; readonly overall: CoverageCounts };
}

export interface CoverageEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly via: 'next' | 'route' | 'on_fail';
  readonly key?: string;
  readonly reached: boolean;
}

/** Flow file path → its coverage, in path order. */
export type CoverageByFlow = { readonly [flowPath: string]: FlowCoverage };

/** What `FlowGraphView`'s `coverage` prop takes (apps/studio/src/features/graph/README.md): reached node ids and exact edge ids. */
export function toGraphCoverage(coverage: FlowCoverage): { readonly nodes: ReadonlySet<string>; readonly transitions: ReadonlySet<string> } {
  return { nodes: new Set(coverage.reachedNodes), transitions: new Set(coverage.edges.filter((e) => e.reached).map((e) => e.id)) };
}

/** A flow's coverage group as the simulator's coverage (or its JSON) has it. */
export interface CoverageGroupCounts {
  readonly id: string;
  readonly covered: number;
  readonly total: number;
  readonly percent: number;
}

/** The per-flow counts of a run, by category. */
export type FlowCounts = { readonly [C in 'intents' | 'nodes' | 'transitions']: { readonly groups: readonly CoverageGroupCounts[] } };

/** Whether the run reached a node, or a written transition (`edge` is the graph's edge id). */
export interface Reached {
  node(flowId: string, nodeId: string): boolean;
  edge(flowId: string, transition: Omit<CoverageEdge, 'id' | 'reached'>, edge: string): boolean;
}

export function coverageByFlow(workspace: Workspace, counts: FlowCounts, reached: Reached): CoverageByFlow {
  const groupCounts = (category: 'intents' | 'nodes' | 'transitions', flow: string): CoverageCounts => {
    const group = counts[category].groups.find((g) => g.id === flow);
    return group ? { covered: group.covered, total: group.total, percent: group.percent } : { covered: 0, total: 0, percent: 100 };
  };
  const out: Record<string, FlowCoverage> = {};
  for (const flow of workspace.flows) {
    const id = flow.data.id;
    const nodeIds = Object.keys(flow.data.nodes);
    const edges: CoverageEdge[] = [];
    for (const [from, node] of Object.entries(flow.data.nodes)) {
      if (isTerminal(node)) continue;
      for (const transition of nodeSuccessors(node)) {
        const edge = edgeId(from, transition.to, transition.via, transition.key);
        const written = { from, to: transition.to, via: transition.via, ...(transition.key !== undefined ? { key: transition.key } : {}) };
        edges.push({ id: edge, ...written, reached: reached.edge(id, written, edge) });
      }
    }
    const pairs = new Map<string, boolean>();
    for (const edge of edges) {
      const pair = `${edge.from}->${edge.to}`;
      pairs.set(pair, (pairs.get(pair) ?? false) || edge.reached);
    }
    const intents = groupCounts('intents', id);
    const nodes = groupCounts('nodes', id);
    const transitions = groupCounts('transitions', id);
    const covered = intents.covered + nodes.covered + transitions.covered;
    const all = intents.total + nodes.total + transitions.total;
    out[flow.path] = {
      flow: id,
      path: flow.path,
      reachedNodes: nodeIds.filter((n) => reached.node(id, n)),
      neverReachedNodes: nodeIds.filter((n) => !reached.node(id, n)),
      reachedTransitions: [...pairs].filter(([, hit]) => hit).map(([pair]) => pair),
      neverReachedTransitions: [...pairs].filter(([, hit]) => !hit).map(([pair]) => pair),
      edges,
      counts: { intents, nodes, transitions, overall: { covered, total: all, percent: all === 0 ? 100 : Math.round((covered * 1000) / all) / 10 } },
    };
  }
  return out;
}
