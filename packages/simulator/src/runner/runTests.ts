/**
 * The scripted test runner: every test of every test file, in path then file
 * order, each in a fresh session of one engine built for the workspace, then
 * coverage from all the conversations' traces. Synchronous and deterministic:
 * the same workspace, recognizer and options give the same report. Durations
 * are only measured when a clock is passed in.
 */
import type { LoadedFile, Workspace } from '@colloquy/core';
import { ConversationEngine, DEFAULT_TODAY, type ConversationEngineOptions, type SessionConfig, type TraceEvent } from '@colloquy/engine';
import type { NluFunction } from '@colloquy/nlu';
import { coverageFromFacts } from '../coverage/computeCoverage.ts';
import { TraceFactsCollector } from '../coverage/traceFacts.ts';
import { summarise, type SuiteResult, type TestCaseResult, type TestRunReport } from '../report.ts';
import { describeError, runTestCase, type StartSession } from './runTestCase.ts';

export interface RunTestsOptions {
  /** The recognizer the engine calls for each utterance that needs an intent. */
  readonly nlu: NluFunction;
  /** The date conversations run on (YYYY-MM-DD). Default 2026-01-01, so that "yesterday" means the same day on every run. */
  readonly today?: string;
  /** Which tests to run; default all. Coverage counts only the tests that ran. */
  readonly filter?: (suiteId: string, testId: string) => boolean;
  /** Called after each test with how many have run out of how many will. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * A millisecond clock (e.g. `performance.now`) to measure durations with.
   * Default: none, and the report has no durations, so that it hashes the
   * same on every run and every machine.
   */
  readonly clock?: () => number;
  /** Passed to the engine (step and digression limits). */
  readonly engine?: ConversationEngineOptions;
  /** Called with each test's whole session trace, in run order (the simulator adds them to its own coverage). */
  readonly onTrace?: (trace: readonly TraceEvent[]) => void;
}

interface PlannedTest {
  readonly file: LoadedFile<'test'>;
  readonly index: number;
}

export function runTests(workspace: Workspace, options: RunTestsOptions): TestRunReport {
  const today = options.today ?? DEFAULT_TODAY;
  const clock = options.clock;
  const runStart = clock?.();
  const files = [...workspace.tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const planned = planTests(files, options.filter);
  const startSession = sessionStarter(workspace, options);
  const facts = new TraceFactsCollector();
  const resultsByFile = new Map<LoadedFile<'test'>, { results: TestCaseResult[]; durationMs: number }>();

  planned.forEach(({ file, index }, done) => {
    const testStart = clock?.();
    const { result, trace } = runTestCase(startSession, file, index, today);
    facts.add(trace);
    options.onTrace?.(trace);
    const durationMs = elapsed(clock, testStart);
    let entry = resultsByFile.get(file);
    if (!entry) resultsByFile.set(file, (entry = { results: [], durationMs: 0 }));
    entry.results.push(durationMs === undefined ? result : { ...result, durationMs });
    entry.durationMs += durationMs ?? 0;
    options.onProgress?.(done + 1, planned.length);
  });

  const suites: SuiteResult[] = [];
  for (const file of files) {
    const entry = resultsByFile.get(file);
    if (!entry) continue;
    suites.push({
      suite: file.data.id,
      ...(file.data.title !== undefined ? { title: file.data.title } : {}),
      file: file.path,
      tests: entry.results,
      summary: summarise(entry.results),
      ...(clock ? { durationMs: entry.durationMs } : {}),
    });
  }
  const coverage = coverageFromFacts(workspace, facts.facts());
  const durationMs = elapsed(clock, runStart);
  const tests = suites.flatMap((suite) => suite.tests);
  return {
    today,
    suites,
    tests,
    summary: summarise(tests),
    coverage,
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

function planTests(files: readonly LoadedFile<'test'>[], filter: RunTestsOptions['filter']): PlannedTest[] {
  const planned: PlannedTest[] = [];
  for (const file of files) {
    file.data.tests.forEach((test, index) => {
      if (!filter || filter(file.data.id, test.id)) planned.push({ file, index });
    });
  }
  return planned;
}

/**
 * One engine for the whole run (it compiles the workspace once). If even that
 * fails, every test reports the same error instead of the run crashing.
 */
function sessionStarter(workspace: Workspace, options: RunTestsOptions): StartSession {
  try {
    const engine = new ConversationEngine(workspace, options.nlu, options.engine);
    return (config: SessionConfig) => engine.startSession(config);
  } catch (error) {
    const message = `the engine could not load the workspace: ${describeError(error)}`;
    return () => {
      throw new Error(message);
    };
  }
}

function elapsed(clock: (() => number) | undefined, start: number | undefined): number | undefined {
  if (!clock || start === undefined) return undefined;
  // Whole microseconds: enough precision, and no float noise like 0.30000000000000004 in reports.
  return Math.round((clock() - start) * 1000) / 1000;
}
