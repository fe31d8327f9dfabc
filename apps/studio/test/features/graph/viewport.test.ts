import { describe, expect, it } from 'vitest';
import { MAX_SCALE, MIN_SCALE, ensureVisible, fitToView, readingOrder, toScreen, wheelFactor, zoomAt } from '../../../src/features/graph/viewport.ts';
import type { PositionedNode } from '../../../src/features/graph/layoutGraph.ts';

const view = { width: 800, height: 600 };

describe('fitToView', () => {
  it('shrinks a large graph to fit, centred, inside the padding', () => {
    const v = fitToView({ width: 1600, height: 600 }, view, 16);
    const shown = toScreen(v, { x: 0, y: 0, width: 1600, height: 600 });
    expect(shown.x).toBeGreaterThanOrEqual(16 - 1e-9);
    expect(shown.x + shown.width).toBeLessThanOrEqual(800 - 16 + 1e-9);
    expect(shown.y + shown.height).toBeLessThanOrEqual(600 - 16 + 1e-9);
    expect(shown.x + shown.width / 2).toBeCloseTo(400);
  });

  it('does not enlarge a small graph', () => {
    expect(fitToView({ width: 200, height: 100 }, view).scale).toBe(1);
  });

  it('shows all of a very tall graph (a 200-node flow)', () => {
    const v = fitToView({ width: 1500, height: 24_000 }, view);
    expect(v.scale).toBeGreaterThanOrEqual(MIN_SCALE);
    expect(toScreen(v, { x: 0, y: 0, width: 1500, height: 24_000 }).height).toBeLessThanOrEqual(600);
  });

  it('is the identity for an empty graph or a view not yet measured', () => {
    expect(fitToView({ width: 0, height: 0 }, view)).toEqual({ x: 0, y: 0, scale: 1 });
    expect(fitToView({ width: 100, height: 100 }, { width: 0, height: 0 })).toEqual({ x: 0, y: 0, scale: 1 });
  });
});

describe('zoomAt', () => {
  it('keeps the point under the pointer where it is', () => {
    const before = { x: 30, y: -20, scale: 0.8 };
    const at = { x: 250, y: 140 };
    const after = zoomAt(before, 1.5, at);
    const graphPoint = { x: (at.x - before.x) / before.scale, y: (at.y - before.y) / before.scale };
    expect(graphPoint.x * after.scale + after.x).toBeCloseTo(at.x);
    expect(graphPoint.y * after.scale + after.y).toBeCloseTo(at.y);
  });

  it('stays within the zoom limits', () => {
    expect(zoomAt({ x: 0, y: 0, scale: 1 }, 1000, { x: 0, y: 0 }).scale).toBe(MAX_SCALE);
    expect(zoomAt({ x: 0, y: 0, scale: 1 }, 0.0001, { x: 0, y: 0 }).scale).toBe(MIN_SCALE);
  });

  it('zooms in for a wheel turned away from the user and out for one turned towards them', () => {
    expect(wheelFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelFactor(100, 0)).toBeLessThan(1);
    // Line-mode wheels (Firefox) move about as much per notch as pixel-mode ones.
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48, 0));
  });
});

describe('ensureVisible', () => {
  const box = { x: 1000, y: 100, width: 200, height: 56 };

  it('leaves the viewport alone when the box is already in view', () => {
    const v = { x: -700, y: 0, scale: 1 };
    expect(ensureVisible(v, box, view)).toBe(v);
  });

  it('pans just enough to bring an off-screen box into view', () => {
    const v = ensureVisible({ x: 0, y: 0, scale: 1 }, box, view, 24);
    const shown = toScreen(v, box);
    expect(shown.x + shown.width).toBeCloseTo(800 - 24);
    expect(v.y).toBe(0);
    expect(v.scale).toBe(1);
  });
});

describe('readingOrder', () => {
  it('orders nodes top to bottom, then left to right', () => {
    const node = (id: string, x: number, y: number): [string, PositionedNode] => [id, { id, x, y, width: 10, height: 10 }];
    const nodes = new Map([node('c', 50, 100), node('a', 0, 0), node('d', 0, 200), node('b', 10, 100)]);
    expect(readingOrder({ nodes })).toEqual(['a', 'b', 'c', 'd']);
  });
});
