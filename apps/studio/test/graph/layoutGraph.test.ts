import { afterAll, describe, expect, it } from 'vitest';
import type { FlowGraphModel } from '../../src/graph/flowGraphModel.ts';
import { LARGE_GRAPH_NODES, LayoutCache, createLayoutEngine, layoutGraph, type GraphLayout, type LayoutEngine } from '../../src/graph/layoutGraph.ts';
import { generateFlowText } from '../../src/graph/bench/generateFlow.ts';
import { EXAMPLE_WORKSPACE, flowText, loadWorkspace, modelOf, onBorder, overlaps } from './support.ts';

const engine = createLayoutEngine();
afterAll(() => engine.terminateWorker());

/** Everything a drawable layout must satisfy, checked against the model it was made for. */
function expectWellFormed(model: FlowGraphModel, layout: GraphLayout): void {
  // Every node and edge is placed.
  expect([...layout.nodes.keys()].sort()).toEqual(model.nodes.map((n) => n.id).sort());
  expect([...layout.edges.keys()].sort()).toEqual(model.edges.map((e) => e.id).sort());

  // No two boxes overlap (the start marker included), and all lie inside the drawing.
  const boxes = [...layout.nodes.values(), ...(layout.start ? [{ id: 'start marker', ...layout.start.box }] : [])];
  for (const [i, a] of boxes.entries()) {
    expect(a.x, a.id).toBeGreaterThanOrEqual(0);
    expect(a.y, a.id).toBeGreaterThanOrEqual(0);
    expect(a.x + a.width, a.id).toBeLessThanOrEqual(layout.width);
    expect(a.y + a.height, a.id).toBeLessThanOrEqual(layout.height);
    for (const b of boxes.slice(i + 1)) expect(overlaps(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
  }

  // Every edge starts on its source's border and ends on its target's.
  for (const edge of layout.edges.values()) {
    expect(edge.points.length, edge.id).toBeGreaterThanOrEqual(2);
    expect(onBorder(edge.points[0]!, layout.nodes.get(edge.from)!), `${edge.id} leaves ${edge.from}`).toBe(true);
    expect(onBorder(edge.points.at(-1)!, layout.nodes.get(edge.to)!), `${edge.id} reaches ${edge.to}`).toBe(true);
  }
  if (model.start !== undefined) {
    expect(layout.start).toBeDefined();
    expect(onBorder(layout.start!.points[0]!, layout.start!.box)).toBe(true);
    expect(onBorder(layout.start!.points.at(-1)!, layout.nodes.get(model.start)!)).toBe(true);
  }
}

describe('layoutGraph', async () => {
  const { flowFiles } = await loadWorkspace(EXAMPLE_WORKSPACE);

  for (const { path, text } of flowFiles) {
    it(`${path}: boxes do not overlap and edges touch their nodes`, async () => {
      const model = modelOf(text, { path });
      expectWellFormed(model, await layoutGraph(model, engine));
    });
  }

  it('lays out the start node above the nodes it leads to', async () => {
    const model = modelOf(flowText('  first: { say: hi, next: second }\n  second: { say: there, next: third }\n  third: { end: resolved }\n'));
    const layout = await layoutGraph(model, engine);
    const y = (id: string) => layout.nodes.get(id)!.y;
    expect(layout.start!.box.y).toBeLessThan(y('first'));
    expect(y('first')).toBeLessThan(y('second'));
    expect(y('second')).toBeLessThan(y('third'));
  });

  it('handles self-loops, parallel edges, missing nodes and an empty flow', async () => {
    const model = modelOf(
      flowText('  first:\n    ask: "Again?"\n    fill: again\n    on_fail: out\n    routes: { "true": first, "false": out, maybe: nowhere }\n  out: { end: resolved }\n'),
    );
    expectWellFormed(model, await layoutGraph(model, engine));
    const empty = modelOf('kind: flow\nversion: 1\nid: empty\nnodes: {}\n');
    const layout = await layoutGraph(empty, engine);
    expect(layout.nodes.size).toBe(0);
    expect(layout.start).toBeUndefined();
  });

  it(`lays out a flow above ${LARGE_GRAPH_NODES} nodes (the faster settings) just as cleanly`, async () => {
    const model = modelOf(generateFlowText(LARGE_GRAPH_NODES + 20));
    expect(model.nodes.length).toBe(LARGE_GRAPH_NODES + 20);
    expectWellFormed(model, await layoutGraph(model, engine));
  }, 60_000);
});

/** The real engine, counting the layouts it is asked for. */
function countingEngine(): LayoutEngine & { calls: number } {
  const counting = {
    calls: 0,
    layout: ((graph, args) => {
      counting.calls++;
      return engine.layout(graph, args);
    }) as LayoutEngine['layout'],
    terminateWorker: () => {},
  };
  return counting;
}

describe('LayoutCache', () => {
  const base = flowText('  first:\n    say: "Hello there"\n    routes: { a: second }\n    next: third\n  second: { end: resolved }\n  third: { end: resolved }\n');

  it('reuses the layout when only a message changes', async () => {
    const counting = countingEngine();
    const cache = new LayoutCache({ engine: counting });
    const before = await cache.layout(modelOf(base));
    const after = await cache.layout(modelOf(base.replace('Hello there', 'Hello there, how can I help you today?')));

    expect(after).toBe(before);
    expect(counting.calls).toBe(1);
    expect(cache.stats).toEqual({ runs: 1, hits: 1 });
    cache.dispose();
  });

  it('lays out again when the structure changes, and finds the old layout when the edit is undone', async () => {
    const counting = countingEngine();
    const cache = new LayoutCache({ engine: counting });
    const original = await cache.layout(modelOf(base));
    // Typing a new route target passes through a dangling name first.
    const typing = await cache.layout(modelOf(base.replace('a: second', 'a: thi')));
    expect(typing.nodes.has('thi')).toBe(true);
    const undone = await cache.layout(modelOf(base));

    expect(counting.calls).toBe(2);
    expect(undone).toBe(original);
    cache.dispose();
  });

  it('shares a layout that is still running instead of starting another', async () => {
    const counting = countingEngine();
    const cache = new LayoutCache({ engine: counting });
    const [a, b] = await Promise.all([cache.layout(modelOf(base)), cache.layout(modelOf(base.replace('Hello', 'Hi')))]);
    expect(a).toBe(b);
    expect(counting.calls).toBe(1);
    cache.dispose();
  });

  it('forgets the least recently used layout beyond its size', async () => {
    const counting = countingEngine();
    const cache = new LayoutCache({ engine: counting, size: 2 });
    const variant = (target: string) => modelOf(base.replace('a: second', `a: ${target}`));
    await cache.layout(variant('x1'));
    await cache.layout(variant('x2'));
    await cache.layout(variant('x1')); // x1 is now the most recent
    await cache.layout(variant('x3')); // evicts x2
    expect(cache.has(variant('x1').structureKey)).toBe(true);
    expect(cache.has(variant('x2').structureKey)).toBe(false);
    expect(counting.calls).toBe(3);
    cache.dispose();
  });

  it('does not remember a failed layout', async () => {
    let fail = true;
    const flaky: LayoutEngine = {
      layout: ((graph, args) => (fail ? Promise.reject(new Error('boom')) : engine.layout(graph, args))) as LayoutEngine['layout'],
      terminateWorker: () => {},
    };
    const cache = new LayoutCache({ engine: flaky });
    await expect(cache.layout(modelOf(base))).rejects.toThrow('boom');
    fail = false;
    await expect(cache.layout(modelOf(base))).resolves.toBeDefined();
    cache.dispose();
  });

  it('refuses work after dispose', async () => {
    const cache = new LayoutCache({ engine: countingEngine() });
    cache.dispose();
    await expect(cache.layout(modelOf(base))).rejects.toThrow(/dispose/);
  });
});
