/**
 * Figures about a layout's *quality*, for the bench (the tests assert the hard
 * rules: no overlapping boxes, edges touching their nodes). Pure; no timing.
 */
import type { Box, GraphLayout, Point } from '../layoutGraph.ts';

export interface LayoutQuality {
  readonly width: number;
  readonly height: number;
  /** Pairs of node boxes that overlap (must be 0). */
  readonly overlappingNodes: number;
  /** Edge segments that pass through a node box other than their own two ends. */
  readonly edgesThroughNodes: number;
  /** Places where two pieces of edge cross (edges sharing a lane count once there). */
  readonly edgeCrossings: number;
  /** Edge labels that overlap a node box or another label. */
  readonly labelOverlaps: number;
}

export function layoutQuality(layout: GraphLayout): LayoutQuality {
  const nodes = [...layout.nodes.values()];
  let overlappingNodes = 0;
  for (const [i, a] of nodes.entries()) for (const b of nodes.slice(i + 1)) if (overlaps(a, b)) overlappingNodes++;

  const segments: { edge: string; from: string; to: string; a: Point; b: Point }[] = [];
  for (const edge of layout.edges.values()) {
    for (let i = 1; i < edge.points.length; i++) segments.push({ edge: edge.id, from: edge.from, to: edge.to, a: edge.points[i - 1]!, b: edge.points[i]! });
  }
  let edgesThroughNodes = 0;
  for (const edge of layout.edges.values()) {
    const own = new Set([edge.from, edge.to]);
    const hit = nodes.some((n) => !own.has(n.id) && edge.points.some((p, i) => i > 0 && segmentHitsBox(edge.points[i - 1]!, p, shrink(n, 1))));
    if (hit) edgesThroughNodes++;
  }

  // Crossings between distinct pieces of line: edges sharing a lane are drawn on top of each other
  // there, and one crossing with the lane is one crossing on screen, not one per edge in it.
  const unique = new Map<string, { a: Point; b: Point; minX: number; maxX: number }>();
  for (const s of segments) {
    const [a, b] = s.a.x < s.b.x || (s.a.x === s.b.x && s.a.y <= s.b.y) ? [s.a, s.b] : [s.b, s.a];
    unique.set(`${a.x.toFixed(1)},${a.y.toFixed(1)},${b.x.toFixed(1)},${b.y.toFixed(1)}`, { a, b, minX: a.x, maxX: b.x });
  }
  let edgeCrossings = 0;
  // Sweep by x so the pairwise test stays affordable on a few thousand segments.
  const sorted = [...unique.values()].sort((p, q) => p.minX - q.minX);
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.minX <= s.maxX; j++) {
      const t = sorted[j]!;
      if (properlyCross(s.a, s.b, t.a, t.b)) edgeCrossings++;
    }
  }

  const labels = [...layout.edges.values()].flatMap((e) => (e.label ? [e.label] : []));
  let labelOverlaps = 0;
  for (const [i, label] of labels.entries()) {
    if (nodes.some((n) => overlaps(label, n)) || labels.slice(i + 1).some((other) => overlaps(label, other))) labelOverlaps++;
  }
  return { width: Math.round(layout.width), height: Math.round(layout.height), overlappingNodes, edgesThroughNodes, edgeCrossings, labelOverlaps };
}

/** How far nodes moved between two layouts (nodes in both only). */
export function displacement(before: GraphLayout, after: GraphLayout): { readonly moved: number; readonly common: number; readonly medianPx: number; readonly maxPx: number } {
  const distances: number[] = [];
  for (const [id, a] of before.nodes) {
    const b = after.nodes.get(id);
    if (b) distances.push(Math.hypot(a.x - b.x, a.y - b.y));
  }
  distances.sort((p, q) => p - q);
  return {
    moved: distances.filter((d) => d > 1).length,
    common: distances.length,
    medianPx: Math.round(distances[Math.floor(distances.length / 2)] ?? 0),
    maxPx: Math.round(distances.at(-1) ?? 0),
  };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function shrink(box: Box, by: number): Box {
  return { x: box.x + by, y: box.y + by, width: box.width - 2 * by, height: box.height - 2 * by };
}

/** Whether segment a-b has a point strictly inside `box` (Liang-Barsky clipping). */
function segmentHitsBox(a: Point, b: Point, box: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q > 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return (
    clip(-dx, a.x - box.x) && clip(dx, box.x + box.width - a.x) && clip(-dy, a.y - box.y) && clip(dy, box.y + box.height - a.y) && t1 - t0 > 1e-9
  );
}

function properlyCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const o = (p: Point, q: Point, r: Point) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}
