/**
 * How long the flow graph takes to lay out a large flow, and how good the
 * result is. Run: `npx tsx apps/studio/src/features/graph/bench/layoutBench.ts [nodes] [runs]`
 * (defaults 200 and 30). Prints the figures (milliseconds: median and p95),
 * then writes them to bench-results/studio-graph-layout.json at the repository
 * root. Reported, not asserted: the machines are shared and noisy.
 *
 * - model: text -> graph model (parsing included).
 * - full layout: `layoutGraph` on the whole flow; the first call (cold, JIT not
 *   warm) apart, then warm runs after ten untimed ones.
 * - label-only edit: a message changes, as while typing one; `LayoutCache`
 *   answers with the layout it has.
 * - structural edit: one route is pointed at a name no node declares yet, as
 *   while typing a new target (a new "missing" node appears); a different
 *   route each run, so every run is a real layout through `LayoutCache`.
 *   `moved` says how many of the other nodes changed place (stability).
 *
 * Node-only (it writes a file); the layout it measures is the shared code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { flowGraphModel, type FlowGraphModel } from '../flowGraphModel.ts';
import { LayoutCache, createLayoutEngine, layoutGraph, type GraphLayout } from '../layoutGraph.ts';
import { generateFlowText } from './generateFlow.ts';
import { displacement, layoutQuality } from './layoutQuality.ts';

const nodeCount = Number(process.argv[2] ?? 200);
const RUNS = Number(process.argv[3] ?? 30);
/** Untimed calls before the warm runs: the JIT needs about ten to settle. */
const WARM_UP = 10;
const OUT = fileURLToPath(new URL('../../../../../../bench-results/studio-graph-layout.json', import.meta.url));

interface Timing {
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly minMs: number;
}

function summarise(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { runs: sorted.length, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), minMs: round(sorted[0]!) };
}

async function time<T>(body: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await body();
  return { ms: performance.now() - start, value };
}

function model(text: string): FlowGraphModel {
  const result = flowGraphModel({ text, path: 'flows/generated.flow.yaml' });
  if (!result.ok) throw new Error(`generated flow has no graph: ${result.reason}`);
  return result;
}

/** The flow with the `ok` route of action node `n<6k+2>` pointed at a new, undeclared name. */
function structuralEdit(text: string, k: number): string {
  const i = (6 * k + 2) % Math.max(6, nodeCount - 8);
  const marker = `    action: system.step_${i}\n    routes: { ok: `;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`no action node n${i} to edit`);
  const start = at + marker.length;
  const end = text.indexOf(',', start);
  return `${text.slice(0, start)}new_step_${k}${text.slice(end)}`;
}

const text = generateFlowText(nodeCount);
const base = model(text);

const modelTimes: number[] = [];
for (let i = 0; i < RUNS; i++) modelTimes.push((await time(() => model(text))).ms);

// Full layout: the first call pays for start-up and JIT; then, after a few calls to warm up, warm runs.
const engine = createLayoutEngine();
const cold = await time(() => layoutGraph(base, engine));
for (let i = 0; i < WARM_UP; i++) await layoutGraph(base, engine);
const full: number[] = [];
for (let i = 0; i < RUNS; i++) full.push((await time(() => layoutGraph(base, engine))).ms);
const quality = layoutQuality(cold.value);

// Label-only edits: a new model each time, same structure, answered by the cache.
const cache = new LayoutCache({ engine });
const baseLayout: GraphLayout = await cache.layout(base);
const runsBefore = cache.stats.runs;
const labelOnly: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const edited = model(text.replace('Step 5 is done.', `Step 5 is done, edit ${i}.`));
  labelOnly.push((await time(() => cache.layout(edited))).ms);
}
const labelOnlyLayouts = cache.stats.runs - runsBefore;

// Structural edits: each a new structure, so each one is laid out.
const structural: number[] = [];
const moved: number[] = [];
const movedMedianPx: number[] = [];
let structuralQuality = quality;
for (let k = 0; k < RUNS; k++) {
  const edited = model(structuralEdit(text, k));
  // The cache lays out from the last layout it made; start each edit from the unedited flow's.
  await cache.layout(base);
  const { ms, value } = await time(() => cache.layout(edited));
  structural.push(ms);
  const d = displacement(baseLayout, value);
  moved.push(d.moved);
  movedMedianPx.push(d.medianPx);
  if (k === 0) structuralQuality = layoutQuality(value);
}
cache.dispose();
engine.dispose();

const results = {
  bench: 'studio.flowGraph.layout',
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: loadavg().map((l) => round(l)) },
  flow: { nodes: base.nodes.length, edges: base.edges.length },
  modelMs: summarise(modelTimes),
  fullLayout: { coldMs: round(cold.ms), warm: summarise(full) },
  labelOnlyEdit: { ...summarise(labelOnly), layoutsRun: labelOnlyLayouts },
  structuralEdit: {
    ...summarise(structural),
    nodesMoved: { median: median(moved), max: Math.max(...moved), of: base.nodes.length },
    medianDisplacementPx: median(movedMedianPx),
  },
  quality,
  qualityAfterStructuralEdit: structuralQuality,
  target: { relayoutMs: 100 },
};

const line = (name: string, t: Timing) => `${name.padEnd(34)} ${String(t.medianMs).padStart(8)} ms median ${String(t.p95Ms).padStart(8)} ms p95  (${t.runs} runs)`;
console.log(`flow graph layout, ${results.flow.nodes} nodes / ${results.flow.edges} edges`);
console.log(line('model from text', results.modelMs));
console.log(`${'full layout, cold (first call)'.padEnd(34)} ${String(results.fullLayout.coldMs).padStart(8)} ms`);
console.log(line('full layout, warm', results.fullLayout.warm));
console.log(line('re-layout after a label-only edit', results.labelOnlyEdit) + `  layouts run: ${labelOnlyLayouts}`);
console.log(line('re-layout after a structural edit', results.structuralEdit));
console.log(
  `  nodes moved by a structural edit: median ${results.structuralEdit.nodesMoved.median} of ${base.nodes.length} (max ${results.structuralEdit.nodesMoved.max}), median distance ${results.structuralEdit.medianDisplacementPx} px`,
);
const q = (label: string, v: typeof quality) =>
  console.log(
    `  ${label}: ${v.width} x ${v.height} px, ${v.overlappingNodes} overlapping nodes, ${v.edgesThroughNodes} edges through nodes, ${v.edgeCrossings} crossings, ${v.labelOverlaps} label overlaps`,
  );
q('drawing', quality);
q('after the edit', structuralQuality);
mkdirSync(new URL('.', `file://${OUT}`), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${OUT}`);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
