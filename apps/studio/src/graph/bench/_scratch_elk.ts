import ElkModule from 'elkjs/lib/elk.bundled.js';
import { flowGraphModel, type FlowGraphModel } from '../flowGraphModel.ts';
import { generateFlowText } from './generateFlow.ts';
const Elk = ((ElkModule as any).default ?? ElkModule);
const elk = new Elk();
const r = flowGraphModel({ text: generateFlowText(200), path: 'flows/g.flow.yaml' }) as FlowGraphModel;
const base: Record<string, string> = {
  'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST', 'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '28', 'elk.spacing.edgeNode': '16', 'elk.spacing.edgeEdge': '10', 'elk.spacing.edgeLabel': '2',
  'elk.layered.thoroughness': '1', 'elk.layered.mergeEdges': 'true',
};
function graph(opts: Record<string, string>, labels: boolean) {
  return { id: 'root', layoutOptions: { ...base, ...opts },
    children: [{ id: 'S', width: 28, height: 28 }, ...r.nodes.map((n) => ({ id: n.id, width: 220, height: 56 }))],
    edges: [{ id: 'se', sources: ['S'], targets: [r.start!] }, ...r.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to],
      ...(labels && e.label ? { labels: [{ id: e.id + 'l', text: e.label, width: 40, height: 16, layoutOptions: { 'elk.edgeLabels.placement': 'TAIL' } }] } : {}) }))] };
}
const variants: [string, Record<string, string>, boolean][] = [
  ['current', {}, true],
  ['no labels', {}, false],
  ['polyline', { 'elk.edgeRouting': 'POLYLINE' }, true],
  ['nodePlacement SIMPLE', { 'elk.layered.nodePlacement.strategy': 'SIMPLE' }, true],
  ['nodePlacement LINEAR_SEGMENTS', { 'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS' }, true],
  ['layering LONGEST_PATH', { 'elk.layered.layering.strategy': 'LONGEST_PATH' }, true],
  ['crossMin NONE', { 'elk.layered.crossingMinimization.strategy': 'NONE' }, true],
  ['all cheap', { 'elk.edgeRouting': 'POLYLINE', 'elk.layered.nodePlacement.strategy': 'SIMPLE', 'elk.layered.layering.strategy': 'LONGEST_PATH' }, true],
];
await elk.layout(graph({}, true));
for (const [name, opts, labels] of variants) {
  const times: number[] = [];
  let res: any;
  for (let i = 0; i < 3; i++) { const t = performance.now(); res = await elk.layout(graph(opts, labels)); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(name.padEnd(32), times.map((t) => t.toFixed(0)).join(' '), `size ${res.width.toFixed(0)}x${res.height.toFixed(0)}`);
}
