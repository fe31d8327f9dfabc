/**
 * Running the workspace's scripted tests from the studio: the simulator's
 * report, byte for byte what `runTests` (and so `colloquy test`) gives, but
 * run a slice at a time so the page can draw a progress bar and stay
 * responsive, with coverage per flow in the shape the graph view takes.
 *
 * Why slices on the main thread rather than a Web Worker: the engine is
 * synchronous and fast (the example workspace's 96 tests run in about 25 ms
 * once warm; validation, which Try-it and the editor need on the main thread
 * anyway, costs more), so slicing keeps every frame short without a second copy
 * of the validator, recognizer and compiled engine in a worker, without
 * structured-cloning reports and traces back, and with cancellation for free.
 * Nothing here touches the DOM, so if workspaces grow until a slice is not
 * enough, this module moves into the studio's worker unchanged (pass a
 * `yieldControl` that resolves at once).
 *
 * Lifecycle: one run per call; pass an `AbortSignal` to stop it (the promise
 * then resolves `cancelled`: cancellation is not an error). It holds no timers
 * once it settles.
 */
import { edgeId, type LoadedFile, type Workspace } from '@colloquy/core';
import { ConversationEngine, DEFAULT_TODAY, type SessionConfig, type TraceEvent } from '@colloquy/engine';
import { lexicalNlu } from '@colloquy/nlu';
import {
  TraceFactsCollector,
  coverageFromFacts,
  runTestCase,
  summarise,
  type StartSession,
  type SuiteResult,
  type TestCaseResult,
  type TestRunReport,
} from '@colloquy/simulator';
import { coverageByFlow, type CoverageByFlow, type Reached } from './flowCoverage.ts';
import { createIncrementalValidation, refusalFor, snapshotFiles, type IncrementalValidation, type Refusal, type WorkspaceFiles } from './workspaceSource.ts';

export interface TestRunOptions {
  /** The date conversations run on. Default 2026-01-01, as `colloquy test`. */
  readonly today?: string;
  /** Which tests to run (default all); coverage counts only those. */
  readonly filter?: (suiteId: string, testId: string) => boolean;
  /** Aborting stops the run between two tests. */
  readonly signal?: AbortSignal;
  /** Told at each phase and after every slice of tests. */
  readonly onProgress?: (progress: TestRunProgress) => void;
  /**
   * How long one slice of tests may run before giving the page back, in ms.
   * Default 12: inside one 60 Hz frame (16.7 ms) with room for the page to draw.
   */
  readonly sliceMs?: number;
  /** The clock slices are measured with. Default `performance.now`. It never reaches the report. */
  readonly clock?: () => number;
  /** How to give the page back between slices. Default a zero-delay timer. */
  readonly yieldControl?: () => Promise<void>;
  /** Reuse a panel's validator, so a re-run only re-parses the files that changed. */
  readonly validation?: IncrementalValidation;
}

export type TestRunPhase = 'validating' | 'running' | 'coverage';

export interface TestRunProgress {
  readonly phase: TestRunPhase;
  /** Tests finished so far (0 before `running`). */
  readonly done: number;
  /** Tests that will run (0 while `validating`). */
  readonly total: number;
}

export type TestRunOutcome =
  | {
      readonly status: 'finished';
      /** As `runTests` returns it: suites, tests with their first failing turn, summary, coverage. */
      readonly report: TestRunReport;
      /** Per flow file: what the tests reached and never reached (see `FlowCoverage`). */
      readonly coverage: CoverageByFlow;
      /** The files the run used, to tell later whether the results are out of date. */
      readonly files: WorkspaceFiles;
    }
  | ({ readonly status: 'refused' } & Refusal)
  | { readonly status: 'cancelled'; readonly done: number; readonly total: number };

const DEFAULT_SLICE_MS = 12;

export async function runWorkspaceTests(files: WorkspaceFiles, options: TestRunOptions = {}): Promise<TestRunOutcome> {
  const clock = options.clock ?? (() => performance.now());
  const yieldControl = options.yieldControl ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const today = options.today ?? DEFAULT_TODAY;
  const progress = (phase: TestRunPhase, done: number, total: number) => options.onProgress?.({ phase, done, total });

  progress('validating', 0, 0);
  // Let the page draw the progress bar before validation, the longest single step.
  await yieldControl();
  if (options.signal?.aborted) return { status: 'cancelled', done: 0, total: 0 };
  const snapshot = snapshotFiles(files);
  const { workspace, diagnostics } = (options.validation ?? createIncrementalValidation()).validate(snapshot);
  const refusal = refusalFor(diagnostics, 'run the tests');
  if (refusal) return { status: 'refused', ...refusal };

  // As runTests: test files by path, tests in file order, one engine for the run.
  const testFiles = [...workspace.tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const planned = testFiles.flatMap((file) => file.data.tests.flatMap((test, index) => (!options.filter || options.filter(file.data.id, test.id) ? [{ file, index }] : [])));
  const total = planned.length;
  progress('running', 0, total);
  await yieldControl();
  if (options.signal?.aborted) return { status: 'cancelled', done: 0, total };

  const startSession = sessionStarter(workspace);
  const facts = new TraceFactsCollector();
  const reached = new ReachedInFlows();
  const results = new Map<LoadedFile<'test'>, TestCaseResult[]>();
  let sliceStart = clock();
  for (let done = 0; done < total; ) {
    const { file, index } = planned[done]!;
    const { result, trace } = runTestCase(startSession, file, index, today);
    facts.add(trace);
    reached.add(trace);
    let list = results.get(file);
    if (!list) results.set(file, (list = []));
    list.push(result);
    done++;
    if (done < total && clock() - sliceStart >= sliceMs) {
      progress('running', done, total);
      await yieldControl();
      if (options.signal?.aborted) return { status: 'cancelled', done, total };
      sliceStart = clock();
    }
  }
  progress('coverage', total, total);

  const suites: SuiteResult[] = [];
  for (const file of testFiles) {
    const tests = results.get(file);
    if (!tests) continue;
    suites.push({ suite: file.data.id, ...(file.data.title !== undefined ? { title: file.data.title } : {}), file: file.path, tests, summary: summarise(tests) });
  }
  const tests = suites.flatMap((suite) => suite.tests);
  const report: TestRunReport = { today, suites, tests, summary: summarise(tests), coverage: coverageFromFacts(workspace, facts.facts()) };
  return { status: 'finished', report, coverage: coverageByFlow(workspace, report.coverage, reached), files: snapshot };
}

/** One engine for the run; if even that fails, every test reports the error (as runTests does). */
function sessionStarter(workspace: Workspace): StartSession {
  try {
    const engine = new ConversationEngine(workspace, lexicalNlu(workspace));
    return (config: SessionConfig) => engine.startSession(config);
  } catch (error) {
    const message = `the engine could not load the workspace: ${error instanceof Error ? error.message : String(error)}`;
    return () => {
      throw new Error(message);
    };
  }
}

/** Nodes entered and transitions taken, per flow id, across every conversation of the run. */
class ReachedInFlows implements Reached {
  private readonly nodes = new Map<string, Set<string>>();
  private readonly edges = new Map<string, Set<string>>();

  node(flowId: string, nodeId: string): boolean {
    return this.nodes.get(flowId)?.has(nodeId) ?? false;
  }

  edge(flowId: string, _transition: unknown, edge: string): boolean {
    return this.edges.get(flowId)?.has(edge) ?? false;
  }

  add(trace: readonly TraceEvent[]): void {
    for (const event of trace) {
      if (event.type === 'node_entered') setFor(this.nodes, event.flow).add(event.node);
      else if (event.type === 'transition') setFor(this.edges, event.flow).add(edgeId(event.from, event.to, event.via, event.key));
    }
  }
}

function setFor(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
