/**
 * What the server's main thread and its worker threads say to each other
 * (node:worker_threads): the job a worker is started with (`workerData`) and
 * the messages it posts back. Plain data only: everything crosses the thread
 * boundary by structured clone.
 */
import type { GeneratorName, ModelRunPhase, RunSetting } from '@colloquy/simulator';

/** What a simulation run is doing: reading and validating the files, loading the model, then a model run's phases (or `simulating` for lexical). */
export type SimulationPhase = 'reading' | 'loading-model' | ModelRunPhase;

/** The options of one run, as validated from `POST /api/simulations` with the defaults filled in. */
export interface SimulationSettings {
  readonly seed: string;
  readonly perIntent: number;
  /** All generators when absent. */
  readonly generators?: readonly GeneratorName[];
  readonly flow?: string;
  /** The settings the request named: they win over the flows' own (test files' `simulate:` blocks); the rest are defaults. */
  readonly overrides?: readonly RunSetting[];
}

/** The model a recognizer description is wanted for (nlu's RecognizerModelSource, as plain data). */
export interface ModelSource {
  readonly recognizer: 'use' | 'transformers';
  readonly model?: string;
  readonly localModelPath?: string;
}

export type WorkerJob =
  /**
   * Simulate the workspace saved in `root` with the recognizer its agent.yaml names. A local model
   * path in agent.yaml is relative to `modelRoot` (default `root`): a change request's content is
   * simulated from a snapshot folder, its models still come from the workspace.
   */
  | { readonly kind: 'simulate'; readonly root: string; readonly modelRoot?: string; readonly settings: SimulationSettings }
  /** Work out a model's id and weights hash (GET /api/recognizer). */
  | { readonly kind: 'describe-model'; readonly source: ModelSource };

export type WorkerMessage =
  | { readonly type: 'progress'; readonly phase: SimulationPhase; readonly done: number; readonly total: number }
  /** The finished report as JSON text: serialised in the worker, so the main thread never stringifies a large report. */
  | { readonly type: 'report'; readonly json: string }
  | { readonly type: 'model'; readonly model: string; readonly weightsHash: string }
  /** An expected failure (a broken workspace, a missing model), in one sentence for the studio. */
  | { readonly type: 'failed'; readonly error: string };
