/**
 * A layered (Sugiyama-style) layout made for flow graphs: boxes of one size,
 * read top to bottom from the start marker, edges drawn orthogonally with
 * their route key next to the node they leave. Pure and synchronous: no DOM,
 * no Node built-ins, no clock; the same model (and `previous` layout) always
 * gives the same result.
 *
 * Why our own and not a library: on the bench's 200-node flow elkjs took
 * about 1 s and dagre about 2.4 s per layout, whatever their options, because
 * every long edge becomes a chain of dummy nodes (the shared handoff alone is
 * reached from 67 places, 200 layers apart). Here every edge into the same node
 * shares one lane ("bus"), and each phase is linear or close to it, so the
 * same flow takes a few tens of milliseconds. See README.md for the figures.
 *
 * Phases (each a function below):
 * 1. `breakCycles`: depth-first from the start marker, in file order; an edge
 *    back to a node still on the walk is a loop and is laid out reversed.
 * 2. `assignLayers`: each node one layer below its lowest predecessor (so the
 *    flow reads downwards as early as it can); nodes nothing leads to sit just
 *    above the first node they lead to.
 * 3. `buildLanes`: edges spanning more than one layer run through dummy
 *    elements, one per layer, shared by all edges into the same node (forward
 *    edges join the lane above their target, loops the lane below it).
 * 4. `orderLayers`: barycentre sweeps down and up, keeping the order with the
 *    fewest crossings; ties keep the depth-first (file) order.
 * 5. `assignPorts`: where each edge leaves and enters a box, leaving room for
 *    its label.
 * 6. `placeHorizontally`: sweeps that pull every element under its neighbours
 *    (lanes weigh more), each layer solved exactly as a least-squares problem
 *    with minimum gaps (pool-adjacent-violators); then `straightenLanes` and
 *    `alignPorts` take out the small jogs.
 * 7. `routeEdges`: vertical runs from ports and through lanes, horizontal runs
 *    on tracks in the gap between two layers (gaps grow with their tracks and
 *    labels), so no edge crosses a box.
 *
 * Following a `previous` layout (the one on show before an edit), phases 1-6
 * start from what it recorded in its `memo`: loops stay loops, nodes keep
 * their layer unless the edit pushes them down, the left-to-right order is
 * kept (no crossing sweeps) and elements stay at their x unless something new
 * needs the room, against a wall at the left edge, so the picture does not
 * shift. New elements go under their neighbours. An edit therefore moves what
 * it touches and little else; laying out an unchanged structure again gives
 * the same layout.
 */

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
  /** From the source box's border to the target box's border; at least two points, axis-parallel segments. */
  readonly points: readonly Point[];
  /** Where the edge's label (route key, `on_fail`) goes: beside the edge, next to the node it leaves. */
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
  /**
   * Where every element ended up (nodes, the marker and lanes, by a key that
   * survives edits), for laying out the next version close to this one. Not
   * for drawing.
   */
  readonly memo?: LayoutMemo;
}

/** Where the elements of a layout were, by element key (see `Element.key`). */
export interface LayoutMemo {
  /** Centre x of every element. */
  readonly x: ReadonlyMap<string, number>;
  /** Layer of every node (and the marker). */
  readonly layer: ReadonlyMap<string, number>;
  /** Height of the gap under each node's layer. */
  readonly gapBelow: ReadonlyMap<string, number>;
}

/** What the layout needs from a flow graph model (`FlowGraphModel` has all of it). */
export interface LayoutInput {
  readonly structureKey: string;
  readonly start?: string;
  readonly nodes: readonly { readonly id: string }[];
  readonly edges: readonly { readonly id: string; readonly from: string; readonly to: string; readonly label?: string }[];
}

export interface LayeredLayoutOptions {
  /**
   * The layout on show before this edit. Nodes it has keep their left-to-right
   * order where the new structure allows, so a small edit moves little.
   */
  readonly previous?: GraphLayout;
}

/** Every node box has this size, so a label edit never changes the layout. */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 56;
const START_SIZE = 28;
export const LABEL_HEIGHT = 16;
/** Estimated width of one label character at the view's 11px label font; labels are short route keys. */
const LABEL_CHAR_WIDTH = 6.6;

/** The width the view gives a label's text (plus padding). */
export function labelWidth(text: string): number {
  return Math.ceil(text.length * LABEL_CHAR_WIDTH) + 8;
}

const PADDING = 24;
/** Minimum distance between two layers (box bottom to box top). */
const LAYER_GAP = 40;
/** Between the horizontal runs of two edges in one gap. */
const TRACK_SPACING = 10;
/** Horizontal distance between boxes, between a box and a lane, between two lanes. */
const NODE_NODE = 28;
const NODE_LANE = 16;
const LANE_LANE = 10;
/** Ports on one side of a box: at least this far apart, and this far from the corners. */
const PORT_GAP = 12;
const PORT_INSET = 10;
/** A label sits this far right of its edge's line, and label rows are this tall. */
const LABEL_OFFSET = 3;
const LABEL_ROW = LABEL_HEIGHT + 2;
/** Self-loops go out of the right side: this far out, then this far further for each further loop. */
const LOOP_OUT = 16;
const LOOP_STEP = 12;
/** Ordering sweeps (down and up count one each); stop early after this many without fewer crossings. */
const ORDER_SWEEPS = 12;
const ORDER_PATIENCE = 3;
/** How much more a lane wants to stay straight than a box wants to sit under its neighbours. */
const LANE_WEIGHT = 4;
/** How much an element the previous layout had wants to stay there, against a new one wanting to sit under its neighbours. */
const ANCHOR_WEIGHT = 10;

type ElementKind = 'node' | 'marker' | 'lane';

interface Element {
  readonly kind: ElementKind;
  /**
   * Names the element across edits, for `LayoutMemo`: `n:<id>` for a node, `m`
   * for the marker, `i:<owner>:<layers above it>` / `b:<owner>:<layers below it>`
   * for a lane into its owner from above / from below.
   */
  readonly key: string;
  /** Node id (for the marker, `undefined`). */
  readonly id: string | undefined;
  readonly width: number;
  readonly height: number;
  layer: number;
  /** Depth-first rank: the initial left-to-right order. */
  rank: number;
  /** Links to the layer above and below. */
  readonly up: Link[];
  readonly down: Link[];
  /** For a lane element: the link that continues its lane upwards / downwards. */
  laneUp: Link | undefined;
  laneDown: Link | undefined;
  /** Position in its layer, then centre x and extents either side of it (labels and loops included). */
  pos: number;
  x: number;
  left: number;
  right: number;
  /** Label rows used under (bottom) and over (top) the box. */
  bottomRows: number;
  topRows: number;
  /** Self-loops drawn on this box's right side. */
  readonly loops: Route[];
}

/** A connection between two elements in neighbouring layers; lane links carry several edges. */
interface Link {
  readonly upper: Element;
  readonly lower: Element;
  /** Port offsets from the centres (0 for lanes). */
  upperPort: number;
  lowerPort: number;
  /** The edge whose label sits at this link's end, if any, and where (row under/over the box). */
  label: { readonly route: Route; readonly atUpper: boolean; row: number; left: boolean } | undefined;
  /** Track index in the gap below `upper`'s layer; -1 when the link runs straight down. */
  track: number;
  /** Which edge this link was made for (ties in port order). */
  readonly order: number;
}

interface Route {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly label: string | undefined;
  readonly order: number;
  /** Laid out from `to` down to `from` (a loop back up the flow). */
  reversed: boolean;
  /** Links from top to bottom. */
  readonly links: Link[];
}

/** Lays out a flow graph. Throws only on a model whose edges name nodes it does not have (a bug). */
export function layeredLayout(model: LayoutInput, options: LayeredLayoutOptions = {}): GraphLayout {
  const elements: Element[] = [];
  const byId = new Map<string, Element>();
  const element = (kind: ElementKind, key: string, id: string | undefined, width: number, height: number): Element => {
    const e: Element = {
      kind,
      key,
      id,
      width,
      height,
      layer: 0,
      rank: 0,
      up: [],
      down: [],
      laneUp: undefined,
      laneDown: undefined,
      pos: 0,
      x: 0,
      left: width / 2,
      right: width / 2,
      bottomRows: 0,
      topRows: 0,
      loops: [],
    };
    elements.push(e);
    return e;
  };
  const marker = model.start !== undefined ? element('marker', 'm', undefined, START_SIZE, START_SIZE) : undefined;
  for (const node of model.nodes) byId.set(node.id, element('node', `n:${node.id}`, node.id, NODE_WIDTH, NODE_HEIGHT));

  const routes: Route[] = [];
  const out = new Map<Element, { route: Route; target: Element }[]>(elements.map((e) => [e, []]));
  const endsOf = new Map<Route, { source: Element; target: Element }>();
  const addRoute = (id: string, from: string, to: string, label: string | undefined, source: Element, target: Element) => {
    const route: Route = { id, from, to, label, order: routes.length, reversed: false, links: [] };
    routes.push(route);
    endsOf.set(route, { source, target });
    if (source === target) source.loops.push(route);
    else out.get(source)!.push({ route, target });
  };
  let startRoute: Route | undefined;
  if (marker && model.start !== undefined) {
    const target = byId.get(model.start);
    if (!target) throw new Error(`layout: the start node "${model.start}" is not a node of the model`);
    addRoute('\u0000start', '\u0000start', model.start, undefined, marker, target);
    startRoute = routes[0];
  }
  for (const edge of model.edges) {
    const source = byId.get(edge.from);
    const target = byId.get(edge.to);
    if (!source || !target) throw new Error(`layout: edge "${edge.id}" names a node the model does not have`);
    addRoute(edge.id, edge.from, edge.to, edge.label, source, target);
  }

  const memo = options.previous?.memo;
  const postorder = breakCycles(elements, out, memo);
  assignLayers(elements, postorder, out, endsOf, marker, memo);
  const layers = buildLanes(elements, routes, endsOf, element);
  orderLayers(layers, memo);
  assignPorts(elements);
  placeHorizontally(layers, memo);
  alignPorts(elements);
  return routeEdges(model.structureKey, layers, elements, routes, startRoute, memo);
}

// --- 1. Cycles -------------------------------------------------------------------------------

/**
 * Depth-first from the marker, then from every node not yet seen, in file
 * order; edges in file order. An edge to a node still on the walk closes a loop
 * and is reversed. Following a previous layout, the walk starts with the edges
 * that pointed up there already turned round, so a loop stays drawn the way it
 * was even when an edit changes the order of the walk. Sets each element's
 * `rank` (preorder) and returns the postorder, whose reverse is a topological
 * order of the graph as laid out.
 */
function breakCycles(elements: readonly Element[], out: ReadonlyMap<Element, readonly { route: Route; target: Element }[]>, memo: LayoutMemo | undefined): Element[] {
  const walk = new Map<Element, { route: Route; next: Element }[]>(elements.map((e) => [e, []]));
  for (const [source, edges] of out) {
    for (const { route, target } of edges) {
      const from = memo?.layer.get(source.key);
      const to = memo?.layer.get(target.key);
      route.reversed = from !== undefined && to !== undefined && to < from;
      if (route.reversed) walk.get(target)!.push({ route, next: source });
      else walk.get(source)!.push({ route, next: target });
    }
  }
  const state = new Map<Element, 1 | 2>(); // 1: on the walk, 2: done
  const postorder: Element[] = [];
  let rank = 0;
  for (const root of elements) {
    if (state.has(root)) continue;
    const stack: { element: Element; next: number }[] = [{ element: root, next: 0 }];
    state.set(root, 1);
    root.rank = rank++;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = walk.get(frame.element)!;
      if (frame.next < edges.length) {
        const { route, next } = edges[frame.next++]!;
        const seen = state.get(next);
        if (seen === 1) route.reversed = !route.reversed;
        else if (seen === undefined) {
          state.set(next, 1);
          next.rank = rank++;
          stack.push({ element: next, next: 0 });
        }
      } else {
        state.set(frame.element, 2);
        postorder.push(frame.element);
        stack.pop();
      }
    }
  }
  return postorder;
}

// --- 2. Layers -------------------------------------------------------------------------------

function assignLayers(
  elements: readonly Element[],
  postorder: readonly Element[],
  out: ReadonlyMap<Element, readonly { route: Route; target: Element }[]>,
  endsOf: ReadonlyMap<Route, { source: Element; target: Element }>,
  marker: Element | undefined,
  memo: LayoutMemo | undefined,
): void {
  // Edges as laid out (loops reversed), per element.
  const below = new Map<Element, Element[]>(elements.map((e) => [e, []]));
  const above = new Map<Element, Element[]>(elements.map((e) => [e, []]));
  for (const edges of out.values()) {
    for (const { route } of edges) {
      const { source, target } = endsOf.get(route)!;
      const [upper, lower] = route.reversed ? [target, source] : [source, target];
      below.get(upper)!.push(lower);
      above.get(lower)!.push(upper);
    }
  }
  // As high as possible: one below the lowest element above. Following a previous layout, no
  // higher than it was either: an edit that shortens a path (a route target half typed, so
  // dangling for a moment) would otherwise lift everything below it by a layer and back.
  const was = (e: Element) => memo?.layer.get(e.key);
  for (let i = postorder.length - 1; i >= 0; i--) {
    const e = postorder[i]!;
    let layer = was(e) ?? 0;
    for (const u of above.get(e)!) layer = Math.max(layer, u.layer + 1);
    e.layer = layer;
  }
  // Nothing leads here: sit just above the first element this leads to, not at the very top.
  // Nodes with no edges at all stand beside the start node.
  const loose = marker ? 1 : 0;
  for (const e of postorder) {
    if (e === marker || above.get(e)!.length > 0) continue;
    const targets = below.get(e)!;
    const highest = targets.length === 0 ? loose : Math.max(0, Math.min(...targets.map((t) => t.layer)) - 1);
    e.layer = Math.min(was(e) ?? highest, highest);
  }
  // Close up layers nothing is in any more (after a deletion, with a previous layout).
  const used = [...new Set(elements.map((e) => e.layer))].sort((a, b) => a - b);
  const dense = new Map(used.map((layer, i) => [layer, i]));
  for (const e of elements) e.layer = dense.get(e.layer)!;
}

// --- 3. Lanes --------------------------------------------------------------------------------

function buildLanes(
  elements: readonly Element[],
  routes: readonly Route[],
  endsOf: ReadonlyMap<Route, { source: Element; target: Element }>,
  element: (kind: ElementKind, key: string, id: string | undefined, width: number, height: number) => Element,
): Element[][] {
  const link = (upper: Element, lower: Element, order: number): Link => {
    const l: Link = { upper, lower, upperPort: 0, lowerPort: 0, label: undefined, track: -1, order };
    upper.down.push(l);
    lower.up.push(l);
    return l;
  };
  // Lane elements by owner node and layer: `into` runs down into its owner, `back` runs up into its owner.
  const into = new Map<Element, Map<number, Element>>();
  const back = new Map<Element, Map<number, Element>>();
  const laneAt = (lanes: Map<Element, Map<number, Element>>, owner: Element, layer: number, rank: number): Element => {
    const tag = lanes === into ? `i:${owner.id}:${owner.layer - layer}` : `b:${owner.id}:${layer - owner.layer}`;
    let byLayer = lanes.get(owner);
    if (!byLayer) lanes.set(owner, (byLayer = new Map()));
    let lane = byLayer.get(layer);
    if (!lane) {
      lane = element('lane', tag, undefined, 0, 0);
      lane.layer = layer;
      lane.rank = rank;
      byLayer.set(layer, lane);
    }
    return lane;
  };

  for (const route of routes) {
    const ends = endsOf.get(route)!;
    if (ends.source === ends.target) continue;
    const [upper, lower] = route.reversed ? [ends.target, ends.source] : [ends.source, ends.target];
    if (lower.layer - upper.layer === 1) {
      route.links.push(link(upper, lower, route.order));
    } else if (!route.reversed) {
      // Join the lane into `lower` one layer below `upper`, and follow it down.
      let previous = laneAt(into, lower, upper.layer + 1, lower.rank);
      route.links.push(link(upper, previous, route.order));
      for (let layer = upper.layer + 2; layer <= lower.layer; layer++) {
        const next = layer === lower.layer ? lower : laneAt(into, lower, layer, lower.rank);
        if (!previous.laneDown) {
          previous.laneDown = link(previous, next, route.order);
          if (next.kind === 'lane') next.laneUp = previous.laneDown;
        }
        route.links.push(previous.laneDown);
        previous = next;
      }
    } else {
      // A loop: from the lane under `upper` (its target), down to where `lower` (its source) leaves it.
      let previous = upper;
      for (let layer = upper.layer + 1; layer < lower.layer; layer++) {
        const next = laneAt(back, upper, layer, upper.rank);
        if (!next.laneUp) {
          next.laneUp = link(previous, next, route.order);
          if (previous.kind === 'lane') previous.laneDown = next.laneUp;
        }
        route.links.push(next.laneUp);
        previous = next;
      }
      route.links.push(link(previous, lower, route.order));
    }
    // The label goes where the edge leaves its source: under it, or over it for a loop.
    if (route.label !== undefined) {
      const at = route.reversed ? route.links[route.links.length - 1]! : route.links[0]!;
      at.label = { route, atUpper: !route.reversed, row: 0, left: false };
    }
  }

  const depth = elements.reduce((max, e) => Math.max(max, e.layer), -1) + 1;
  const layers: Element[][] = Array.from({ length: depth }, () => []);
  for (const e of elements) layers[e.layer]!.push(e);
  return layers;
}

// --- 4. Order within layers ------------------------------------------------------------------

function orderLayers(layers: Element[][], memo: LayoutMemo | undefined): void {
  if (memo) {
    // Start from the picture on show: elements it had at their x there, new ones under the mean
    // of their neighbours above (in the same terms), top down; depth-first rank breaks ties.
    const key = new Map<Element, number>();
    for (const layer of layers) {
      for (const e of layer) {
        let k = memo.x.get(e.key) ?? Number.NaN;
        if (Number.isNaN(k) && e.up.length > 0) k = e.up.reduce((sum, l) => sum + key.get(l.upper)!, 0) / e.up.length;
        key.set(e, k);
      }
      const ranked = [...layer].sort((a, b) => a.rank - b.rank);
      // Elements with no key at all keep their depth-first place among the others.
      const keyed = ranked.filter((e) => !Number.isNaN(key.get(e)!)).sort((a, b) => key.get(a)! - key.get(b)! || a.rank - b.rank);
      let next = 0;
      for (let i = 0; i < ranked.length; i++) layer[i] = Number.isNaN(key.get(ranked[i]!)!) ? ranked[i]! : keyed[next++]!;
      for (const [i, e] of layer.entries()) if (Number.isNaN(key.get(e)!)) key.set(e, i > 0 ? key.get(layer[i - 1]!)! : 0);
      layer.forEach((e, i) => (e.pos = i));
    }
    // No sweeps: they would look for fewer crossings anywhere in the flow and reshuffle parts the
    // edit did not touch. New elements were put under their neighbours, which is where sweeps put them.
    return;
  }
  for (const layer of layers) {
    layer.sort((a, b) => a.rank - b.rank);
    layer.forEach((e, i) => (e.pos = i));
  }

  let best = countCrossings(layers);
  let bestOrder = layers.map((layer) => [...layer]);
  let stale = 0;
  for (let sweep = 0; sweep < ORDER_SWEEPS && best > 0 && stale < ORDER_PATIENCE; sweep++) {
    const down = sweep % 2 === 0;
    if (down) for (let i = 1; i < layers.length; i++) reorder(layers[i]!, true);
    else for (let i = layers.length - 2; i >= 0; i--) reorder(layers[i]!, false);
    const crossings = countCrossings(layers);
    if (crossings < best) {
      best = crossings;
      bestOrder = layers.map((layer) => [...layer]);
      stale = 0;
    } else stale++;
  }
  for (const [i, order] of bestOrder.entries()) {
    layers[i] = order;
    order.forEach((e, p) => (e.pos = p));
  }
}

/**
 * Sorts one layer by the mean position of each element's neighbours in the
 * layer above (`byUpper`) or below. Elements without such neighbours keep
 * their place; ties keep the current order.
 */
function reorder(layer: Element[], byUpper: boolean): void {
  const keyed: { e: Element; key: number }[] = [];
  const fixed: boolean[] = [];
  for (const e of layer) {
    const links = byUpper ? e.up : e.down;
    if (links.length === 0) {
      fixed.push(true);
      continue;
    }
    let sum = 0;
    for (const l of links) sum += byUpper ? l.upper.pos : l.lower.pos;
    fixed.push(false);
    keyed.push({ e, key: sum / links.length });
  }
  keyed.sort((a, b) => a.key - b.key || a.e.pos - b.e.pos);
  const original = [...layer];
  let next = 0;
  for (let i = 0; i < layer.length; i++) layer[i] = fixed[i] ? original[i]! : keyed[next++]!.e;
  layer.forEach((e, i) => (e.pos = i));
}

/** Crossings between all neighbouring layers, counted per link (Barth, Jünger and Mutzel's accumulator). */
function countCrossings(layers: readonly Element[][]): number {
  let total = 0;
  for (let i = 0; i + 1 < layers.length; i++) {
    const lowerSize = layers[i + 1]!.length;
    const pairs: [number, number][] = [];
    for (const upper of layers[i]!) for (const l of upper.down) pairs.push([upper.pos, l.lower.pos]);
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    // Count, for each link, the earlier links that end further right (a Fenwick tree over lower positions).
    const tree = new Int32Array(lowerSize + 1);
    for (const [n, [, lower]] of pairs.entries()) {
      let atOrLeft = 0;
      for (let j = lower + 1; j > 0; j -= j & -j) atOrLeft += tree[j]!;
      total += n - atOrLeft;
      for (let j = lower + 1; j <= lowerSize; j += j & -j) tree[j]!++;
    }
  }
  return total;
}

// --- 5. Ports --------------------------------------------------------------------------------

/**
 * Spreads the links leaving a box's bottom (and entering its top) along that
 * side, in the order of their other ends, so they do not cross as they leave.
 * A labelled link gets room for its label to its right; when the labels do not
 * fit side by side, ports are spaced evenly and labels stack in rows.
 */
function assignPorts(elements: readonly Element[]): void {
  for (const e of elements) {
    if (e.kind === 'lane') continue;
    const bottom = [...e.down].sort((a, b) => a.lower.pos - b.lower.pos || a.order - b.order);
    const top = [...e.up].sort((a, b) => a.upper.pos - b.upper.pos || a.order - b.order);
    e.bottomRows = spread(e, bottom, true);
    e.topRows = spread(e, top, false);
    // Self-loops on the right, each with its label beyond it.
    for (const [i, loop] of e.loops.entries()) {
      const reach = LOOP_OUT + i * LOOP_STEP + (loop.label !== undefined ? LABEL_OFFSET + labelWidth(loop.label) : 0);
      e.right = Math.max(e.right, e.width / 2 + reach);
    }
  }
}

/** The label at this side's end of `l`, if any. */
function labelAt(l: Link, bottom: boolean): Link['label'] {
  return l.label && l.label.atUpper === bottom ? l.label : undefined;
}

/** How far the next port along must be from this one: room for this one's label. */
function slotOf(l: Link, bottom: boolean): number {
  const label = labelAt(l, bottom);
  return Math.max(PORT_GAP, label ? LABEL_OFFSET + labelWidth(label.route.label!) + 6 : 0);
}

function spread(e: Element, links: readonly Link[], bottom: boolean): number {
  if (links.length === 0) return 0;
  const labelOf = (l: Link) => labelAt(l, bottom);
  const slots = links.map((l) => slotOf(l, bottom));
  const ports: number[] = [0];
  for (let i = 1; i < links.length; i++) ports.push(ports[i - 1]! + slots[i - 1]!);
  const half = e.width / 2 - (e.kind === 'marker' ? 0 : PORT_INSET);
  const centre = (ports[0]! + ports[ports.length - 1]!) / 2;
  const fits = ports[ports.length - 1]! - centre <= half;
  const offsets = (fits ? ports.map((p) => p - centre) : links.map((_, i) => -half + (2 * half * (i + 1)) / (links.length + 1))).map(Math.round);
  // Labels: side by side, right of their lines, when they fit. Else the left half's labels go left of
  // their lines and the right half's right (so a long key crosses as few other lines as it can), in
  // the first row where they clear the labels already there.
  const rows: [number, number][][] = [];
  for (const [i, l] of links.entries()) {
    if (bottom) l.upperPort = offsets[i]!;
    else l.lowerPort = offsets[i]!;
    const label = labelOf(l);
    if (!label) continue;
    const width = labelWidth(label.route.label!);
    label.left = !fits && i < (links.length - 1) / 2;
    const from = label.left ? offsets[i]! - LABEL_OFFSET - width : offsets[i]! + LABEL_OFFSET;
    const to = from + width;
    let row = rows.findIndex((taken) => taken.every(([a, b]) => to + 2 <= a || b + 2 <= from));
    if (row < 0) row = rows.push([]) - 1;
    rows[row]!.push([from, to]);
    label.row = row;
    e.left = Math.max(e.left, -from);
    e.right = Math.max(e.right, to);
  }
  return rows.length;
}

/**
 * Once boxes are placed: slides each port under (or over) the other end of its
 * link where that keeps the ports' order, their spacing and the labels' room,
 * so the edge runs straight instead of jogging by a few pixels.
 */
function alignPorts(elements: readonly Element[]): void {
  for (const e of elements) {
    if (e.kind !== 'node') continue;
    for (const bottom of [true, false]) {
      const links = [...(bottom ? e.down : e.up)];
      const port = (l: Link) => (bottom ? l.upperPort : l.lowerPort);
      links.sort((a, b) => port(a) - port(b));
      // Crowded sides (labels stacked in rows) keep their even spacing.
      if (links.some((l, i) => i > 0 && port(l) - port(links[i - 1]!) < slotOf(links[i - 1]!, bottom) - 0.5)) continue;
      const half = e.width / 2 - PORT_INSET;
      for (const [i, l] of links.entries()) {
        const other = bottom ? l.lower.x + l.lowerPort : l.upper.x + l.upperPort;
        const wanted = other - e.x;
        const before = links[i - 1];
        const after = links[i + 1];
        const label = labelAt(l, bottom);
        const lo = Math.max(-half, before ? port(before) + slotOf(before, bottom) : -Infinity);
        let hi = Math.min(half, after ? port(after) - slotOf(l, bottom) : Infinity);
        if (label) hi = Math.min(hi, e.right - LABEL_OFFSET - labelWidth(label.route.label!));
        if (wanted < lo || wanted > hi) continue;
        if (bottom) l.upperPort = wanted;
        else l.lowerPort = wanted;
      }
    }
  }
}

// --- 6. Horizontal placement -----------------------------------------------------------------

function placeHorizontally(layers: readonly Element[][], memo: LayoutMemo | undefined): void {
  if (memo) {
    // Following a previous layout: what it had stays where it was unless something new needs the
    // room; new elements go under their neighbours. (Sweeping everything again would drift the
    // whole picture a little on every edit.)
    const stay = (e: Element, direction: 'up' | 'both') => {
      const was = memo.x.get(e.key);
      if (was !== undefined) return { at: was, weight: ANCHOR_WEIGHT };
      const wanted = desiredX(e, direction);
      return wanted === undefined ? undefined : { at: wanted, weight: e.kind === 'lane' ? LANE_WEIGHT : 1 };
    };
    // A wall at the left padding: what needs room moves right, so the picture does not shift.
    for (const layer of layers) placeLayer(layer, (e) => stay(e, 'up'), PADDING);
    for (let round = 0; round < 2; round++) for (const layer of layers) placeLayer(layer, (e) => stay(e, 'both'), PADDING);
  } else {
    for (const layer of layers) {
      let x = 0;
      for (const [i, e] of layer.entries()) {
        if (i > 0) x += gapBetween(layer[i - 1]!, e);
        e.x = x;
      }
    }
    // Pull everything under its neighbours, down and up a few times, then both ways at once.
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i < layers.length; i++) placeLayer(layers[i]!, toward('up'));
      for (let i = layers.length - 2; i >= 0; i--) placeLayer(layers[i]!, toward('down'));
    }
    for (const layer of layers) placeLayer(layer, toward('both'));
  }
  straightenLanes(layers);
  // Whole pixels: crisp lines, and the same layout again when nothing changed (no rounding noise).
  for (const layer of layers) for (const e of layer) e.x = Math.round(e.x);
}

function toward(direction: 'up' | 'down' | 'both'): (e: Element) => { at: number; weight: number } | undefined {
  return (e) => {
    const wanted = desiredX(e, direction);
    return wanted === undefined ? undefined : { at: wanted, weight: e.kind === 'lane' ? LANE_WEIGHT : 1 };
  };
}

function gapBetween(a: Element, b: Element): number {
  const space = a.kind === 'lane' && b.kind === 'lane' ? LANE_LANE : a.kind === 'lane' || b.kind === 'lane' ? NODE_LANE : NODE_NODE;
  return a.right + space + b.left;
}

/**
 * Moves one layer's elements as close as they can get to where `target` wants
 * them, keeping their order and gaps: weighted least squares under
 * `x[i+1] - x[i] >= gap[i]`, solved exactly by pooling adjacent violators.
 * Elements without a target barely resist being moved from where they are.
 * With `wall`, nothing's left side goes left of it.
 */
function placeLayer(layer: readonly Element[], target: (e: Element) => { at: number; weight: number } | undefined, wall?: number): void {
  const n = layer.length;
  if (n === 0) return;
  const offset = new Float64Array(n);
  for (let i = 1; i < n; i++) offset[i] = offset[i - 1]! + gapBetween(layer[i - 1]!, layer[i]!);
  // Blocks of elements that end up touching: total weight, weighted sum of targets, first element.
  // The wall is a block of its own, at index -1, that nothing moves.
  const weight: number[] = [];
  const sum: number[] = [];
  const first: number[] = [];
  if (wall !== undefined) {
    const heavy = 1e9;
    weight.push(heavy);
    sum.push(heavy * (wall + layer[0]!.left));
    first.push(-1);
  }
  for (let i = 0; i < n; i++) {
    const e = layer[i]!;
    const wanted = target(e) ?? { at: e.x, weight: 0.01 };
    weight.push(wanted.weight);
    sum.push(wanted.weight * (wanted.at - offset[i]!));
    first.push(i);
    while (weight.length > 1) {
      const k = weight.length - 1;
      if (sum[k - 1]! / weight[k - 1]! <= sum[k]! / weight[k]!) break;
      weight[k - 1]! += weight[k]!;
      sum[k - 1]! += sum[k]!;
      weight.pop();
      sum.pop();
      first.pop();
    }
  }
  for (let b = 0; b < first.length; b++) {
    const end = b + 1 < first.length ? first[b + 1]! : n;
    const at = sum[b]! / weight[b]!;
    for (let i = Math.max(0, first[b]!); i < end; i++) layer[i]!.x = at + offset[i]!;
  }
}

/**
 * Puts each lane on one vertical line where its neighbours leave room: a run
 * of lane elements moves, together, to the x that lines it up with where the
 * lane ends (its owner's port), or else to its median, within the room every
 * element of the run has. A run stops where the room runs out; the next run
 * starts there.
 */
function straightenLanes(layers: readonly Element[][]): void {
  const room = (e: Element): [number, number] => {
    const layer = layers[e.layer]!;
    const left = layer[e.pos - 1];
    const right = layer[e.pos + 1];
    return [left ? left.x + gapBetween(left, e) : -Infinity, right ? right.x - gapBetween(e, right) : Infinity];
  };
  for (const layer of layers) {
    for (const head of layer) {
      // Start at the top of each lane.
      if (head.kind !== 'lane' || (head.laneUp && head.laneUp.upper.kind === 'lane')) continue;
      const chain: Element[] = [head];
      for (let e = head; e.laneDown && e.laneDown.lower.kind === 'lane'; e = e.laneDown.lower) chain.push(e.laneDown.lower);
      // Where the lane would be straight into (or out of) its owner.
      const last = chain[chain.length - 1]!;
      const end = last.laneDown && last.laneDown.lower.kind !== 'lane' ? last.laneDown : head.laneUp;
      const aim = end ? (end === last.laneDown ? end.lower.x + end.lowerPort : end.upper.x + end.upperPort) : undefined;
      let start = 0;
      while (start < chain.length) {
        let [lo, hi] = room(chain[start]!);
        let stop = start + 1;
        for (; stop < chain.length; stop++) {
          const [l, h] = room(chain[stop]!);
          if (Math.max(lo, l) > Math.min(hi, h)) break;
          lo = Math.max(lo, l);
          hi = Math.min(hi, h);
        }
        const run = chain.slice(start, stop);
        const xs = run.map((e) => e.x).sort((a, b) => a - b);
        const wanted = aim !== undefined && aim >= lo && aim <= hi ? aim : xs[xs.length >> 1]!;
        const x = Math.min(hi, Math.max(lo, wanted));
        for (const e of run) e.x = x;
        start = stop;
      }
    }
  }
}

/** Where `e` would make its links straight: the median over its neighbours; a lane follows its own lane. */
function desiredX(e: Element, toward: 'up' | 'down' | 'both'): number | undefined {
  if (e.kind === 'lane') {
    // (Written out without closures or arrays: this runs for every element in every sweep.)
    const up = toward !== 'down' && e.laneUp ? e.laneUp.upper.x + e.laneUp.upperPort : undefined;
    const down = toward !== 'up' && e.laneDown ? e.laneDown.lower.x + e.laneDown.lowerPort : undefined;
    if (up !== undefined && down !== undefined) return (up + down) / 2;
    if (up !== undefined || down !== undefined) return up ?? down;
  }
  const values: number[] = [];
  if (toward !== 'down') for (const l of e.up) values.push(l.upper.x + l.upperPort - l.lowerPort);
  if (toward !== 'up') for (const l of e.down) values.push(l.lower.x + l.lowerPort - l.upperPort);
  const n = values.length;
  if (n === 0) return undefined;
  if (n === 1) return values[0];
  if (n === 2) return (values[0]! + values[1]!) / 2;
  values.sort((a, b) => a - b);
  const mid = n >> 1;
  return n % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

// --- 7. Routing and output -------------------------------------------------------------------

function routeEdges(
  structureKey: string,
  layers: readonly Element[][],
  elements: readonly Element[],
  routes: readonly Route[],
  startRoute: Route | undefined,
  previous: LayoutMemo | undefined,
): GraphLayout {
  // Tracks: in each gap, horizontal runs that overlap get different heights. Runs going right are
  // stacked with the one starting furthest right on top, runs going left the other way round, which
  // avoids crossings between runs going the same way; runs sharing an end may share a track.
  const tracks: number[] = [];
  for (const layer of layers) {
    const runs: { link: Link; from: number; to: number; lo: number; hi: number }[] = [];
    for (const e of layer) {
      for (const l of e.down) {
        const from = l.upper.x + l.upperPort;
        const to = l.lower.x + l.lowerPort;
        l.track = -1;
        if (Math.abs(from - to) > 0.5) runs.push({ link: l, from, to, lo: Math.min(from, to), hi: Math.max(from, to) });
      }
    }
    const right = runs.filter((r) => r.to > r.from).sort((a, b) => b.from - a.from);
    const left = runs.filter((r) => r.to < r.from).sort((a, b) => a.from - b.from);
    const placed: typeof runs = [];
    let count = 0;
    for (const run of [...right, ...left]) {
      let track = 0;
      for (const other of placed) {
        if (sharesEnd(run, other)) continue;
        if (other.lo < run.hi + TRACK_SPACING && run.lo < other.hi + TRACK_SPACING) track = Math.max(track, other.link.track + 1);
      }
      run.link.track = track;
      count = Math.max(count, track + 1);
      placed.push(run);
    }
    tracks.push(count);
  }

  // Vertical: layer heights, then gaps sized for the labels under and over the boxes and the tracks.
  const layerTop: number[] = [];
  const layerHeight: number[] = [];
  const gapTop: number[] = [];
  const gapHeight: number[] = [];
  let y = PADDING;
  for (const [i, layer] of layers.entries()) {
    layerTop.push(y);
    const height = layer.reduce((max, e) => Math.max(max, e.height), 0);
    layerHeight.push(height);
    y += height;
    if (i + 1 < layers.length) {
      const under = layer.reduce((max, e) => Math.max(max, e.bottomRows), 0) * LABEL_ROW;
      const over = layers[i + 1]!.reduce((max, e) => Math.max(max, e.topRows), 0) * LABEL_ROW;
      let gap = Math.max(LAYER_GAP, under + over + (tracks[i]! + 1) * TRACK_SPACING);
      // Following a previous layout, keep a gap that was a little taller than needed now, so that one
      // track fewer does not lift everything below by a few pixels.
      const was = previous ? Math.max(0, ...layer.map((e) => previous.gapBelow.get(e.key) ?? 0)) : 0;
      if (was > gap && was <= gap + 2 * TRACK_SPACING) gap = was;
      gapTop.push(y + under);
      gapHeight.push(gap - under - over);
      y += gap;
    }
  }
  const boxTop = (e: Element) => layerTop[e.layer]! + (layerHeight[e.layer]! - e.height) / 2;
  const trackY = (l: Link) => {
    const gap = l.upper.layer;
    return gapTop[gap]! + (gapHeight[gap]! * (l.track + 1)) / (tracks[gap]! + 1);
  };

  // Horizontal: shift everything (boxes, labels, loops) to start at the padding.
  let minX = Infinity;
  let maxX = -Infinity;
  for (const e of elements) {
    minX = Math.min(minX, e.x - e.left);
    maxX = Math.max(maxX, e.x + e.right);
  }
  if (elements.length === 0) minX = maxX = 0;
  // Following a previous layout, stay in its coordinates (so what did not move does not appear to)
  // unless something now sticks out on the left, or a wide margin has opened there.
  const dx = previous !== undefined && minX >= PADDING && minX <= PADDING + NODE_WIDTH ? 0 : PADDING - minX;
  const width = maxX + dx + PADDING;
  const height = y + PADDING;

  const boxOf = (e: Element): Box => ({ x: e.x + dx - e.width / 2, y: boxTop(e), width: e.width, height: e.height });
  const nodes = new Map<string, PositionedNode>();
  for (const e of elements) if (e.kind === 'node') nodes.set(e.id!, { id: e.id!, ...boxOf(e) });

  const edges = new Map<string, PositionedEdge>();
  let start: GraphLayout['start'];
  for (const route of routes) {
    const { points, label } = route.links.length === 0 ? loopGeometry(route, elements, boxOf) : pathOf(route, boxTop, trackY, dx);
    if (route === startRoute) {
      const marker = elements.find((e) => e.kind === 'marker')!;
      start = { box: boxOf(marker), points };
      continue;
    }
    edges.set(route.id, { id: route.id, from: route.from, to: route.to, points, ...(label ? { label } : {}) });
  }
  const memo = { x: new Map<string, number>(), layer: new Map<string, number>(), gapBelow: new Map<string, number>() };
  for (const e of elements) {
    memo.x.set(e.key, e.x + dx);
    if (e.kind === 'lane') continue;
    memo.layer.set(e.key, e.layer);
    if (e.layer + 1 < layers.length) memo.gapBelow.set(e.key, layerTop[e.layer + 1]! - layerTop[e.layer]! - layerHeight[e.layer]!);
  }
  return { structureKey, width, height, nodes, edges, ...(start ? { start } : {}), memo };
}

interface Run {
  readonly link: Link;
  readonly from: number;
  readonly to: number;
}

/** Two runs the same way into the same point (or out of the same point) may share a track: they merge there. */
function sharesEnd(a: Run, b: Run): boolean {
  if (a.to > a.from !== b.to > b.from) return false;
  return (a.link.lower === b.link.lower && Math.abs(a.to - b.to) < 0.5) || (a.link.upper === b.link.upper && Math.abs(a.from - b.from) < 0.5);
}

function pathOf(route: Route, boxTop: (e: Element) => number, trackY: (l: Link) => number, dx: number): { points: Point[]; label?: Box } {
  const points: Point[] = [];
  const first = route.links[0]!;
  // Runs within half a pixel of straight are drawn straight: x only changes on a track.
  let x = first.upper.x + first.upperPort + dx;
  points.push({ x, y: boxTop(first.upper) + first.upper.height });
  for (const l of route.links) {
    if (l.track < 0) continue;
    const y = trackY(l);
    const to = l.lower.x + l.lowerPort + dx;
    points.push({ x, y }, { x: to, y });
    x = to;
  }
  const last = route.links[route.links.length - 1]!;
  points.push({ x, y: boxTop(last.lower) });
  if (route.reversed) points.reverse();

  let label: Box | undefined;
  const at = route.reversed ? last : first;
  if (at.label && at.label.route === route) {
    const w = labelWidth(route.label!);
    const port = at.label.atUpper ? at.upper.x + at.upperPort : at.lower.x + at.lowerPort;
    const x = port + dx + (at.label.left ? -LABEL_OFFSET - w : LABEL_OFFSET);
    const y = at.label.atUpper ? boxTop(at.upper) + at.upper.height + 2 + at.label.row * LABEL_ROW : boxTop(at.lower) - LABEL_ROW - at.label.row * LABEL_ROW;
    label = { x, y, width: w, height: LABEL_HEIGHT };
  }
  return { points: simplify(points), ...(label ? { label } : {}) };
}

/** A self-loop: out of the right side and back in, further out for each further loop on the box. */
function loopGeometry(route: Route, elements: readonly Element[], boxOf: (e: Element) => Box): { points: Point[]; label?: Box } {
  const owner = elements.find((e) => e.loops.includes(route))!;
  const i = owner.loops.indexOf(route);
  const box = boxOf(owner);
  const right = box.x + box.width;
  const out = right + LOOP_OUT + i * LOOP_STEP;
  const rise = Math.max(6, box.height / 2 - 8 - i * 4);
  const cy = box.y + box.height / 2;
  const points = [
    { x: right, y: cy - rise },
    { x: out, y: cy - rise },
    { x: out, y: cy + rise },
    { x: right, y: cy + rise },
  ];
  const label = route.label !== undefined ? { x: out + LABEL_OFFSET, y: cy - LABEL_HEIGHT / 2, width: labelWidth(route.label), height: LABEL_HEIGHT } : undefined;
  return { points, ...(label ? { label } : {}) };
}

/** Drops repeated points and points in the middle of a straight run. */
function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.x - p.x) < 1e-6 && Math.abs(last.y - p.y) < 1e-6) continue;
    const before = out[out.length - 2];
    if (before && last && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out.pop();
    out.push({ x: p.x, y: p.y });
  }
  return out;
}
