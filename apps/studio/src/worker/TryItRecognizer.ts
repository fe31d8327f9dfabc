/**
 * The model recognizer Try it uses when agent.yaml's `nlu.recognizer` is
 * `use`: the shell's one instance, created in the composition root. It watches
 * the store's agent.yaml and, only when it names `use`, loads the worker
 * (TensorFlow.js and 28 MB of weights: never on the first paint, never for a
 * lexical workspace), keeps it fed with the buffers so it retrains as the
 * intents change, and stops it when agent.yaml names something else.
 *
 * Its state is what the status bar shows: `off` (no model the studio runs),
 * `loading`, `ready` (model id and weights hash), or `failed` with the reason.
 * `recognize` answers only when ready; otherwise undefined, and Try it uses
 * the lexical recognizer.
 *
 * Lifecycle: `subscribe` returns its `off`; `dispose()` unsubscribes from the
 * store and ends the worker.
 */
import type { Recognition } from '@colloquy/nlu';
import type { ModelRecognitions, TryItModel } from '../features/simulate/headless.ts';
import { nluSettings } from '../state/recognizerStatus.ts';
import type { WorkbenchState, WorkbenchStore } from '../state/WorkbenchStore.ts';
import type { ModelRecognizerState } from './ModelRecognizerClient.ts';
import { loadedTexts } from './ValidationClient.ts';

/** The recognizer names the studio can run in the browser. */
export const BROWSER_MODEL = 'use';

export type TryItRecognizerState = { readonly kind: 'off' } | (ModelRecognizerState & { readonly recognizer: typeof BROWSER_MODEL });

/** What the service needs of a started worker (ModelRecognizerClient). */
export interface RecognizerClient {
  readonly state: ModelRecognizerState;
  sync(files: ReadonlyMap<string, string>): void;
  recognize(files: ReadonlyMap<string, string>, texts: readonly string[]): Promise<readonly Recognition[] | undefined>;
  dispose(): void;
}

/** Starts the worker (a dynamic import, so its code loads only now); `onState` hears its state changes. */
export type StartRecognizerClient = (onState: (state: ModelRecognizerState) => void) => Promise<RecognizerClient>;

const OFF: TryItRecognizerState = { kind: 'off' };

export class TryItRecognizer implements TryItModel {
  private current: TryItRecognizerState = OFF;
  private readonly listeners = new Set<(state: TryItRecognizerState) => void>();
  private client: RecognizerClient | undefined;
  /** Bumped on every start and stop, so a worker that finishes loading after a stop is ended at once. */
  private generation = 0;
  private agentText: string | undefined;
  private wanted = false;
  private lastFiles: WorkbenchState['files'] | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: WorkbenchStore,
    private readonly start: StartRecognizerClient,
  ) {
    this.unsubscribe = store.subscribe((state) => this.update(state));
    this.update(store.state);
  }

  get state(): TryItRecognizerState {
    return this.current;
  }

  subscribe(listener: (state: TryItRecognizerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async recognize(files: ReadonlyMap<string, string>, texts: readonly string[]): Promise<ModelRecognitions | undefined> {
    const client = this.client;
    if (!client || this.current.kind !== 'ready') return undefined;
    const recognitions = await client.recognize(files, texts);
    if (!recognitions || recognitions.length !== texts.length) return undefined;
    return { recognizer: BROWSER_MODEL, byText: new Map(texts.map((text, i) => [text, recognitions[i]!])) };
  }

  dispose(): void {
    this.unsubscribe();
    this.stop();
    this.listeners.clear();
  }

  private update(state: WorkbenchState): void {
    if (state.files === this.lastFiles) return;
    this.lastFiles = state.files;
    const agentText = state.files.get('agent.yaml')?.text;
    if (agentText !== this.agentText) {
      this.agentText = agentText;
      const wanted = agentText !== undefined && nluSettings(agentText)?.recognizer === BROWSER_MODEL;
      if (wanted !== this.wanted) {
        this.wanted = wanted;
        if (wanted) this.begin();
        else this.stop();
      }
    }
    this.client?.sync(loadedTexts(state));
  }

  private begin(): void {
    const generation = ++this.generation;
    this.setState({ kind: 'loading', recognizer: BROWSER_MODEL });
    const onState = (state: ModelRecognizerState) => {
      if (generation === this.generation) this.setState({ ...state, recognizer: BROWSER_MODEL });
    };
    this.start(onState).then(
      (client) => {
        if (generation !== this.generation) return client.dispose();
        this.client = client;
        client.sync(loadedTexts(this.store.state));
        onState(client.state);
      },
      (error: unknown) => onState({ kind: 'failed', reason: `the recognizer worker did not start: ${error instanceof Error ? error.message : String(error)}` }),
    );
  }

  private stop(): void {
    this.generation++;
    this.client?.dispose();
    this.client = undefined;
    this.setState(OFF);
  }

  private setState(state: TryItRecognizerState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
