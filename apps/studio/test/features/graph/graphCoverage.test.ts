import { ConversationEngine, DEFAULT_TODAY, type TraceEvent } from '@colloquy/engine';
import { lexicalNlu } from '@colloquy/nlu';
import { runTestCase, runTests } from '@colloquy/simulator';
import { describe, expect, it } from 'vitest';
import { graphCoverageFromReport, graphCoverageFromTraces } from '../../../src/features/graph/graphCoverage.ts';
import { EXAMPLE_WORKSPACE, loadWorkspace, modelOf } from './support.ts';

/** The example workspace's own test suites, run for real: the report, and every conversation's trace. */
async function runExampleTests() {
  const { validation, flowFiles } = await loadWorkspace(EXAMPLE_WORKSPACE);
  const workspace = validation.workspace;
  const nlu = lexicalNlu(workspace);
  const report = runTests(workspace, { nlu });
  const engine = new ConversationEngine(workspace, nlu);
  const traces: (readonly TraceEvent[])[] = [];
  for (const file of workspace.tests) {
    file.data.tests.forEach((_test, index) => traces.push(runTestCase((config) => engine.startSession(config), file, index, DEFAULT_TODAY).trace));
  }
  return { report, traces, flowFiles };
}

describe('graph coverage from a test run', async () => {
  const { report, traces, flowFiles } = await runExampleTests();
  // A flow the suite covers only partly, so both "reached" and "never reached" are checked.
  const partly = report.coverage.transitions.groups.filter((g) => g.covered > 0 && g.covered < g.total).map((g) => g.id);
  const flowId = partly[0] ?? 'card_lost';
  const { path, text } = flowFiles.find((f) => modelOf(f.text, { path: f.path }).flowId === flowId)!;
  const model = modelOf(text, { path });

  it('runs against a flow the tests cover only partly', () => {
    expect(partly.length).toBeGreaterThan(0);
  });

  it('from the report and from the traces, marks the same nodes and transitions', () => {
    const fromReport = graphCoverageFromReport(report.coverage, flowId, model)!;
    const fromTraces = graphCoverageFromTraces(flowId, traces);
    const a = modelOf(text, { path, coverage: fromReport });
    const b = modelOf(text, { path, coverage: fromTraces });

    expect(a.nodes.map((n) => [n.id, n.covered])).toEqual(b.nodes.map((n) => [n.id, n.covered]));
    expect(a.edges.map((e) => [e.id, e.covered])).toEqual(b.edges.map((e) => [e.id, e.covered]));
  });

  it("agrees with the report's counts and its list of what was never reached", () => {
    const covered = modelOf(text, { path, coverage: graphCoverageFromTraces(flowId, traces) });
    const nodeGroup = report.coverage.nodes.groups.find((g) => g.id === flowId)!;
    const transitionGroup = report.coverage.transitions.groups.find((g) => g.id === flowId)!;

    expect(covered.coverage).toEqual({
      nodes: { covered: nodeGroup.covered, total: nodeGroup.total },
      transitions: { covered: transitionGroup.covered, total: transitionGroup.total },
    });
    const missedNodes = report.coverage.nodes.missed.filter((m) => m.group === flowId).map((m) => m.id.slice(`${flowId}/`.length));
    expect(covered.nodes.filter((n) => n.covered === false).map((n) => n.id)).toEqual(missedNodes);
    expect(covered.edges.some((e) => e.covered === false)).toBe(true);
    expect(covered.edges.some((e) => e.covered === true)).toBe(true);
  });

  it('has nothing to say about a flow the run did not know', () => {
    expect(graphCoverageFromReport(report.coverage, 'not_a_flow', model)).toBeUndefined();
  });

  it('only counts traces of the flow asked for', () => {
    const coverage = graphCoverageFromTraces(flowId, traces);
    const otherFlowsNodes = new Set(traces.flat().flatMap((e) => (e.type === 'node_entered' && e.flow !== flowId ? [e.node] : [])));
    for (const id of coverage.nodes) expect(model.nodes.some((n) => n.id === id), id).toBe(true);
    expect(otherFlowsNodes.size).toBeGreaterThan(0);
  });
});
