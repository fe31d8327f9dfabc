/**
 * Keeps the validation worker fed: watches the store's buffers and sends what
 * changed (saved or not), then puts the answer in the store.
 *
 * Why no fixed debounce: a 150 ms debounce alone would break the promise of
 * problems within 100 ms of a keystroke. Instead at most one request is in
 * flight: a change is sent after a short coalescing pause (a burst of
 * keystrokes, a paste, a rename across files becomes one request), and changes
 * made while the worker is busy are sent together the moment it answers. So
 * latency is one validation when the worker keeps up, and the worker never
 * falls behind by more than one request when it doesn't.
 *
 * `dispose()` unsubscribes and ends the worker.
 */
import type { WorkbenchState, WorkbenchStore } from '../state/WorkbenchStore.ts';
import type { FromValidator, ToValidator } from './protocol.ts';

/** Pause that merges a burst of changes into one request. Shorter than a keystroke gap. */
export const VALIDATION_COALESCE_MS = 20;

export interface ValidatorPort {
  postMessage(message: ToValidator): void;
  onmessage: ((event: MessageEvent<FromValidator>) => void) | null;
  terminate(): void;
}

/** What to send so the worker holds `current`, given it holds `sent`. */
export function diffBuffers(sent: ReadonlyMap<string, string>, current: ReadonlyMap<string, string>): { set: { path: string; text: string }[]; removed: string[] } {
  const set: { path: string; text: string }[] = [];
  for (const [path, text] of current) if (sent.get(path) !== text) set.push({ path, text });
  const removed = [...sent.keys()].filter((p) => !current.has(p));
  return { set, removed };
}

/** The buffers that are loaded, path → text (a file not yet read has no text to give). */
export function loadedTexts(state: WorkbenchState): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of state.files.values()) if (file.savedContent !== undefined) texts.set(file.path, file.text);
  return texts;
}

export class ValidationClient {
  private sent = new Map<string, string>();
  private seq = 0;
  private inFlight = false;
  /** A change arrived that the worker has not been sent yet. */
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;
  private lastFiles: WorkbenchState['files'] | undefined;

  constructor(
    private readonly store: WorkbenchStore,
    private readonly worker: ValidatorPort,
    private readonly coalesceMs = VALIDATION_COALESCE_MS,
  ) {
    worker.onmessage = (event) => this.receive(event.data);
    this.unsubscribe = store.subscribe((state) => {
      if (state.files !== this.lastFiles) this.changed();
    });
    this.changed();
  }

  private changed(): void {
    this.lastFiles = this.store.state.files;
    this.pending = true;
    // While a request is in flight, the answer triggers the next send.
    if (!this.inFlight && !this.timer) this.timer = setTimeout(() => this.flush(), this.coalesceMs);
  }

  /** Sends the pending changes now (unless a request is in flight: then they go with its answer). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight) return;
    this.pending = false;
    const current = loadedTexts(this.store.state);
    const { set, removed } = diffBuffers(this.sent, current);
    if (set.length === 0 && removed.length === 0 && this.seq > 0) return;
    this.sent = current;
    this.inFlight = true;
    this.worker.postMessage({ type: 'validate', seq: ++this.seq, set, removed });
  }

  private receive(message: FromValidator): void {
    if (message.seq !== this.seq) return; // not an answer to the request in flight
    this.inFlight = false;
    // Shown even when newer edits are pending: they are sent now and their answer follows.
    if (message.type === 'diagnostics') this.store.setDiagnostics(message.diagnostics);
    else this.store.log(`Validation failed: ${message.message}`);
    if (this.pending) this.flush();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe();
    this.worker.onmessage = null;
    this.worker.terminate();
  }
}
