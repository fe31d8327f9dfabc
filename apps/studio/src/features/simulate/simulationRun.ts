/**
 * A simulation run on the server, as the studio follows it: a pure state
 * machine (`advanceRun`) fed by what the page does (start, cancel) and what
 * the server says (the POST's answer, `simulation` messages on the events
 * socket, the state asked for again after a reconnect, the report), and the
 * small controller (`SimulationRunner`) that sends the requests each state
 * calls for. Neither touches the DOM.
 *
 * Rules the machine keeps, whatever order messages arrive in:
 * - Progress never goes back within a phase: a message with fewer steps done
 *   than already shown (a late one, or the state fetched after a reconnect
 *   racing a newer message) does not move the bar back. A new phase (a model
 *   run reads, loads the model, trains, recognises, then simulates) starts its
 *   own count.
 * - An end state is final: nothing after `done`, `failed` or `cancelled`
 *   changes the run, and messages about other runs (another tab's) are ignored.
 * - Messages can arrive before the POST's answer names the run (the socket is
 *   faster than the HTTP response): the latest per run id is kept and applied
 *   once the id is known.
 * - Cancel asked before the id is known is remembered and sent as soon as it is.
 * - Cancellation is not an error: a cancelled run ends `cancelled`, and a run
 *   that finished before the cancel reached the server still shows its report.
 */
import type { SimulationReport } from '@colloquy/simulator';
import type { SimulationEvent, SimulationNotice, SimulationRequest, SimulationsApi, SimulationState, SimulationStatus } from '../../api/SimulationsApi.ts';

export type SimulationRunState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'starting'; readonly request: SimulationRequest; readonly cancelRequested: boolean; readonly early: readonly SimulationEvent[] }
  | {
      readonly kind: 'active';
      readonly id: string;
      readonly state: 'queued' | 'running';
      readonly done: number;
      readonly total: number;
      /** What the run is doing, as the server names it (`reading`, `loading-model`, `training`, `recognising`, `simulating`…); `done` of `total` count its steps. */
      readonly phase?: string;
      readonly cancelRequested: boolean;
    }
  | { readonly kind: 'fetching'; readonly id: string; readonly total: number }
  | { readonly kind: 'finished'; readonly id: string; readonly report: SimulationReport }
  | { readonly kind: 'failed'; readonly id?: string; readonly error: string }
  | { readonly kind: 'cancelled'; readonly id: string; readonly done: number; readonly total: number };

export type SimulationRunAction =
  | { readonly type: 'start'; readonly request: SimulationRequest }
  | { readonly type: 'started'; readonly id: string; readonly state: SimulationState }
  | { readonly type: 'start-refused'; readonly error: string }
  | { readonly type: 'progress'; readonly event: SimulationEvent }
  /** The run's state fetched again (after a reconnect). */
  | { readonly type: 'status'; readonly status: SimulationStatus }
  /** The server no longer knows the run (it restarted). */
  | { readonly type: 'lost'; readonly error: string }
  | { readonly type: 'cancel' }
  /** The DELETE's answer: `cancelled`, or (409) the run had already finished. */
  | { readonly type: 'cancel-answered'; readonly cancelled: boolean }
  | { readonly type: 'report'; readonly report: SimulationReport }
  | { readonly type: 'report-failed'; readonly error: string };

export const IDLE: SimulationRunState = { kind: 'idle' };

/** At most this many early messages are kept while the POST is answered (other tabs' runs may be among them). */
const EARLY_LIMIT = 16;

export function isBusy(state: SimulationRunState): boolean {
  return state.kind === 'starting' || state.kind === 'active' || state.kind === 'fetching';
}

/** The run id the state is about, if any. */
export function runIdOf(state: SimulationRunState): string | undefined {
  return state.kind === 'idle' || state.kind === 'starting' ? undefined : state.id;
}

export function advanceRun(state: SimulationRunState, action: SimulationRunAction): SimulationRunState {
  switch (action.type) {
    case 'start':
      return isBusy(state) ? state : { kind: 'starting', request: action.request, cancelRequested: false, early: [] };
    case 'started': {
      if (state.kind !== 'starting') return state;
      const started = fromServerState(action.id, action.state, 0, 0, undefined, undefined, state.cancelRequested);
      const early = state.early.filter((e) => e.id === action.id);
      return early.reduce((s, event) => advanceRun(s, { type: 'progress', event }), started);
    }
    case 'start-refused':
      return state.kind === 'starting' ? { kind: 'failed', error: action.error } : state;
    case 'progress': {
      const { event } = action;
      if (state.kind === 'starting') {
        return { ...state, early: [...state.early.filter((e) => e.id !== event.id), event].slice(-EARLY_LIMIT) };
      }
      return onServerState(state, event.id, event.state, event.done, event.total, event.phase, event.error);
    }
    case 'status':
      return onServerState(state, action.status.id, action.status.state, action.status.done, action.status.total, action.status.phase, action.status.error);
    case 'lost':
      return state.kind === 'active' || state.kind === 'fetching' ? { kind: 'failed', id: state.id, error: action.error } : state;
    case 'cancel':
      if (state.kind === 'starting' || state.kind === 'active') return { ...state, cancelRequested: true };
      return state;
    case 'cancel-answered':
      if (state.kind !== 'active') return state;
      // Refused (409): the run finished first; its own message (or the status) takes it on from here.
      return action.cancelled ? { kind: 'cancelled', id: state.id, done: state.done, total: state.total } : { ...state, cancelRequested: false };
    case 'report':
      return state.kind === 'fetching' ? { kind: 'finished', id: state.id, report: action.report } : state;
    case 'report-failed':
      return state.kind === 'fetching' ? { kind: 'failed', id: state.id, error: action.error } : state;
  }
}

function onServerState(
  state: SimulationRunState,
  id: string,
  serverState: SimulationState,
  done: number,
  total: number,
  phase: string | undefined,
  error: string | undefined,
): SimulationRunState {
  if (state.kind !== 'active' || state.id !== id) return state;
  // Never backwards within a phase: a late message (or a status racing a newer message) keeps the furthest point.
  const samePhase = (phase === undefined || phase === state.phase) && (total === state.total || total === 0);
  const furthest = samePhase ? Math.max(done, state.done) : done;
  return fromServerState(id, serverState, furthest, samePhase ? total || state.total : total, phase ?? state.phase, error, state.cancelRequested);
}

function fromServerState(
  id: string,
  serverState: SimulationState,
  done: number,
  total: number,
  phase: string | undefined,
  error: string | undefined,
  cancelRequested: boolean,
): SimulationRunState {
  switch (serverState) {
    case 'queued':
    case 'running':
      return { kind: 'active', id, state: serverState, done: Math.min(done, total || done), total, ...(phase !== undefined ? { phase } : {}), cancelRequested };
    case 'done':
      return { kind: 'fetching', id, total };
    case 'failed':
      return { kind: 'failed', id, error: error ?? 'The simulation failed on the server.' };
    case 'cancelled':
      return { kind: 'cancelled', id, done, total };
  }
}

/** The progress bar's value: cases done, of how many; undefined while the total is not known yet. */
export function runProgress(state: SimulationRunState): { readonly done: number; readonly total: number; readonly percent: number } | undefined {
  if (state.kind === 'active' && state.total > 0) return { done: state.done, total: state.total, percent: Math.round((state.done / state.total) * 100) };
  if (state.kind === 'fetching') return { done: state.total, total: state.total, percent: 100 };
  return undefined;
}

/** The server's phases in words (docs/reference/server-api.md); another phase is shown by its name. */
const PHASE_TEXT: Readonly<Record<string, string>> = {
  reading: 'Reading the saved files',
  'loading-model': 'Loading the model',
  training: 'Training the classifier',
  collecting: 'Collecting what to recognise',
  recognising: 'Recognising',
  simulating: 'Simulating',
};

/** One line for the status text and screen readers. */
export function describeRun(state: SimulationRunState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'starting':
      return state.cancelRequested ? 'Cancelling…' : 'Starting the simulation…';
    case 'active':
      if (state.cancelRequested) return 'Cancelling…';
      if (state.state === 'queued') return 'Waiting for the server…';
      return describePhase(state.phase ?? 'simulating', state.done, state.total);
    case 'fetching':
      return 'Loading the report…';
    case 'finished':
      return '';
    case 'failed':
      return `The simulation failed: ${state.error}`;
    case 'cancelled':
      return state.total > 0 ? `Cancelled after ${state.done} of ${state.total}.` : 'Cancelled.';
  }
}

/** `Simulating: 40 of 400 conversations`, `Recognising: 120 of 800`, `Loading the model…`. */
function describePhase(phase: string, done: number, total: number): string {
  const words = PHASE_TEXT[phase] ?? phase;
  if (total === 0) return `${words}…`;
  return `${words}: ${done} of ${total}${phase === 'simulating' ? ' conversations' : ''}`;
}

export interface SimulationRunnerOptions {
  /** How long to wait before asking again for a report the server says is not ready (409). Default 250 ms. */
  readonly reportRetryMs?: number;
  /** How many times to ask again. Default 8. */
  readonly reportRetries?: number;
}

/**
 * Follows one run at a time: `start` posts the request, the events socket
 * moves the bar, a reconnect asks the server for the run's state, `done` fetches
 * the report, `cancel` deletes the run. State changes go to the listeners.
 *
 * Lifecycle: subscribes to the API's notices when made; `dispose()` unsubscribes,
 * clears its timer and ignores answers still on their way (it does not cancel
 * the run on the server: the view is kept for the page's life, so this only
 * happens when the page goes).
 */
export class SimulationRunner {
  private current: SimulationRunState = IDLE;
  private readonly listeners = new Set<(state: SimulationRunState) => void>();
  private readonly unsubscribe: () => void;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private cancelSentFor: string | undefined;
  private reportAskedFor: string | undefined;

  constructor(
    private readonly api: SimulationsApi,
    private readonly options: SimulationRunnerOptions = {},
  ) {
    this.unsubscribe = api.subscribe((notice) => this.onNotice(notice));
  }

  get state(): SimulationRunState {
    return this.current;
  }

  subscribe(listener: (state: SimulationRunState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(request: SimulationRequest): Promise<void> {
    if (isBusy(this.current)) return;
    this.dispatch({ type: 'start', request });
    const answer = await this.api.start(request);
    if (this.disposed) return;
    this.dispatch(answer.ok ? { type: 'started', id: answer.id, state: answer.state } : { type: 'start-refused', error: answer.error });
  }

  cancel(): void {
    this.dispatch({ type: 'cancel' });
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    clearTimeout(this.retryTimer);
    this.listeners.clear();
  }

  private onNotice(notice: SimulationNotice): void {
    if (notice.type === 'simulation') return this.dispatch({ type: 'progress', event: notice });
    // Reconnected: messages sent while the socket was down are lost, the end one included.
    const id = runIdOf(this.current);
    if (id !== undefined && this.current.kind === 'active') void this.refreshStatus(id);
  }

  private async refreshStatus(id: string): Promise<void> {
    const answer = await this.api.status(id);
    if (this.disposed) return;
    if (answer.ok) this.dispatch({ type: 'status', status: answer.status });
    else if (answer.status === 404) this.dispatch({ type: 'lost', error: 'The server no longer knows this run (it was restarted). Run it again.' });
    // Other failures (the server down again): the next reconnect asks again.
  }

  private dispatch(action: SimulationRunAction): void {
    const next = advanceRun(this.current, action);
    if (next === this.current || this.disposed) return;
    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
    this.effects(next);
  }

  /** The requests a state calls for, each sent once. */
  private effects(state: SimulationRunState): void {
    if (state.kind === 'active' && state.cancelRequested && this.cancelSentFor !== state.id) {
      this.cancelSentFor = state.id;
      void this.sendCancel(state.id);
    }
    if (state.kind === 'fetching' && this.reportAskedFor !== state.id) {
      this.reportAskedFor = state.id;
      void this.fetchReport(state.id, this.options.reportRetries ?? 8);
    }
  }

  private async sendCancel(id: string): Promise<void> {
    const answer = await this.api.cancel(id);
    if (this.disposed) return;
    if (answer.ok) this.dispatch({ type: 'cancel-answered', cancelled: answer.state === 'cancelled' });
    else if (answer.status === 409) this.dispatch({ type: 'cancel-answered', cancelled: false });
    else if (answer.status === 404) this.dispatch({ type: 'lost', error: 'The server no longer knows this run (it was restarted).' });
    else {
      // Not reached (the server down): let the designer try again.
      this.cancelSentFor = undefined;
      this.dispatch({ type: 'cancel-answered', cancelled: false });
    }
  }

  private async fetchReport(id: string, retries: number): Promise<void> {
    const answer = await this.api.report(id);
    if (this.disposed || runIdOf(this.current) !== id) return;
    if (answer.ok) return this.dispatch({ type: 'report', report: answer.report });
    if (retries > 0 && (answer.status === 409 || answer.status === 0)) {
      this.retryTimer = setTimeout(() => void this.fetchReport(id, retries - 1), this.options.reportRetryMs ?? 250);
      return;
    }
    this.dispatch({ type: 'report-failed', error: answer.error });
  }
}
