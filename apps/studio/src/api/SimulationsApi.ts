/**
 * The studio's view of the server's simulation runs (docs/reference/server-api.md,
 * "Simulations"): start a run (`POST /api/simulations`), ask where it is, fetch
 * its report, cancel it; progress itself arrives on the events WebSocket as
 * `simulation` messages, which `subscribe` passes on together with every
 * `hello` (a (re)connection: messages sent while the socket was down are lost,
 * so the owner asks for the run's state again).
 *
 * Expected answers are results, not exceptions: a refused request (400, 404,
 * 409) comes back as `{ ok: false, status, error }` with the server's own
 * sentence; an unreachable server as status 0. The report is not checked
 * field by field: it is what `@colloquy/simulator` wrote on the server, and
 * only its format and version are compared.
 */
import type { SimulationReport } from '@colloquy/simulator';
import type { ServerEvent, SimulationEvent, SimulationState } from './StudioApi.ts';
import { callJson, malformed, type Answer } from './jsonCall.ts';

export type { SimulationEvent, SimulationState } from './StudioApi.ts';

/** What a run is asked to do; every field optional (the server's defaults are the CLI's). */
export interface SimulationRequest {
  readonly generators?: readonly string[];
  readonly perIntent?: number;
  readonly seed?: string;
  readonly flow?: string;
}

/** `GET /api/simulations/:id`. */
export interface SimulationStatus {
  readonly id: string;
  readonly state: SimulationState;
  readonly done: number;
  readonly total: number;
  /** What the run is doing (as in the progress messages); `done` of `total` count its steps. */
  readonly phase?: string;
  readonly error?: string;
}

export type { Answer, Refused } from './jsonCall.ts';

/** What the run view hears from the events socket: progress of runs, and reconnections. */
export type SimulationNotice = SimulationEvent | { readonly type: 'reconnected' };

export interface SimulationsApi {
  start(request: SimulationRequest): Promise<Answer<{ readonly id: string; readonly state: SimulationState }>>;
  status(id: string): Promise<Answer<{ readonly status: SimulationStatus }>>;
  /** 409 while the run is not done. */
  report(id: string): Promise<Answer<{ readonly report: SimulationReport }>>;
  /** 409 when the run already finished. */
  cancel(id: string): Promise<Answer<{ readonly state: SimulationState }>>;
  /** Progress messages and reconnections, until the returned function is called. */
  subscribe(listener: (notice: SimulationNotice) => void): () => void;
}

/** Passes the events socket's messages to any number of listeners: the composition root feeds it. */
export class ServerEventHub {
  private readonly listeners = new Set<(event: ServerEvent) => void>();

  emit(event: ServerEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  on(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const SIMULATION_STATES: readonly SimulationState[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

export function isSimulationState(value: unknown): value is SimulationState {
  return SIMULATION_STATES.includes(value as SimulationState);
}

/**
 * The simulator's `SIMULATION_REPORT_FORMAT`, written out: this module is part of the first paint
 * (the composition root makes the API), which must not load the simulator.
 */
const REPORT_FORMAT = 'colloquy.simulation-report';

/**
 * The API over `fetcher` (the session's: it adds the CSRF token and notices a 401), relative to
 * `base` (the page's origin by default), with progress from `events`.
 */
export class HttpSimulationsApi implements SimulationsApi {
  constructor(
    private readonly events: ServerEventHub,
    private readonly base = '',
    private readonly fetcher: (input: string, init?: RequestInit) => Promise<Response> = (input, init) => fetch(input, init),
  ) {}

  private call(method: string, url: string, body?: unknown): Promise<Answer<{ body: unknown }>> {
    return callJson(this.fetcher, method, this.base + url, body);
  }

  async start(request: SimulationRequest): Promise<Answer<{ id: string; state: SimulationState }>> {
    const answer = await this.call('POST', '/api/simulations', request);
    if (!answer.ok) return answer;
    const { id, state } = answer.body as { id?: unknown; state?: unknown };
    if (typeof id !== 'string' || !isSimulationState(state)) return malformed('POST /api/simulations');
    return { ok: true, id, state };
  }

  async status(id: string): Promise<Answer<{ status: SimulationStatus }>> {
    const answer = await this.call('GET', `/api/simulations/${encodeURIComponent(id)}`);
    if (!answer.ok) return answer;
    const body = answer.body as Partial<SimulationStatus>;
    if (typeof body.id !== 'string' || !isSimulationState(body.state) || typeof body.done !== 'number' || typeof body.total !== 'number') {
      return malformed('GET /api/simulations/:id');
    }
    const status: SimulationStatus = {
      id: body.id,
      state: body.state,
      done: body.done,
      total: body.total,
      ...(typeof body.phase === 'string' ? { phase: body.phase } : {}),
      ...(typeof body.error === 'string' ? { error: body.error } : {}),
    };
    return { ok: true, status };
  }

  async report(id: string): Promise<Answer<{ report: SimulationReport }>> {
    const answer = await this.call('GET', `/api/simulations/${encodeURIComponent(id)}/report`);
    if (!answer.ok) return answer;
    const report = answer.body as Partial<SimulationReport>;
    if (report.format !== REPORT_FORMAT || typeof report.version !== 'number') return malformed('GET /api/simulations/:id/report');
    return { ok: true, report: report as SimulationReport };
  }

  async cancel(id: string): Promise<Answer<{ state: SimulationState }>> {
    const answer = await this.call('DELETE', `/api/simulations/${encodeURIComponent(id)}`);
    if (!answer.ok) return answer;
    const { state } = answer.body as { state?: unknown };
    return isSimulationState(state) ? { ok: true, state } : malformed('DELETE /api/simulations/:id');
  }

  subscribe(listener: (notice: SimulationNotice) => void): () => void {
    return this.events.on((event) => {
      if (event.type === 'simulation') listener(event);
      else if (event.type === 'hello') listener({ type: 'reconnected' });
    });
  }

}
