/**
 * Keeps the validation worker fed: watches the store's buffers, and ~150 ms
 * after the last change sends what changed (saved or not) and puts the
 * answer in the store. Answers to an older request than the last one sent are
 * dropped. `dispose()` unsubscribes and ends the worker.
 */
import type { WorkbenchState, WorkbenchStore } from '../state/WorkbenchStore.ts';
import type { FromValidator, ToValidator } from './protocol.ts';

export const VALIDATION_DEBOUNCE_MS = 150;

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

function textsOf(state: WorkbenchState): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of state.files.values()) if (file.savedContent !== undefined) texts.set(file.path, file.text);
  return texts;
}

export class ValidationClient {
  private sent = new Map<string, string>();
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;
  private lastFiles: WorkbenchState['files'] | undefined;

  constructor(
    private readonly store: WorkbenchStore,
    private readonly worker: ValidatorPort,
    private readonly delay = VALIDATION_DEBOUNCE_MS,
  ) {
    worker.onmessage = (event) => this.receive(event.data);
    this.unsubscribe = store.subscribe((state) => {
      if (state.files !== this.lastFiles) this.schedule();
    });
    this.schedule();
  }

  private schedule(): void {
    this.lastFiles = this.store.state.files;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delay);
  }

  /** Sends the pending changes now. */
  flush(): void {
    this.timer = undefined;
    const current = textsOf(this.store.state);
    const { set, removed } = diffBuffers(this.sent, current);
    if (set.length === 0 && removed.length === 0 && this.seq > 0) return;
    this.sent = current;
    this.worker.postMessage({ type: 'validate', seq: ++this.seq, set, removed });
  }

  private receive(message: FromValidator): void {
    if (message.seq !== this.seq) return; // a newer request is on its way
    if (message.type === 'diagnostics') this.store.setDiagnostics(message.diagnostics);
    else this.store.log(`Validation failed: ${message.message}`);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe();
    this.worker.onmessage = null;
    this.worker.terminate();
  }
}
