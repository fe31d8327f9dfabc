/**
 * Pan and zoom as plain arithmetic, so the view only wires events to it. A
 * viewport maps graph coordinates to screen coordinates inside the view:
 * `screen = graph * scale + (x, y)`.
 */
import type { Box, GraphLayout, Point } from './layoutGraph.ts';

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly scale: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * Zoom limits. Small enough that "fit" shows all of a 200-node flow (about
 * 23,000px tall) in a 500px pane; above 2 one box fills a laptop screen.
 */
export const MIN_SCALE = 0.02;
export const MAX_SCALE = 2;
/** Fitting never enlarges past 1: a three-node flow stays at its natural size. */
const FIT_MAX_SCALE = 1;

export const IDENTITY: Viewport = { x: 0, y: 0, scale: 1 };

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** The viewport that shows all of `content`, centred, with `padding` screen pixels around it. */
export function fitToView(content: Size, view: Size, padding = 16): Viewport {
  if (content.width <= 0 || content.height <= 0 || view.width <= 0 || view.height <= 0) return IDENTITY;
  const scale = clampScale(
    Math.min(FIT_MAX_SCALE, (view.width - 2 * padding) / content.width, (view.height - 2 * padding) / content.height),
  );
  return { scale, x: (view.width - content.width * scale) / 2, y: Math.max(padding, (view.height - content.height * scale) / 2) };
}

/** Zooms by `factor` keeping the graph point under `at` (screen coordinates) where it is. */
export function zoomAt(viewport: Viewport, factor: number, at: Point): Viewport {
  const scale = clampScale(viewport.scale * factor);
  const ratio = scale / viewport.scale;
  return { scale, x: at.x - (at.x - viewport.x) * ratio, y: at.y - (at.y - viewport.y) * ratio };
}

/** The zoom factor for one wheel event: smooth for trackpads, about 10% per mouse-wheel notch. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  // deltaMode 1 is lines (Firefox mouse wheels), 0 pixels.
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaY;
  return Math.exp(-pixels * 0.001);
}

export function panBy(viewport: Viewport, dx: number, dy: number): Viewport {
  return { ...viewport, x: viewport.x + dx, y: viewport.y + dy };
}

/** The screen box of a graph box. */
export function toScreen(viewport: Viewport, box: Box): Box {
  return { x: box.x * viewport.scale + viewport.x, y: box.y * viewport.scale + viewport.y, width: box.width * viewport.scale, height: box.height * viewport.scale };
}

/**
 * The smallest pan that brings `box` fully into view (with `margin`), or the
 * same viewport when it already is: moving the cursor in the YAML must not
 * make the graph jump about when the node is already visible.
 */
export function ensureVisible(viewport: Viewport, box: Box, view: Size, margin = 24): Viewport {
  const s = toScreen(viewport, box);
  const dx = s.x < margin ? margin - s.x : s.x + s.width > view.width - margin ? view.width - margin - (s.x + s.width) : 0;
  const dy = s.y < margin ? margin - s.y : s.y + s.height > view.height - margin ? view.height - margin - (s.y + s.height) : 0;
  // A box larger than the view: show its top-left corner.
  const fx = s.width > view.width - 2 * margin ? margin - s.x : dx;
  const fy = s.height > view.height - 2 * margin ? margin - s.y : dy;
  return fx === 0 && fy === 0 ? viewport : panBy(viewport, fx, fy);
}

/**
 * Node ids in reading order (top to bottom, then left to right): the order
 * keyboard focus moves in with the arrow keys, and the order of the nodes in
 * the document for screen readers.
 */
export function readingOrder(layout: Pick<GraphLayout, 'nodes'>): string[] {
  return [...layout.nodes.values()]
    .sort((a, b) => (a.y !== b.y ? a.y - b.y : a.x - b.x))
    .map((node) => node.id);
}
