/**
 * Keeps a flow graph in step with text that changes on every keystroke: it
 * debounces updates, derives the model, lays it out (through a `LayoutCache`,
 * so typing inside a message does not lay out again), and publishes a model and
 * its layout *together*, never a model with a layout made for another shape.
 *
 * When the text has no graph (bad YAML, not a flow) it keeps publishing the
 * last good graph with `stale` set to the reason, so the view can say
 * "showing the last valid version". Layouts finish out of order; results for
 * text that has since changed are still adopted as the last good graph if
 * nothing newer has been laid out, but never replace something newer.
 *
 * Lifecycle: the owner calls `dispose()`, which clears the pending timer,
 * drops late layout results and disposes the layout cache it created.
 */
import { flowGraphModel, type FlowGraphInput, type FlowGraphModel } from './flowGraphModel.ts';
import { LayoutCache, type GraphLayout } from './layoutGraph.ts';

export interface LiveGraphState {
  /** The graph on show: the latest text's, or the last good one's when `stale` is set. */
  readonly model?: FlowGraphModel;
  readonly layout?: GraphLayout;
  /** Why the latest text has no graph; `model` (if any) is then from an earlier version. */
  readonly stale?: string;
  /** A layout is running for a newer version than the one on show. */
  readonly pending: boolean;
  /** Layout failed: a bug of ours, not a problem in the user's file. */
  readonly error?: string;
}

export interface LiveFlowGraphOptions {
  readonly onChange: (state: LiveGraphState) => void;
  /** Default: a cache of its own, disposed with this object. */
  readonly layoutCache?: LayoutCache;
  /**
   * Wait this long after the last change before rebuilding. Default 100 ms:
   * short enough to feel live, long enough that fast typing (about one key
   * every 100-200 ms) does not parse the file on every key.
   */
  readonly debounceMs?: number;
}

export class LiveFlowGraph {
  private readonly onChange: (state: LiveGraphState) => void;
  private readonly cache: LayoutCache;
  private readonly ownsCache: boolean;
  private readonly debounceMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** Version of the latest `update`, and of the graph on show. */
  private latest = 0;
  private shown = 0;
  private good: { model: FlowGraphModel; layout: GraphLayout } | undefined;
  private stale: string | undefined;
  private error: string | undefined;

  constructor(options: LiveFlowGraphOptions) {
    this.onChange = options.onChange;
    this.cache = options.layoutCache ?? new LayoutCache();
    this.ownsCache = options.layoutCache === undefined;
    this.debounceMs = options.debounceMs ?? 100;
  }

  /** The state as last published. */
  get state(): LiveGraphState {
    return {
      ...(this.good ? { model: this.good.model, layout: this.good.layout } : {}),
      ...(this.stale !== undefined ? { stale: this.stale } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
      pending: this.shown < this.latest && this.stale === undefined,
    };
  }

  /** Rebuilds after `debounceMs` of quiet; a newer call replaces a waiting one. */
  schedule(input: FlowGraphInput): void {
    if (this.disposed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update(input);
    }, this.debounceMs);
  }

  /** Rebuilds now. Resolves once this version is on show (or has been overtaken). */
  async update(input: FlowGraphInput): Promise<void> {
    if (this.disposed) return;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const version = ++this.latest;
    const result = flowGraphModel(input);
    if (!result.ok) {
      this.stale = result.reason;
      this.publish();
      return;
    }
    this.stale = undefined;
    // Say "pending" only when there is layout work to do, so typing inside a message does not flicker.
    if (!this.cache.has(result.structureKey)) this.publish();
    let layout: GraphLayout;
    try {
      layout = await this.cache.layout(result);
    } catch (error) {
      if (this.disposed || version < this.shown) return;
      this.error = `the graph could not be laid out: ${error instanceof Error ? error.message : String(error)}`;
      // A layout failure is a bug of ours: make it visible to whoever debugs the studio, too.
      console.error('flow graph layout failed', error);
      this.publish();
      return;
    }
    if (this.disposed || version < this.shown) return;
    this.shown = version;
    this.good = { model: result, layout };
    this.error = undefined;
    this.publish();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.ownsCache) this.cache.dispose();
  }

  private publish(): void {
    if (!this.disposed) this.onChange(this.state);
  }
}
