/**
 * How long the flow graph takes for a large flow: building the model from
 * text, the first (cold) ELK layout, and a re-layout answered from the cache
 * after a message edit. Run: `npx tsx apps/studio/src/graph/bench/layoutBench.ts [nodes]`
 * (default 200). Prints one line per measurement, in milliseconds, then a
 * JSON line for scripts to collect.
 */
import { flowGraphModel, type FlowGraphModel } from '../flowGraphModel.ts';
import { LayoutCache, createLayoutEngine, layoutGraph } from '../layoutGraph.ts';
import { generateFlowText } from './generateFlow.ts';

const nodeCount = Number(process.argv[2] ?? 200);
const RUNS = 5;

function model(text: string): FlowGraphModel {
  const result = flowGraphModel({ text, path: 'flows/generated.flow.yaml' });
  if (!result.ok) throw new Error(`generated flow has no graph: ${result.reason}`);
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const text = generateFlowText(nodeCount);
const first = model(text);

const modelTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  model(text);
  modelTimes.push(performance.now() - t0);
}

// The very first layout also pays for ELK's start-up; later ones use a warm engine.
const engine = createLayoutEngine();
const t0 = performance.now();
await layoutGraph(first, engine);
const firstLayout = performance.now() - t0;
const layoutTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  await layoutGraph(first, engine);
  layoutTimes.push(performance.now() - t);
}
engine.terminateWorker();

// Typing inside a message: a new model with the same structure, answered from the cache.
const cache = new LayoutCache();
await cache.layout(first);
const edited = model(text.replace('Step 5 is done.', 'Step 5 is done, and then some.'));
const t1 = performance.now();
await cache.layout(edited);
const cachedLayout = performance.now() - t1;
const ranElk = cache.stats.runs;
cache.dispose();

const results = {
  nodes: first.nodes.length,
  edges: first.edges.length,
  modelMs: round(median(modelTimes)),
  firstLayoutMs: round(firstLayout),
  layoutMs: round(median(layoutTimes)),
  cachedLayoutMs: round(cachedLayout),
};
console.log(`flow graph, ${results.nodes} nodes / ${results.edges} edges`);
console.log(`  model from text      ${results.modelMs} ms (median of ${RUNS})`);
console.log(`  first layout (cold)  ${results.firstLayoutMs} ms`);
console.log(`  layout (warm)        ${results.layoutMs} ms (median of ${RUNS})`);
console.log(`  layout after a message edit ${results.cachedLayoutMs} ms (cache; ELK ran ${ranElk} time${ranElk === 1 ? '' : 's'})`);
console.log(JSON.stringify({ bench: 'studio.flowGraph', ...results }));

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
