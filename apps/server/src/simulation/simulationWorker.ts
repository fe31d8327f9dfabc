/**
 * The body of a worker thread (started through worker.mjs, which makes Node
 * read TypeScript first): runs the job it was started with and posts the
 * messages back. The main thread terminates the worker once the final message
 * (`report`, `model` or `failed`) has arrived, or when the run is cancelled.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerJob, WorkerMessage } from './protocol.ts';
import { runWorkerJob } from './runWorkerJob.ts';

const port = parentPort;
if (!port) throw new Error('simulationWorker.ts runs in a worker thread (startWorker.ts starts it)');
await runWorkerJob(workerData as WorkerJob, (message: WorkerMessage) => port.postMessage(message));
