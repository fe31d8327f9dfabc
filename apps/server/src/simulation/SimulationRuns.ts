/**
 * The server's simulation runs: a small registry over worker threads.
 *
 * Lifecycle of a run: `queued` → `running` → `done` | `failed` | `cancelled`
 * (a queued run may be cancelled before it starts). One run works at a time
 * (the server serves one workspace, and a simulation uses a whole core); a few
 * more wait in a queue, and a request beyond that is refused rather than
 * piling up work. Each run gets its own worker thread, so the event loop keeps
 * serving files and sockets while it works; cancelling terminates the worker
 * wherever it is. Finished runs are kept, with their reports, for the last
 * `keepFinished` runs; older ones are forgotten (404).
 *
 * Listeners hear of every state change at once, and of progress at most
 * every `progressIntervalMs` per run (the last progress of a burst is sent
 * when the interval is up, unless the run has ended by then). Every run's
 * last event is its final state. `dispose()` stops everything.
 */
import { randomUUID } from 'node:crypto';
import type { SimulationEvent, SimulationState } from '../events.ts';
import type { SimulationPhase, SimulationSettings, WorkerMessage } from './protocol.ts';
import { SimulationError } from './SimulationError.ts';
import type { StartWorker, WorkerHandle } from './startWorker.ts';

export interface SimulationRunsOptions {
  /** The workspace folder (its real path); workers read the saved files from it when the run starts. */
  readonly root: string;
  readonly startWorker: StartWorker;
  /**
   * Runs that may wait behind the running one. Default 4: enough for a designer who starts a
   * run, edits, and starts another, without letting a script queue an afternoon of work.
   */
  readonly maxQueued?: number;
  /** Finished runs kept with their reports. Default 20. */
  readonly keepFinished?: number;
  /**
   * Most report text kept in all, in UTF-16 code units (about bytes). Default 256 Mi: a report of
   * the example workspace is 0.2 MB at 3 cases per intent but about 40 MB at 1000, so the count
   * alone does not bound the memory. The oldest runs go first; the latest is always kept.
   */
  readonly maxReportChars?: number;
  /** Least time between two progress events of one run, in ms. Default 100 (at most 10 a second). */
  readonly progressIntervalMs?: number;
}

export const DEFAULT_MAX_QUEUED = 4;
export const DEFAULT_KEEP_FINISHED = 20;
export const DEFAULT_MAX_REPORT_CHARS = 256 * 1024 * 1024;
export const DEFAULT_PROGRESS_INTERVAL_MS = 100;

/** What `GET /api/simulations/:id` answers. */
export interface SimulationStatus {
  readonly id: string;
  readonly state: SimulationState;
  readonly done: number;
  readonly total: number;
  readonly phase?: SimulationPhase;
  readonly error?: string;
}

/** Which files a run simulates: the workspace (the default), or a snapshot folder with the workspace's models. */
export interface RunSource {
  readonly root: string;
  readonly modelRoot?: string;
}

interface Run {
  readonly id: string;
  readonly settings: SimulationSettings;
  readonly source: RunSource | undefined;
  state: SimulationState;
  done: number;
  total: number;
  phase?: SimulationPhase;
  error?: string;
  /** The report as JSON text, once done. */
  report?: string;
  worker?: WorkerHandle;
  /** When the last progress event went out (performance.now()), and the timer of a held-back one. */
  lastProgressAt: number;
  progressTimer?: ReturnType<typeof setTimeout>;
}

const FINAL: ReadonlySet<SimulationState> = new Set(['done', 'failed', 'cancelled']);

export class SimulationRuns {
  private readonly runs = new Map<string, Run>();
  private readonly queue: Run[] = [];
  /** Finished runs, oldest first, for forgetting the oldest. */
  private readonly finished: Run[] = [];
  private readonly listeners = new Set<(event: SimulationEvent) => void>();
  private running: Run | undefined;
  /** A cancelled run's worker that is still stopping: the next run waits for it, so two never compete for the core. */
  private stopping: Promise<void> | undefined;
  private disposed = false;
  private readonly maxQueued: number;
  private readonly keepFinished: number;
  private readonly maxReportChars: number;
  /** Report text held by the finished runs. */
  private reportChars = 0;
  private readonly progressIntervalMs: number;

  constructor(private readonly options: SimulationRunsOptions) {
    this.maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
    this.keepFinished = options.keepFinished ?? DEFAULT_KEEP_FINISHED;
    this.maxReportChars = options.maxReportChars ?? DEFAULT_MAX_REPORT_CHARS;
    this.progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  }

  /** Hears every run's events; returns the function that stops listening. */
  subscribe(listener: (event: SimulationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Queues a run (it starts at once when nothing else runs) of the saved workspace, or of `source`
   * (a change request's snapshot). Throws SimulationError `queue-full` when too many wait.
   */
  start(settings: SimulationSettings, source?: RunSource): SimulationStatus {
    if (this.disposed) throw new SimulationError('queue-full', 'The server is shutting down; no new simulations start.');
    if (this.queue.length >= this.maxQueued) {
      throw new SimulationError('queue-full', `${this.queue.length} simulations are already waiting; wait for one to finish or cancel one.`);
    }
    const run: Run = { id: randomUUID(), settings, source, state: 'queued', done: 0, total: 0, lastProgressAt: -Infinity };
    this.runs.set(run.id, run);
    this.queue.push(run);
    this.emit(run);
    this.startNext();
    return this.statusOf(run);
  }

  status(id: string): SimulationStatus {
    return this.statusOf(this.find(id));
  }

  /** The report's JSON text. Throws SimulationError `not-found`, or `no-report` while the run works or when it did not finish. */
  report(id: string): string {
    const run = this.find(id);
    if (run.report !== undefined) return run.report;
    if (FINAL.has(run.state)) throw new SimulationError('no-report', `Simulation ${id} ${run.state === 'failed' ? `failed (${run.error})` : 'was cancelled'}, so it has no report.`);
    throw new SimulationError('no-report', `Simulation ${id} is still ${run.state}; its report is ready when its state is \`done\`.`);
  }

  /** Cancels a queued or running run. Throws SimulationError `not-found`, or `finished` for a run that has already ended. */
  cancel(id: string): SimulationStatus {
    const run = this.find(id);
    if (FINAL.has(run.state)) throw new SimulationError('finished', `Simulation ${id} has already ended (${run.state}); there is nothing to cancel.`);
    if (run.state === 'queued') this.queue.splice(this.queue.indexOf(run), 1);
    if (run.worker) {
      const stopping: Promise<void> = run.worker
        .terminate()
        .catch(() => undefined)
        .then(() => {
          if (this.stopping === stopping) this.stopping = undefined;
          this.startNext();
        });
      this.stopping = stopping;
    }
    this.finish(run, 'cancelled');
    return this.statusOf(run);
  }

  /** Cancels everything (no events) and resolves when every worker has stopped. Safe to call more than once. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    const workers = [this.running?.worker].filter((w): w is WorkerHandle => w !== undefined);
    for (const run of this.runs.values()) clearTimeout(run.progressTimer);
    this.queue.length = 0;
    this.running = undefined;
    await Promise.all([...workers.map((w) => w.terminate().catch(() => undefined)), this.stopping]);
  }

  private find(id: string): Run {
    const run = this.runs.get(id);
    if (!run) throw new SimulationError('not-found', `There is no simulation ${id}: it never existed, or it is older than the runs the server keeps (the last ${this.keepFinished}).`);
    return run;
  }

  private startNext(): void {
    if (this.disposed || this.running || this.stopping) return;
    const run = this.queue.shift();
    if (!run) return;
    this.running = run;
    run.state = 'running';
    this.emit(run);
    run.worker = this.options.startWorker(
      { kind: 'simulate', root: run.source?.root ?? this.options.root, ...(run.source?.modelRoot !== undefined ? { modelRoot: run.source.modelRoot } : {}), settings: run.settings },
      {
        message: (message) => this.onMessage(run, message),
        stopped: (reason) => this.fail(run, `The simulation stopped: ${reason}.`),
      },
    );
  }

  private onMessage(run: Run, message: WorkerMessage): void {
    if (run.state !== 'running') return;
    switch (message.type) {
      case 'progress':
        run.phase = message.phase;
        run.done = message.done;
        run.total = message.total;
        this.progress(run);
        return;
      case 'report':
        run.report = message.json;
        run.done = run.total;
        this.endWorker(run);
        this.finish(run, 'done');
        return;
      case 'failed':
        this.fail(run, message.error);
        return;
      case 'model':
        this.fail(run, 'The simulation worker answered with a model description instead of a report.');
        return;
    }
  }

  private fail(run: Run, error: string): void {
    if (FINAL.has(run.state)) return;
    run.error = error;
    this.endWorker(run);
    this.finish(run, 'failed');
  }

  /** A worker that has said its last word is stopped (it may be holding a model's memory). */
  private endWorker(run: Run): void {
    void run.worker?.terminate().catch(() => undefined);
  }

  private finish(run: Run, state: 'done' | 'failed' | 'cancelled'): void {
    run.state = state;
    run.worker = undefined;
    clearTimeout(run.progressTimer);
    run.progressTimer = undefined;
    this.emit(run);
    this.finished.push(run);
    this.reportChars += run.report?.length ?? 0;
    while (this.finished.length > 1 && (this.finished.length > this.keepFinished || this.reportChars > this.maxReportChars)) {
      const oldest = this.finished.shift()!;
      this.reportChars -= oldest.report?.length ?? 0;
      this.runs.delete(oldest.id);
    }
    if (this.running === run) {
      this.running = undefined;
      this.startNext();
    }
  }

  /** A progress event now, or when the run's interval is up (with the figures of that moment). */
  private progress(run: Run): void {
    if (run.progressTimer) return;
    const wait = run.lastProgressAt + this.progressIntervalMs - performance.now();
    if (wait <= 0) {
      this.emit(run);
      return;
    }
    run.progressTimer = setTimeout(() => {
      run.progressTimer = undefined;
      if (run.state === 'running') this.emit(run);
    }, wait);
  }

  private emit(run: Run): void {
    if (run.state === 'running') run.lastProgressAt = performance.now();
    const event: SimulationEvent = { type: 'simulation', ...this.statusOf(run) };
    for (const listener of [...this.listeners]) listener(event);
  }

  private statusOf(run: Run): SimulationStatus {
    return {
      id: run.id,
      state: run.state,
      done: run.done,
      total: run.total,
      ...(run.phase !== undefined ? { phase: run.phase } : {}),
      ...(run.error !== undefined ? { error: run.error } : {}),
    };
  }
}
