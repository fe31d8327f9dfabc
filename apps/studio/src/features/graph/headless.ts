/**
 * The graph feature without its view: no DOM, no Solid, no CSS. Safe to import
 * from workers, Node and tests.
 */
export {
  edgeId,
  flowGraphModel,
  nodeAtLine,
  transitionId,
  type CoverageSummary,
  type FlowGraphFailure,
  type FlowGraphInput,
  type FlowGraphModel,
  type FlowGraphResult,
  type GraphCoverage,
  type GraphEdge,
  type GraphEdgeKind,
  type GraphNode,
  type GraphNodeRole,
  type GraphProblem,
} from './flowGraphModel.ts';
export { graphCoverageFromReport, graphCoverageFromTraces } from './graphCoverage.ts';
export {
  LAYOUT_MEASURE,
  LayoutCache,
  createLayoutEngine,
  layoutGraph,
  NODE_HEIGHT,
  NODE_WIDTH,
  type Box,
  type GraphLayout,
  type LayoutCacheOptions,
  type LayoutEngine,
  type Point,
  type PositionedEdge,
  type PositionedNode,
} from './layoutGraph.ts';
export { LiveFlowGraph, type LiveFlowGraphOptions, type LiveGraphState } from './LiveFlowGraph.ts';
export { describeNode, nodeTooltip } from './nodeText.ts';
