/**
 * Turning a test run into the `GraphCoverage` the graph draws. Two sources:
 * the engine's traces (exact: what the conversations did), or the coverage
 * section of the simulator's `TestRunReport` (what the studio's test runner
 * gets back from `runTests`), which lists only what was *never* reached.
 */
import type { TraceEvent } from '@colloquy/engine';
import type { Coverage } from '@colloquy/simulator';
import { edgeId, type FlowGraphModel, type GraphCoverage } from './flowGraphModel.ts';

/** Nodes entered and transitions taken in `flowId`, from conversation traces. */
export function graphCoverageFromTraces(flowId: string, traces: Iterable<readonly TraceEvent[]>): GraphCoverage {
  const nodes = new Set<string>();
  const transitions = new Set<string>();
  for (const trace of traces) {
    for (const event of trace) {
      if (event.type === 'node_entered' && event.flow === flowId) nodes.add(event.node);
      if (event.type === 'transition' && event.flow === flowId) {
        transitions.add(edgeId(event.from, event.to, event.via, event.key));
      }
    }
  }
  return { nodes, transitions };
}

/**
 * Reached nodes and transitions of `flowId` from a run's coverage: every node
 * and edge of `model` that the report does not list as missed. The report
 * names items as `<flow>/<node>` and `<flow>/<from> -> <to> (<via>)` (its
 * documented, stable ids). Pass the model of the text the tests ran against:
 * a node added since the run is not in the report, so it would count as
 * reached. Undefined when the run did not cover this flow at all.
 */
export function graphCoverageFromReport(coverage: Coverage, flowId: string, model: FlowGraphModel): GraphCoverage | undefined {
  if (!coverage.nodes.groups.some((group) => group.id === flowId)) return undefined;
  const missedNodes = new Set(coverage.nodes.missed.filter((item) => item.group === flowId).map((item) => item.id));
  const missedTransitions = new Set(coverage.transitions.missed.filter((item) => item.group === flowId).map((item) => item.id));
  const nodes = new Set<string>();
  for (const node of model.nodes) {
    if (node.role !== 'missing' && !missedNodes.has(`${flowId}/${node.id}`)) nodes.add(node.id);
  }
  const transitions = new Set<string>();
  for (const edge of model.edges) {
    if (edge.ignored) continue;
    const reportId = `${flowId}/${edge.from} -> ${edge.to} (${describeVia(edge.kind, edge.kind === 'route' ? edge.label : undefined)})`;
    if (!missedTransitions.has(reportId)) transitions.add(edge.id);
  }
  return { nodes, transitions };
}

/** As the simulator's report names the way a transition is taken (`flowCoverage.ts`). */
function describeVia(via: 'next' | 'route' | 'on_fail', key: string | undefined): string {
  return via === 'route' ? `route ${JSON.stringify(key)}` : via;
}
