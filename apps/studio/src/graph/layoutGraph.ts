/**
 * Positions a flow graph with elkjs's layered (Sugiyama) algorithm, top to
 * bottom in file order, and returns boxes for nodes and polylines for edges.
 *
 * We use `elk.bundled.js`, which runs ELK in the calling thread (no worker
 * file to serve), and run it behind an async API so a worker can be swapped
 * in later without touching callers. Layout only depends on the graph's
 * *structure* (node ids, edge ids, start): every box has the same size and
 * labels are cut to fit, so `LayoutCache` can reuse a layout while the
 * designer types inside a message.
 */
import ElkModule from 'elkjs/lib/elk.bundled.js';
import type { ELK, ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';
import type { FlowGraphModel } from './flowGraphModel.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PositionedNode extends Box {
  readonly id: string;
}

export interface PositionedEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** From the source box's border to the target box's border; at least two points. */
  readonly points: readonly Point[];
  /** Where ELK placed the edge's label (route keys, `on_fail`). */
  readonly label?: Box;
}

export interface GraphLayout {
  /** The `structureKey` of the model this layout was made for. */
  readonly structureKey: string;
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, PositionedNode>;
  readonly edges: ReadonlyMap<string, PositionedEdge>;
  /** The start marker and its arrow into the `start` node, when the flow has one. */
  readonly start?: { readonly box: Box; readonly points: readonly Point[] };
}

/** Every node box has this size, so a label edit never changes the layout. */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 56;
const START_SIZE = 28;
/** The start marker's id inside ELK; a NUL cannot occur in a node id typed in YAML. */
const START_ID = '\u0000start';
const START_EDGE_ID = '\u0000start-edge';
const LABEL_HEIGHT = 16;
/** Estimated width of one label character at the view's 11px label font; labels are short route keys. */
const LABEL_CHAR_WIDTH = 6.6;

const LAYOUT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Loops are broken where a depth-first walk from `start` meets them, so the flow reads downwards
  // from the start marker. ELK's default (greedy) breaks them anywhere and, on a 200-node flow,
  // puts `start` mid-way down a graph five times wider than tall.
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '2',
  'elk.padding': '[top=24,left=24,bottom=24,right=24]',
};

/**
 * Above this many nodes, layout trades some crossing minimisation for time.
 * Measured on the generated 200-node flow of `bench/layoutBench.ts`: following
 * the file order (`considerModelOrder`) costs about 1.5x and the default
 * thoroughness (7) about 2x thoroughness 1, while the example flows (10-20
 * nodes) take tens of milliseconds either way.
 */
export const LARGE_GRAPH_NODES = 60;

const SMALL_GRAPH_OPTIONS: LayoutOptions = {
  // Follow the file's order, so the graph reads like the YAML and small edits keep it stable.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

const LARGE_GRAPH_OPTIONS: LayoutOptions = {
  'elk.layered.thoroughness': '1',
  // Many edges into one node (the shared handoff every question fails over to) share one lane
  // instead of one lane each: the generated 200-node flow is five times narrower, for the same time.
  'elk.layered.mergeEdges': 'true',
};

/**
 * Labels sit at the edge's source end ("true", "failed" right under the node
 * that decides). Centre labels would become dummy nodes in layers of their
 * own, which makes tall graphs taller and costs ELK about half as much again.
 */
const LABEL_OPTIONS: LayoutOptions = { 'elk.edgeLabels.placement': 'TAIL' };

/** What `LayoutCache` needs from ELK; a worker-backed ELK fits too. */
export type LayoutEngine = Pick<ELK, 'layout' | 'terminateWorker'>;

/** A fresh in-thread ELK. */
export function createLayoutEngine(): LayoutEngine {
  // The bundle is CommonJS: depending on the bundler its constructor is the module or its `default`.
  const Elk = ((ElkModule as unknown as { default?: unknown }).default ?? ElkModule) as new () => ELK;
  const elk = new Elk();
  return {
    layout: (graph, args) => elk.layout(graph, args),
    // The in-thread ELK holds nothing to release, and its stand-in worker has no `terminate` (elkjs 0.12 throws).
    terminateWorker: () => {},
  };
}

/** Lays out one model with `engine`. Rejects only if ELK itself fails (a bug, not bad input). */
export async function layoutGraph(model: FlowGraphModel, engine: LayoutEngine): Promise<GraphLayout> {
  const graph = toElkGraph(model);
  const result = await engine.layout(graph);
  return fromElkGraph(model, result);
}

function toElkGraph(model: FlowGraphModel): ElkNode {
  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  if (model.start !== undefined) {
    children.push({ id: START_ID, width: START_SIZE, height: START_SIZE });
    edges.push({ id: START_EDGE_ID, sources: [START_ID], targets: [model.start] });
  }
  for (const node of model.nodes) children.push({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of model.edges) {
    const label = edge.label;
    edges.push({
      id: edge.id,
      sources: [edge.from],
      targets: [edge.to],
      ...(label !== undefined
        ? { labels: [{ id: `${edge.id}\u0000label`, text: label, width: labelWidth(label), height: LABEL_HEIGHT, layoutOptions: LABEL_OPTIONS }] }
        : {}),
    });
  }
  const sizeOptions = model.nodes.length > LARGE_GRAPH_NODES ? LARGE_GRAPH_OPTIONS : SMALL_GRAPH_OPTIONS;
  return { id: '\u0000root', layoutOptions: { ...LAYOUT_OPTIONS, ...sizeOptions }, children, edges };
}

/** The width the view gives a label's text (plus padding). */
export function labelWidth(text: string): number {
  return Math.ceil(text.length * LABEL_CHAR_WIDTH) + 8;
}

function fromElkGraph(model: FlowGraphModel, root: ElkNode): GraphLayout {
  const nodes = new Map<string, PositionedNode>();
  let startBox: Box | undefined;
  for (const child of root.children ?? []) {
    const box = { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 };
    if (child.id === START_ID) startBox = box;
    else nodes.set(child.id, { id: child.id, ...box });
  }
  const edgeInfo = new Map(model.edges.map((e) => [e.id, e]));
  const edges = new Map<string, PositionedEdge>();
  let startPoints: Point[] | undefined;
  for (const edge of (root.edges ?? []) as ElkExtendedEdge[]) {
    const points: Point[] = [];
    for (const section of edge.sections ?? []) {
      points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
    }
    if (edge.id === START_EDGE_ID) {
      startPoints = points;
      continue;
    }
    const info = edgeInfo.get(edge.id);
    if (!info) continue;
    const label = edge.labels?.[0];
    edges.set(edge.id, {
      id: edge.id,
      from: info.from,
      to: info.to,
      points: dedupe(points),
      ...(label ? { label: { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } } : {}),
    });
  }
  return {
    structureKey: model.structureKey,
    width: root.width ?? 0,
    height: root.height ?? 0,
    nodes,
    edges,
    ...(startBox && startPoints ? { start: { box: startBox, points: dedupe(startPoints) } } : {}),
  };
}

/** Sections meet at a shared point; drop the repeats so polylines have no zero-length segments. */
function dedupe(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last.x !== p.x || last.y !== p.y) out.push({ x: p.x, y: p.y });
  }
  return out;
}

export interface LayoutCacheOptions {
  /** Default: a fresh in-thread ELK, terminated by `dispose()`. */
  readonly engine?: LayoutEngine;
  /**
   * How many layouts to keep, by structure. Default 8: enough that typing a
   * route target through a dangling half-word and back (`freeze_c`, a missing
   * node, then `freeze_card` again) finds the earlier layout instead of
   * running ELK twice more.
   */
  readonly size?: number;
}

/**
 * Remembers layouts by the model's `structureKey`: a model with the same
 * structure as one laid out before gets that layout back without running ELK
 * (and a layout still running is shared, not started twice). Owned by one
 * view; `dispose()` releases the engine.
 */
export class LayoutCache {
  private readonly engine: LayoutEngine;
  private readonly ownsEngine: boolean;
  private readonly size: number;
  private readonly entries = new Map<string, Promise<GraphLayout>>();
  private disposed = false;
  /** How many `layout` calls ran ELK, and how many were answered from the cache (for tests and the bench). */
  readonly stats = { runs: 0, hits: 0 };

  constructor(options: LayoutCacheOptions = {}) {
    this.engine = options.engine ?? createLayoutEngine();
    this.ownsEngine = options.engine === undefined;
    this.size = options.size ?? 8;
  }

  /** Whether a layout for this structure is cached or running. */
  has(structureKey: string): boolean {
    return this.entries.has(structureKey);
  }

  layout(model: FlowGraphModel): Promise<GraphLayout> {
    if (this.disposed) return Promise.reject(new Error('LayoutCache used after dispose()'));
    const key = model.structureKey;
    const cached = this.entries.get(key);
    if (cached) {
      this.stats.hits++;
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    this.stats.runs++;
    const pending = layoutGraph(model, this.engine);
    this.entries.set(key, pending);
    // A failed layout is not remembered, so the next edit tries again.
    pending.catch(() => this.entries.get(key) === pending && this.entries.delete(key));
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.entries.clear();
    if (this.ownsEngine) this.engine.terminateWorker();
  }
}
