/**
 * The symbol index of the studio's buffers, following their unsaved text.
 * Go to definition, rename, the outline and quick open all read this one
 * index; nothing else feeds it.
 *
 * Lifecycle: made once in the composition root with the store (any
 * `BufferSource`); `dispose` unsubscribes, cancels a pending update and drops
 * the listeners.
 *
 * Rules:
 * - An edit is indexed after a pause (`delayMs`), so typing re-reads nothing
 *   until the designer stops. `current()` brings the index up to date at once:
 *   an answer given right after a keystroke (F12, F2) never uses stale text.
 * - Only changed files are re-read. A buffer the store did not replace is
 *   skipped without looking at its text (the store replaces only the buffer it
 *   changes); a replaced buffer with the same text costs one string
 *   comparison (`SymbolIndex.set` is a no-op then).
 * - Only YAML files are indexed (the workspace's files; see
 *   apps/server/src/workspace/paths.ts). A buffer not read yet
 *   (`savedContent === undefined`) is left out until it is.
 * - Listeners hear once per update that changed the index.
 */
import { SymbolIndex } from './symbolIndex.ts';

export interface BufferLike {
  readonly text: string;
  readonly savedContent: string | undefined;
}

/** What the index follows: the store's files and its change notifications (`WorkbenchStore` is one). */
export interface BufferSource {
  readonly state: { readonly files: ReadonlyMap<string, BufferLike> };
  subscribe(listener: () => void): () => void;
}

export interface LiveSymbolIndexOptions {
  /**
   * The pause after the last change before re-indexing, in ms. Default 150: longer than the
   * gap between keystrokes of someone typing, short enough that the outline
   * keeps up with a pause.
   */
  readonly delayMs?: number;
}

const DEFAULT_DELAY_MS = 150;

export function isIndexedPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

export class LiveSymbolIndex {
  /** The index itself. Read it through `current()` when the answer must reflect the latest keystroke. */
  readonly index = new SymbolIndex();
  private readonly delayMs: number;
  private readonly listeners = new Set<(version: number) => void>();
  /** The buffer object each path was last indexed from. */
  private readonly indexed = new Map<string, BufferLike>();
  private seenFiles: ReadonlyMap<string, BufferLike> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;
  private disposed = false;

  constructor(
    private readonly source: BufferSource,
    options: LiveSymbolIndexOptions = {},
  ) {
    this.delayMs = options.delayMs ?? DEFAULT_DELAY_MS;
    this.unsubscribe = source.subscribe(() => this.onSourceChange());
    this.update();
  }

  /** The index, brought up to date with the buffers first (cheap when nothing changed). */
  current(): SymbolIndex {
    if (this.timer !== undefined || this.source.state.files !== this.seenFiles) this.update();
    return this.index;
  }

  /** Called with the index's version after each update that changed it. Returns the disposer. */
  onDidChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.cancelTimer();
    this.listeners.clear();
  }

  private onSourceChange(): void {
    // Most store changes (cursor, diagnostics, notices) keep the files map: ignore them.
    if (this.disposed || this.source.state.files === this.seenFiles || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, this.delayMs);
  }

  private update(): void {
    this.cancelTimer();
    const files = this.source.state.files;
    this.seenFiles = files;
    const before = this.index.version;
    for (const [path, buffer] of files) {
      if (!isIndexedPath(path) || buffer.savedContent === undefined || this.indexed.get(path) === buffer) continue;
      this.index.set(path, buffer.text);
      this.indexed.set(path, buffer);
    }
    for (const path of [...this.indexed.keys()]) {
      if (files.has(path)) continue;
      this.index.delete(path);
      this.indexed.delete(path);
    }
    if (this.index.version !== before) for (const listener of [...this.listeners]) listener(this.index.version);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
