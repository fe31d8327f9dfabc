/**
 * A simulation report's coverage (every conversation of the run, scripted and
 * generated) per flow file, for the flow graph and the coverage table: the
 * same `CoverageByFlow` the studio's own test run gives, so the graph paints
 * either the same way.
 *
 * The report lists only what was never reached, by the simulator's stable ids
 * (`card_lost/ask_last4` for a node, `card_lost/ask_consent -> ask_last4
 * (route "true")` for a transition); everything else in the flows the run used
 * was reached. So pass the workspace of the files the run read (the saved
 * files when it started), not the editor's current text: a node added since
 * would otherwise count as reached.
 */
import type { Workspace } from '@colloquy/core';
import type { SimulationReport } from '@colloquy/simulator';
import { coverageByFlow, type CoverageByFlow, type CoverageGroupCounts, type FlowCounts, type Reached } from '../flowCoverage.ts';

export function reportCoverageByFlow(report: SimulationReport, workspace: Workspace): CoverageByFlow {
  const coverage = report.coverage as unknown as Partial<Record<'intents' | 'nodes' | 'transitions', ReportCategory>>;
  const counts: FlowCounts = { intents: category(coverage.intents), nodes: category(coverage.nodes), transitions: category(coverage.transitions) };
  const missedNodes = new Set(category(coverage.nodes).missed.map((item) => item.id));
  const missedTransitions = new Set(category(coverage.transitions).missed.map((item) => item.id));
  const reached: Reached = {
    node: (flowId, nodeId) => !missedNodes.has(`${flowId}/${nodeId}`),
    edge: (flowId, t) => !missedTransitions.has(`${flowId}/${t.from} -> ${t.to} (${t.via === 'route' ? `route ${JSON.stringify(t.key)}` : t.via})`),
  };
  // A flow the run did not know (added since) has no group: leave it out rather than call it reached.
  const known = new Set(counts.nodes.groups.map((g) => g.id));
  const all = coverageByFlow(workspace, counts, reached);
  return Object.fromEntries(Object.entries(all).filter(([, flow]) => known.has(flow.flow)));
}

interface ReportCategory {
  readonly groups: readonly CoverageGroupCounts[];
  readonly missed: readonly { readonly id: string }[];
}

/** The JSON as the simulator writes it (`toJsonReport`'s coverage); anything else reads as empty. */
function category(value: ReportCategory | undefined): ReportCategory {
  const groups = Array.isArray(value?.groups) ? value.groups.filter((g) => typeof g?.id === 'string' && typeof g.covered === 'number' && typeof g.total === 'number') : [];
  const missed = Array.isArray(value?.missed) ? value.missed.filter((m) => typeof m?.id === 'string') : [];
  return { groups, missed };
}
