/**
 * Positions a flow graph: boxes for nodes, orthogonal polylines for edges, top
 * to bottom from the start marker. The algorithm is `layeredLayout.ts` (our
 * own; README.md says why and how fast); this module puts it behind an async
 * `LayoutEngine`, so a worker-backed engine could be swapped in without
 * touching callers, and adds `LayoutCache`.
 *
 * Layout only depends on the graph's *structure* (node ids, edge ids, start):
 * every box has the same size and labels are cut to fit, so `LayoutCache` can
 * reuse a layout while the designer types inside a message. When the structure
 * does change, the cache hands the engine the layout on show, so nodes keep
 * their left-to-right order and the picture does not jump.
 */
import type { FlowGraphModel } from './flowGraphModel.ts';
import { layeredLayout, type GraphLayout } from './layeredLayout.ts';

export { LABEL_HEIGHT, NODE_HEIGHT, NODE_WIDTH, labelWidth, type Box, type GraphLayout, type Point, type PositionedEdge, type PositionedNode } from './layeredLayout.ts';

/** The name of the `performance.measure` entry recorded for each layout the cache runs (read by `pnpm bench:studio`). */
export const LAYOUT_MEASURE = 'colloquy:graph-layout';

/** Something that lays out models: in this thread (`createLayoutEngine`) or, one day, in a worker. */
export interface LayoutEngine {
  /** Lays out `model`; `previous` is the layout on show, whose order it keeps where it can. Rejects only on a bug. */
  layout(model: FlowGraphModel, previous?: GraphLayout): Promise<GraphLayout>;
  /** Releases what the engine holds (nothing in this thread; a worker would be terminated). */
  dispose(): void;
}

/** An engine running `layeredLayout` in the calling thread (about 20-40 ms for a 200-node flow). */
export function createLayoutEngine(): LayoutEngine {
  return {
    // The executor turns a throw (a bug) into a rejection, as a worker's failure would be.
    layout: (model, previous) => new Promise((resolve) => resolve(layeredLayout(model, previous ? { previous } : {}))),
    dispose: () => {},
  };
}

/** Lays out one model (with `engine`, default a fresh in-thread one). Rejects only if layout itself fails (a bug, not bad input). */
export function layoutGraph(model: FlowGraphModel, engine: LayoutEngine = createLayoutEngine(), previous?: GraphLayout): Promise<GraphLayout> {
  return engine.layout(model, previous);
}

export interface LayoutCacheOptions {
  /** Default: a fresh in-thread engine, disposed by `dispose()`. */
  readonly engine?: LayoutEngine;
  /**
   * How many layouts to keep, by structure. Default 8: enough that typing a
   * route target through a dangling half-word and back (`freeze_c`, a missing
   * node, then `freeze_card` again) finds the earlier layout instead of
   * laying out twice more, and that undo finds the picture it had.
   */
  readonly size?: number;
}

/**
 * Remembers layouts by the model's `structureKey`: a model with the same
 * structure as one laid out before gets that layout back without running the
 * engine (and a layout still running is shared, not started twice). A new
 * structure is laid out starting from the latest layout this cache handed out,
 * so it stays close to what is on show. Owned by one view; `dispose()`
 * releases the engine.
 */
export class LayoutCache {
  private readonly engine: LayoutEngine;
  private readonly ownsEngine: boolean;
  private readonly size: number;
  private readonly entries = new Map<string, Promise<GraphLayout>>();
  private disposed = false;
  /** The layout of the most recent `layout` call that has resolved, and that call's number. */
  private latest: GraphLayout | undefined;
  private latestCall = 0;
  private calls = 0;
  /** How many `layout` calls ran the engine, and how many were answered from the cache (for tests and the bench). */
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
    const call = ++this.calls;
    const key = model.structureKey;
    let pending = this.entries.get(key);
    if (pending) {
      this.stats.hits++;
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, pending);
    } else {
      this.stats.runs++;
      const started = performance.now();
      pending = this.engine.layout(model, this.latest);
      const running = pending;
      this.entries.set(key, running);
      running.then(
        () => measure(started),
        // A failed layout is not remembered, so the next edit tries again.
        () => this.entries.get(key) === running && this.entries.delete(key),
      );
      while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    }
    void pending.then(
      (layout) => {
        if (call > this.latestCall) {
          this.latestCall = call;
          this.latest = layout;
        }
      },
      () => {},
    );
    return pending;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.entries.clear();
    this.latest = undefined;
    if (this.ownsEngine) this.engine.dispose();
  }
}

/** Records a layout's duration where performance tools (and the studio bench) look. */
function measure(started: number): void {
  try {
    performance.measure(LAYOUT_MEASURE, { start: started, end: performance.now() });
  } catch {
    // Timing is a nicety: an environment without User Timing level 3 just records nothing.
  }
}
