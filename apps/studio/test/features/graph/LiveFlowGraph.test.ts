import { afterEach, describe, expect, it } from 'vitest';
import { LiveFlowGraph, type LiveGraphState } from '../../../src/features/graph/LiveFlowGraph.ts';
import { LayoutCache, createLayoutEngine, type LayoutEngine } from '../../../src/features/graph/layoutGraph.ts';
import { flowText } from './support.ts';

const PATH = 'flows/sample.flow.yaml';
const GOOD = flowText('  first:\n    say: "Hello"\n    next: second\n  second:\n    end: resolved\n');
const BROKEN = `${GOOD}  third: [\n`;

/** A LiveFlowGraph that records every state it publishes; disposed after each test. */
const created: LiveFlowGraph[] = [];
afterEach(() => {
  for (const live of created.splice(0)) live.dispose();
});
function recording(options: { layoutCache?: LayoutCache; debounceMs?: number } = {}) {
  const states: LiveGraphState[] = [];
  const live = new LiveFlowGraph({ onChange: (s) => states.push(s), ...options });
  created.push(live);
  return { live, states, last: () => states.at(-1)! };
}

const input = (text: string) => ({ text, path: PATH });

describe('LiveFlowGraph', () => {
  it('publishes a model together with its layout', async () => {
    const { live, last } = recording();
    await live.update(input(GOOD));
    expect(last().model!.nodes.map((n) => n.id)).toEqual(['first', 'second']);
    expect(last().layout!.structureKey).toBe(last().model!.structureKey);
    expect(last()).toMatchObject({ pending: false });
    expect(last().stale).toBeUndefined();
  });

  it('keeps the last good graph with the reason while the text is broken, and recovers', async () => {
    const { live, last } = recording();
    await live.update(input(GOOD));
    const good = last().model;

    await live.update(input(BROKEN));
    expect(last().model).toBe(good);
    expect(last().stale).toMatch(/^line \d+: /);

    await live.update(input(GOOD.replace('Hello', 'Hello again')));
    expect(last().stale).toBeUndefined();
    expect(last().model!.nodes[0]!.label).toBe('Hello again');
  });

  it('says why there is no graph when the first text is already broken', async () => {
    const { live, last } = recording();
    await live.update(input('kind: rules\nversion: 1\n'));
    expect(last().model).toBeUndefined();
    expect(last().stale).toBe('this is a `rules` file, not a flow');
  });

  it('reuses the layout while only a message changes, and says "pending" only when there is layout work', async () => {
    const cache = new LayoutCache();
    const { live, states } = recording({ layoutCache: cache });
    await live.update(input(GOOD));
    expect(states.map((s) => s.pending)).toEqual([true, false]);

    states.length = 0;
    await live.update(input(GOOD.replace('Hello', 'Hi there')));
    expect(states.map((s) => s.pending)).toEqual([false]);
    expect(cache.stats).toEqual({ runs: 1, hits: 1 });
    cache.dispose();
  });

  it('never lets a slow, older layout replace a newer graph', async () => {
    // The real engine, except that the first layout waits until released.
    const real = createLayoutEngine();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const gated: LayoutEngine = {
      layout: (model, previous) => (++calls === 1 ? gate.then(() => real.layout(model, previous)) : real.layout(model, previous)),
      dispose: () => {},
    };
    const cache = new LayoutCache({ engine: gated });
    const { live, last } = recording({ layoutCache: cache });

    const slow = live.update(input(GOOD));
    await live.update(input(GOOD.replace('next: second', 'next: third') + '  third:\n    end: resolved\n'));
    expect(last().model!.nodes.map((n) => n.id)).toEqual(['first', 'second', 'third']);

    release();
    await slow;
    expect(last().model!.nodes.map((n) => n.id)).toEqual(['first', 'second', 'third']);
    cache.dispose();
  });

  it('adopts a layout that finishes after the text broke, still saying it is stale', async () => {
    const real = createLayoutEngine();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated: LayoutEngine = {
      layout: (model, previous) => gate.then(() => real.layout(model, previous)),
      dispose: () => {},
    };
    const cache = new LayoutCache({ engine: gated });
    const { live, last } = recording({ layoutCache: cache });

    const laying = live.update(input(GOOD));
    await live.update(input(BROKEN));
    release();
    await laying;
    expect(last().model!.nodes.map((n) => n.id)).toEqual(['first', 'second']);
    expect(last().stale).toBeDefined();
    cache.dispose();
  });

  it('debounces: only the last of a burst of edits is built', async () => {
    const { live, states } = recording({ debounceMs: 20 });
    live.schedule(input(GOOD.replace('Hello', 'One')));
    live.schedule(input(GOOD.replace('Hello', 'Two')));
    live.schedule(input(GOOD.replace('Hello', 'Three')));
    expect(states).toEqual([]);
    await waitFor(() => states.some((s) => s.model));
    expect(states.filter((s) => s.model).map((s) => s.model!.nodes[0]!.label)).toEqual(['Three']);
  });

  it('publishes nothing after dispose, not even a scheduled update', async () => {
    const { live, states } = recording({ debounceMs: 5 });
    live.schedule(input(GOOD));
    live.dispose();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await live.update(input(GOOD));
    expect(states).toEqual([]);
  });

  it('reports a layout failure as an error, keeping what it showed', async () => {
    let fail = false;
    const real = createLayoutEngine();
    const flaky: LayoutEngine = {
      layout: (model, previous) => (fail ? Promise.reject(new Error('layout broke')) : real.layout(model, previous)),
      dispose: () => {},
    };
    const cache = new LayoutCache({ engine: flaky });
    const { live, last } = recording({ layoutCache: cache });
    await live.update(input(GOOD));
    const shown = last().model;
    fail = true;
    const original = console.error;
    console.error = () => {};
    try {
      await live.update(input(`${GOOD}  third:\n    end: resolved\n`));
    } finally {
      console.error = original;
    }
    expect(last().error).toMatch(/layout broke/);
    expect(last().model).toBe(shown);
    cache.dispose();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
