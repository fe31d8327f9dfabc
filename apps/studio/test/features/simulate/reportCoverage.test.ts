import { describe, expect, it } from 'vitest';
import { reportCoverageByFlow } from '../../../src/features/simulate/report/reportCoverage.ts';
import { runWorkspaceTests } from '../../../src/features/simulate/testRun.ts';
import { exampleSimulation, readExampleWorkspace, validatedWorkspace, withFiles } from './support.ts';

const files = readExampleWorkspace();
const workspace = validatedWorkspace(files);

describe("a simulation report's coverage on the flow graph", () => {
  it('is exactly what the studio’s own test run gives when the run had only the scripted tests', async () => {
    // Given a simulation with no generated case (so its conversations are the scripted tests)
    const report = exampleSimulation({ generators: [], perIntent: 0 });
    expect(report.summary.generated.total).toBe(0);
    // When its coverage is read per flow, and the studio runs the same tests itself
    const fromReport = reportCoverageByFlow(report, workspace);
    const run = await runWorkspaceTests(files, { yieldControl: () => Promise.resolve() });
    if (run.status !== 'finished') throw new Error(run.status);
    // Then both name the same reached nodes and the same reached edges, flow by flow
    expect(fromReport).toEqual(run.coverage);
  });

  it('reaches more with the generated cases than the tests alone, and agrees with the report’s counts', () => {
    const scripted = reportCoverageByFlow(exampleSimulation({ generators: [], perIntent: 0 }), workspace);
    const report = exampleSimulation();
    const all = reportCoverageByFlow(report, workspace);
    const reached = (c: typeof all) => Object.values(c).reduce((n, f) => n + f.reachedNodes.length, 0);
    expect(reached(all)).toBeGreaterThanOrEqual(reached(scripted));
    const nodes = report.coverage['nodes'] as { covered: number; total: number };
    expect(reached(all)).toBe(nodes.covered);
    for (const flow of Object.values(all)) {
      expect(flow.reachedNodes.length).toBe(flow.counts.nodes.covered);
      expect(flow.edges.filter((e) => e.reached)).toHaveLength(flow.counts.transitions.covered);
    }
  });

  it('leaves out a flow the run did not know (added since), instead of calling it reached', () => {
    const report = exampleSimulation({ generators: [], perIntent: 0 });
    const branchFinder = files.get('flows/branch_finder.flow.yaml')!;
    const added = withFiles(files, { 'flows/branch_finder_copy.flow.yaml': branchFinder.replace(/^id: branch_finder$/m, 'id: branch_finder_copy') });
    const coverage = reportCoverageByFlow(report, validatedWorkspace(added));
    expect(Object.keys(coverage)).toContain('flows/branch_finder.flow.yaml');
    expect(Object.keys(coverage)).not.toContain('flows/branch_finder_copy.flow.yaml');
  });

  it('reads a report without coverage as nothing reached, without throwing', () => {
    const report = { ...exampleSimulation({ generators: [], perIntent: 0 }), coverage: {} };
    expect(reportCoverageByFlow(report, workspace)).toEqual({});
  });
});
