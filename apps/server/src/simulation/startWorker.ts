/**
 * Starting a worker thread for a job: the seam between the run registry
 * (SimulationRuns, RecognizerDescriptions) and node:worker_threads, so the
 * registry's rules can be read without the thread plumbing.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerJob, WorkerMessage } from './protocol.ts';

/** The plain-JavaScript entry that registers tsx and loads simulationWorker.ts. */
const WORKER_ENTRY = new URL('./worker.mjs', import.meta.url);

export interface WorkerHandle {
  /** Stops the worker at once, wherever it is (a cancelled run); resolves when it has stopped. */
  terminate(): Promise<void>;
}

export interface WorkerListener {
  message(message: WorkerMessage): void;
  /** The worker ended without being terminated: it crashed, ran out of memory or exited early. Called at most once. */
  stopped(reason: string): void;
}

export type StartWorker = (job: WorkerJob, listener: WorkerListener) => WorkerHandle;

export interface WorkerThreadOptions {
  /**
   * Most heap (V8's old generation, in MB) the worker may use. A worker that needs more is
   * stopped by Node with ERR_WORKER_OUT_OF_MEMORY, and only it: the server keeps serving.
   * Default: Node's own limit.
   */
  readonly maxHeapMb?: number;
}

/** Starts each job in a new node:worker_threads Worker. */
export function workerThreads(options: WorkerThreadOptions = {}): StartWorker {
  return (job, listener) => {
    const worker = new Worker(WORKER_ENTRY, {
      workerData: job,
      ...(options.maxHeapMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } } : {}),
    });
    let ended = false;
    const stop = (reason: string) => {
      if (ended) return;
      ended = true;
      listener.stopped(reason);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (!ended) listener.message(message);
    });
    worker.on('error', (error: Error & { code?: string }) =>
      stop(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `its worker thread ran out of memory${options.maxHeapMb !== undefined ? ` (its limit is ${options.maxHeapMb} MB)` : ''}; ask for fewer cases per intent, or one flow`
          : `its worker thread failed: ${error.message.replace(/\s*\n\s*/g, ' ')}`,
      ),
    );
    worker.on('exit', (code) => stop(`its worker thread stopped early (exit code ${code})`));
    return {
      terminate: async () => {
        ended = true;
        await worker.terminate();
      },
    };
  };
}
