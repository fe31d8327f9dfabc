import type { Workspace } from '@colloquy/core';
import type { TraceEvent } from '@colloquy/engine';
import { COVERAGE_CATEGORIES, percent, type Coverage, type CoverageCategory, type CoverageCategoryName } from './coverageTypes.ts';
import { intentCoverage, nodeCoverage, transitionCoverage } from './flowCoverage.ts';
import { policyCoverage } from './policyCoverage.ts';
import { ruleCoverage } from './ruleCoverage.ts';
import { collectTraceFacts, type TraceFacts } from './traceFacts.ts';

const CATEGORY_BUILDERS: { readonly [C in CoverageCategoryName]: (workspace: Workspace, facts: TraceFacts) => CoverageCategory } = {
  intents: intentCoverage,
  nodes: nodeCoverage,
  transitions: transitionCoverage,
  rules: ruleCoverage,
  policies: policyCoverage,
};

/** Coverage of the workspace by a set of session traces (one per test conversation). */
export function computeCoverage(workspace: Workspace, traces: Iterable<readonly TraceEvent[]>): Coverage {
  return coverageFromFacts(workspace, collectTraceFacts(traces));
}

/** Coverage from facts already collected (see `TraceFactsCollector`). */
export function coverageFromFacts(workspace: Workspace, facts: TraceFacts): Coverage {
  const categories = Object.fromEntries(COVERAGE_CATEGORIES.map((name) => [name, CATEGORY_BUILDERS[name](workspace, facts)])) as {
    [C in CoverageCategoryName]: CoverageCategory;
  };
  let covered = 0;
  let total = 0;
  for (const name of COVERAGE_CATEGORIES) {
    covered += categories[name].covered;
    total += categories[name].total;
  }
  return { ...categories, overall: { covered, total, percent: percent(covered, total) } };
}
