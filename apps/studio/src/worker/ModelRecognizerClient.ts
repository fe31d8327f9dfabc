/**
 * The page's side of the model recognizer worker (recognizer.worker.ts): sends
 * it the buffers that changed (as ValidationClient does), asks it for
 * recognitions, and follows its state: `loading` until the model has loaded
 * and a classifier is trained on the buffers, then `ready`; `failed`, with the
 * reason, when the model cannot load or the worker dies. A recognition that
 * fails answers undefined (the caller uses the lexical recognizer) rather
 * than throwing.
 *
 * `dispose()` ends the worker and answers what is still pending with undefined.
 */
import type { Recognition } from '@colloquy/nlu';
import type { FromRecognizer, ToRecognizer } from './recognizerProtocol.ts';
import { diffBuffers } from './ValidationClient.ts';

export type ModelRecognizerState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly model: string; readonly weightsSha256: string }
  | { readonly kind: 'failed'; readonly reason: string };

/** A Worker, or one end of a MessageChannel in tests. */
export interface RecognizerClientPort {
  postMessage(message: ToRecognizer): void;
  onmessage: ((event: MessageEvent<FromRecognizer>) => void) | null;
  /** A Worker's: its script failed to load or threw. */
  onerror?: ((event: ErrorEvent) => void) | null;
  terminate?(): void;
}

export class ModelRecognizerClient {
  private sent = new Map<string, string>();
  private seq = 0;
  private readonly pending = new Map<number, (recognitions: readonly Recognition[] | undefined) => void>();
  private model: { readonly model: string; readonly weightsSha256: string } | undefined;
  private current: ModelRecognizerState = { kind: 'loading' };

  constructor(
    private readonly port: RecognizerClientPort,
    private readonly onState: (state: ModelRecognizerState) => void,
  ) {
    port.onmessage = (event) => this.receive(event.data);
    port.onerror = (event) => {
      // Without this the error would also be reported as uncaught on the page.
      event.preventDefault();
      this.fail(`the recognizer worker stopped${event.message ? `: ${event.message}` : ''}`);
    };
  }

  get state(): ModelRecognizerState {
    return this.current;
  }

  /** Gives the worker the buffers (workspace path → text) that differ from what it holds. */
  sync(files: ReadonlyMap<string, string>): void {
    const { set, removed } = diffBuffers(this.sent, files);
    if (set.length === 0 && removed.length === 0) return;
    this.sent = new Map(files);
    this.port.postMessage({ type: 'sync', set, removed });
  }

  /** The model's recognitions of `texts`, trained on `files`; undefined when it cannot give them. */
  recognize(files: ReadonlyMap<string, string>, texts: readonly string[]): Promise<readonly Recognition[] | undefined> {
    if (this.current.kind === 'failed') return Promise.resolve(undefined);
    this.sync(files);
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.port.postMessage({ type: 'recognize', seq, texts });
    });
  }

  dispose(): void {
    this.port.onmessage = null;
    if (this.port.onerror !== undefined) this.port.onerror = null;
    this.port.terminate?.();
    this.answerPending();
  }

  private receive(message: FromRecognizer): void {
    switch (message.type) {
      case 'loaded':
        this.model = { model: message.model, weightsSha256: message.weightsSha256 };
        return;
      case 'loadFailed':
        return this.fail(`the model did not load: ${message.message}`);
      case 'trained':
        if (this.model) this.setState({ kind: 'ready', ...this.model });
        return;
      case 'trainFailed':
        // Before the first classifier there is nothing to recognise with; after it, this turn goes lexical.
        if (this.current.kind === 'loading') this.fail(message.message);
        return;
      case 'recognized': {
        const resolve = this.pending.get(message.seq);
        this.pending.delete(message.seq);
        resolve?.('recognitions' in message ? message.recognitions : undefined);
        return;
      }
      default: {
        const unknown: never = message;
        throw new Error(`unknown message ${JSON.stringify(unknown)}`);
      }
    }
  }

  private fail(reason: string): void {
    this.setState({ kind: 'failed', reason });
    this.answerPending();
  }

  private answerPending(): void {
    for (const resolve of this.pending.values()) resolve(undefined);
    this.pending.clear();
  }

  private setState(state: ModelRecognizerState): void {
    this.current = state;
    this.onState(state);
  }
}
