import { describe, expect, it } from 'vitest';
import type { FlowGraphModel } from '../../../src/features/graph/flowGraphModel.ts';
import { LAYOUT_MEASURE, LayoutCache, createLayoutEngine, layoutGraph, type GraphLayout, type LayoutEngine } from '../../../src/features/graph/layoutGraph.ts';
import { generateFlowText } from '../../../src/features/graph/bench/generateFlow.ts';
import { EXAMPLE_WORKSPACE, flowText, loadWorkspace, modelOf, onBorder, overlaps } from './support.ts';

const engine = createLayoutEngine();

/** Everything a drawable layout must satisfy, checked against the model it was made for. */
function expectWellFormed(model: FlowGraphModel, layout: GraphLayout): void {
  // Every node and edge is placed.
  expect([...layout.nodes.keys()].sort()).toEqual(model.nodes.map((n) => n.id).sort());
  expect([...layout.edges.keys()].sort()).toEqual(model.edges.map((e) => e.id).sort());
  // The rest is collected and compared once: a 200-node flow has some 100,000 things to check.
  expect(layoutProblems(model, layout)).toEqual([]);
}

function layoutProblems(model: FlowGraphModel, layout: GraphLayout): string[] {
  const problems: string[] = [];
  const inside = (p: { x: number; y: number }) => p.x >= 0 && p.x <= layout.width && p.y >= 0 && p.y <= layout.height;

  // No two boxes overlap (the start marker included), and all lie inside the drawing.
  const boxes = [...layout.nodes.values(), ...(layout.start ? [{ id: 'start marker', ...layout.start.box }] : [])];
  for (const [i, a] of boxes.entries()) {
    if (!inside(a) || !inside({ x: a.x + a.width, y: a.y + a.height })) problems.push(`${a.id} is outside the drawing`);
    for (const b of boxes.slice(i + 1)) if (overlaps(a, b)) problems.push(`${a.id} overlaps ${b.id}`);
  }

  // Every edge starts on its source's border and ends on its target's, in horizontal and vertical
  // runs, inside the drawing, and through no box but its own two.
  for (const edge of layout.edges.values()) {
    if (edge.points.length < 2) problems.push(`${edge.id} has fewer than two points`);
    if (!onBorder(edge.points[0]!, layout.nodes.get(edge.from)!)) problems.push(`${edge.id} does not leave ${edge.from}`);
    if (!onBorder(edge.points.at(-1)!, layout.nodes.get(edge.to)!)) problems.push(`${edge.id} does not reach ${edge.to}`);
    for (const [i, p] of edge.points.entries()) {
      if (!inside(p)) problems.push(`${edge.id} leaves the drawing`);
      if (i === 0) continue;
      const q = edge.points[i - 1]!;
      if (p.x !== q.x && p.y !== q.y) problems.push(`${edge.id} runs slantwise from ${q.x},${q.y} to ${p.x},${p.y}`);
      for (const node of layout.nodes.values()) {
        if (node.id !== edge.from && node.id !== edge.to && crossesBox(q, p, node)) problems.push(`${edge.id} crosses ${node.id}`);
      }
    }
  }
  if (model.start !== undefined) {
    if (!layout.start) problems.push('no start marker');
    else {
      if (!onBorder(layout.start.points[0]!, layout.start.box)) problems.push('the start arrow does not leave the marker');
      if (!onBorder(layout.start.points.at(-1)!, layout.nodes.get(model.start)!)) problems.push('the start arrow does not reach the start node');
    }
  }

  // Every labelled edge has its label, clear of every box and of every other label.
  const labels = model.edges.filter((e) => e.label !== undefined).map((e) => ({ id: e.id, box: layout.edges.get(e.id)!.label }));
  for (const [i, { id, box }] of labels.entries()) {
    if (!box) {
      problems.push(`${id} has no label`);
      continue;
    }
    for (const node of layout.nodes.values()) if (overlaps(box, node)) problems.push(`${id}'s label covers ${node.id}`);
    for (const other of labels.slice(i + 1)) if (other.box && overlaps(box, other.box)) problems.push(`${id}'s label covers ${other.id}'s`);
  }
  return problems;
}

/** Whether an axis-parallel segment passes through the inside of `box`. */
function crossesBox(a: { x: number; y: number }, b: { x: number; y: number }, box: { x: number; y: number; width: number; height: number }): boolean {
  const [x1, x2] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [y1, y2] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return x1 < box.x + box.width - 1 && x2 > box.x + 1 && y1 < box.y + box.height - 1 && y2 > box.y + 1;
}

const centreX = (box: { x: number; width: number }) => box.x + box.width / 2;

describe('layoutGraph', async () => {
  const { flowFiles } = await loadWorkspace(EXAMPLE_WORKSPACE);

  for (const { path, text } of flowFiles) {
    it(`${path}: boxes do not overlap, edges touch their nodes and cross no box, labels are clear`, async () => {
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

  it('draws a loop back up the flow into the bottom of the node it returns to', async () => {
    const model = modelOf(
      flowText('  first:\n    ask: "Ready?"\n    fill: ready\n    routes: { "true": second, "false": first_again }\n  second: { say: ok, next: done }\n  first_again: { say: "Once more", next: first }\n  done: { end: resolved }\n'),
    );
    const layout = await layoutGraph(model, engine);
    expectWellFormed(model, layout);
    const back = [...layout.edges.values()].find((e) => e.from === 'first_again' && e.to === 'first')!;
    const first = layout.nodes.get('first')!;
    expect(back.points.at(-1)!.y).toBe(first.y + first.height);
    expect(layout.nodes.get('first_again')!.y).toBeGreaterThan(first.y);
  });

  it('puts a route key beside its edge, just under the node it leaves', async () => {
    const model = modelOf(flowText('  first:\n    ask: "Ready?"\n    fill: ready\n    routes: { "true": yes, "false": no }\n  yes: { end: resolved }\n  no: { end: resolved }\n'));
    const layout = await layoutGraph(model, engine);
    const first = layout.nodes.get('first')!;
    for (const edge of [...layout.edges.values()]) {
      expect(edge.label!.y - (first.y + first.height)).toBeGreaterThanOrEqual(0);
      expect(edge.label!.y - (first.y + first.height)).toBeLessThan(10);
      expect(edge.label!.x - edge.points[0]!.x).toBeGreaterThan(0);
      expect(edge.label!.x - edge.points[0]!.x).toBeLessThan(10);
    }
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

  it('lays out nodes nothing leads to, and a flow without a start', async () => {
    const model = modelOf(flowText('  first: { say: hi, next: done }\n  orphan: { say: lost, next: done }\n  island: { end: resolved }\n  done: { end: resolved }\n'));
    expectWellFormed(model, await layoutGraph(model, engine));
    const noStart = modelOf('kind: flow\nversion: 1\nid: loose\nnodes:\n  a: { say: hi, next: b }\n  b: { say: there, next: a }\n');
    expectWellFormed(noStart, await layoutGraph(noStart, engine));
  });

  it('lays out a generated 200-node flow just as cleanly', async () => {
    const model = modelOf(generateFlowText(200));
    expect(model.nodes.length).toBe(200);
    expectWellFormed(model, await layoutGraph(model, engine));
  });

  it('gives the same layout for the same model', async () => {
    const model = modelOf(generateFlowText(60));
    expect(await layoutGraph(model, engine)).toEqual(await layoutGraph(model, engine));
  });
});

describe('layoutGraph after an edit (from the previous layout)', () => {
  const text = generateFlowText(200);
  /** The generated flow with action node `n<i>`'s `ok` route pointed at a name no node declares (typing a new target). */
  const retargeted = (i: number, name: string) => text.replace(`action: system.step_${i}\n    routes: { ok: n${i + 1},`, `action: system.step_${i}\n    routes: { ok: ${name},`);

  it('lays out an unchanged structure exactly as before', async () => {
    const model = modelOf(text);
    const first = await layoutGraph(model, engine);
    const again = await layoutGraph(model, engine, first);
    expect([...again.nodes.values()]).toEqual([...first.nodes.values()]);
    expect([...again.edges.values()]).toEqual([...first.edges.values()]);
  });

  it('keeps the picture still when a route is pointed at a new name: the new node appears, nothing else moves across', async () => {
    const before = await layoutGraph(modelOf(text), engine);
    for (const i of [2, 62, 182]) {
      // Given the layout on show, when n<i>'s `ok` route is pointed at a name being typed
      const model = modelOf(retargeted(i, `new_step_${i}`));
      const after = await layoutGraph(model, engine, before);
      expectWellFormed(model, after);
      // then the new (missing) node sits below the node whose route points at it,
      const source = after.nodes.get(`n${i}`)!;
      expect(after.nodes.get(`new_step_${i}`)!.y).toBeGreaterThan(source.y);
      // the nodes keep their left-to-right places (only the edit's neighbours may make room),
      const movedAcross = [...before.nodes.values()].filter((n) => Math.abs(centreX(after.nodes.get(n.id)!) - centreX(n)) > 1);
      expect(movedAcross.length, movedAcross.map((n) => n.id).join(', ')).toBeLessThanOrEqual(3);
      // and nothing moves up or down by more than a gap growing by a track or two (edges re-routed).
      const movedFar = [...before.nodes.values()].filter((n) => Math.abs(after.nodes.get(n.id)!.y - n.y) > 2 * 10);
      expect(movedFar.map((n) => n.id)).toEqual([]);
    }
  });

  it('still lays out well when the previous layout is of a very different flow', async () => {
    const previous = await layoutGraph(modelOf(generateFlowText(40)), engine);
    const model = modelOf(text);
    expectWellFormed(model, await layoutGraph(model, engine, previous));
    const small = modelOf(flowText('  first: { say: hi, next: n3 }\n  n3: { end: resolved }\n'));
    expectWellFormed(small, await layoutGraph(small, engine, previous));
  });
});

/** The real engine, counting the layouts it is asked for and remembering the previous layout it was given. */
function countingEngine(): LayoutEngine & { calls: number; previous: (GraphLayout | undefined)[] } {
  const counting = {
    calls: 0,
    previous: [] as (GraphLayout | undefined)[],
    layout: (model: FlowGraphModel, previous?: GraphLayout) => {
      counting.calls++;
      counting.previous.push(previous);
      return engine.layout(model, previous);
    },
    dispose: () => {},
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

  it('lays out a new structure from the layout it handed out last', async () => {
    const counting = countingEngine();
    const cache = new LayoutCache({ engine: counting });
    const first = await cache.layout(modelOf(base));
    const second = await cache.layout(modelOf(base.replace('a: second', 'a: other')));
    await cache.layout(modelOf(base)); // back to the first (from the cache)
    await cache.layout(modelOf(base.replace('a: second', 'a: third')));

    expect(counting.previous).toEqual([undefined, first, first]);
    expect(second).not.toBe(first);
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
      layout: (model, previous) => (fail ? Promise.reject(new Error('boom')) : engine.layout(model, previous)),
      dispose: () => {},
    };
    const cache = new LayoutCache({ engine: flaky });
    await expect(cache.layout(modelOf(base))).rejects.toThrow('boom');
    fail = false;
    await expect(cache.layout(modelOf(base))).resolves.toBeDefined();
    cache.dispose();
  });

  it('records each layout it runs as a performance measure, and none for a cache hit', async () => {
    performance.clearMeasures(LAYOUT_MEASURE);
    const cache = new LayoutCache();
    await cache.layout(modelOf(base));
    await cache.layout(modelOf(base.replace('Hello', 'Hi')));
    // The measure is taken when the layout settles; let that callback run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(performance.getEntriesByName(LAYOUT_MEASURE)).toHaveLength(1);
    cache.dispose();
    performance.clearMeasures(LAYOUT_MEASURE);
  });

  it('refuses work after dispose, leaving alone an engine it was given', async () => {
    let disposed = false;
    const given: LayoutEngine = { layout: (model, previous) => engine.layout(model, previous), dispose: () => (disposed = true) };
    const cache = new LayoutCache({ engine: given });
    cache.dispose();
    await expect(cache.layout(modelOf(base))).rejects.toThrow(/dispose/);
    expect(disposed).toBe(false);
  });
});
