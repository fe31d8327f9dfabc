import type { SimulationReport } from '@colloquy/simulator';
import type { Answer, SimulationNotice, SimulationRequest, SimulationsApi, SimulationState, SimulationStatus } from '../../src/api/SimulationsApi.ts';

/**
 * The server's simulation runs in memory, with its rules (404 for an unknown
 * run, 409 for a report before `done` and for cancelling a finished run), and
 * the events socket as a method the test calls (`push`, `reconnect`). Answers
 * come back on the next microtask, as a fetch would, so a test can deliver a
 * socket message before the POST's answer arrives (`holdStarts`).
 */
export class MemorySimulationsApi implements SimulationsApi {
  readonly runs = new Map<string, { status: SimulationStatus; report?: SimulationReport }>();
  readonly calls: string[] = [];
  private readonly listeners = new Set<(notice: SimulationNotice) => void>();
  private n = 0;
  /** While set, POST answers wait until `releaseStarts()`. */
  holdStarts = false;
  private held: (() => void)[] = [];
  /** How many report requests answer 409 before the report is given. */
  reportNotReadyTimes = 0;

  async start(request: SimulationRequest): Promise<Answer<{ id: string; state: SimulationState }>> {
    this.calls.push(`POST ${JSON.stringify(request)}`);
    if (request.perIntent !== undefined && request.perIntent > 1000) return { ok: false, status: 400, error: 'perIntent must be at most 1000.' };
    const id = `run-${++this.n}`;
    this.runs.set(id, { status: { id, state: 'queued', done: 0, total: 0 } });
    if (this.holdStarts) await new Promise<void>((resolve) => this.held.push(resolve));
    return { ok: true, id, state: 'queued' };
  }

  releaseStarts(): void {
    this.holdStarts = false;
    for (const resolve of this.held.splice(0)) resolve();
  }

  async status(id: string): Promise<Answer<{ status: SimulationStatus }>> {
    this.calls.push(`GET ${id}`);
    const run = this.runs.get(id);
    return run ? { ok: true, status: run.status } : { ok: false, status: 404, error: 'No such simulation.' };
  }

  async report(id: string): Promise<Answer<{ report: SimulationReport }>> {
    this.calls.push(`GET ${id}/report`);
    const run = this.runs.get(id);
    if (!run) return { ok: false, status: 404, error: 'No such simulation.' };
    if (run.status.state !== 'done' || !run.report || this.reportNotReadyTimes-- > 0) return { ok: false, status: 409, error: 'The simulation is not done.' };
    return { ok: true, report: run.report };
  }

  async cancel(id: string): Promise<Answer<{ state: SimulationState }>> {
    this.calls.push(`DELETE ${id}`);
    const run = this.runs.get(id);
    if (!run) return { ok: false, status: 404, error: 'No such simulation.' };
    if (run.status.state !== 'queued' && run.status.state !== 'running') return { ok: false, status: 409, error: 'The simulation has finished.' };
    run.status = { ...run.status, state: 'cancelled' };
    return { ok: true, state: 'cancelled' };
  }

  subscribe(listener: (notice: SimulationNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The run moves on; `send: false` leaves the socket silent (it was down). */
  update(id: string, status: Omit<SimulationStatus, 'id'>, options: { send?: boolean; report?: SimulationReport } = {}): void {
    const run = this.runs.get(id)!;
    run.status = { id, ...status };
    if (options.report) run.report = options.report;
    if (options.send !== false) this.push({ type: 'simulation', id, ...status });
  }

  push(notice: SimulationNotice): void {
    for (const listener of [...this.listeners]) listener(notice);
  }

  reconnect(): void {
    this.push({ type: 'reconnected' });
  }
}
