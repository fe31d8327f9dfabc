/**
 * The Test & Simulate side bar view: run the workspace's scripted tests on the
 * editor's current text, with a progress bar while they run, results per test
 * grouped by file (a failure expands to its failing turn, the diff and the
 * conversation), summary counts and coverage per flow. Coverage is also handed
 * to the shell (`onCoverage`) for the flow graph.
 *
 * The run itself is `testRun.ts` (sliced so the page stays responsive) and
 * the reading of its report `testResults.ts`, both tested in Node. Lifecycle:
 * a run in progress is aborted when the view goes away (`onCleanup`).
 */
import { createEffect, For, Show, createMemo, createSignal, onCleanup, type JSX } from 'solid-js';
import type { Range } from '@colloquy/core';
import { RefusalNotice } from './RefusalNotice.tsx';
import { describeSummary, testResultsByFile, type TestResultView } from './testResults.ts';
import type { CoverageByFlow } from './flowCoverage.ts';
import { CoverageTable } from './CoverageTable.tsx';
import { runWorkspaceTests, type TestRunOutcome, type TestRunProgress } from './testRun.ts';
import { createIncrementalValidation, filesChanged, rangeAtLineColumn, type WorkspaceFiles } from './workspaceSource.ts';
import './simulate.css';

export interface TestViewProps {
  /** The editor's buffers: workspace path → text, saved or not. */
  readonly files: () => WorkspaceFiles;
  /** Show a place in a file: a test, its failing turn, an expectation, a flow. */
  readonly onReveal: (path: string, range: Range) => void;
  /** Told after each finished run with coverage per flow file, for the graph (see README.md). */
  readonly onCoverage?: (coverage: CoverageByFlow) => void;
  /**
   * Runs requested from outside (the command palette): each new value starts a run, including
   * one already there when the view is made (a command can create it).
   */
  readonly runRequest?: () => number;
}

const PHASE_TEXT: Record<TestRunProgress['phase'], string> = {
  validating: 'Checking the workspace…',
  running: 'Running tests…',
  coverage: 'Measuring coverage…',
};

const STATUS_ICON = { passed: '✓', failed: '✗', error: '!' } as const;

export function TestView(props: TestViewProps): JSX.Element {
  const validation = createIncrementalValidation();
  const [progress, setProgress] = createSignal<TestRunProgress>();
  const [outcome, setOutcome] = createSignal<TestRunOutcome>();
  const [expanded, setExpanded] = createSignal<ReadonlySet<string>>(new Set());
  let controller: AbortController | undefined;
  onCleanup(() => controller?.abort());

  const running = () => progress() !== undefined;
  const run = async () => {
    controller?.abort();
    const own = (controller = new AbortController());
    setProgress({ phase: 'validating', done: 0, total: 0 });
    const result = await runWorkspaceTests(props.files(), { signal: own.signal, onProgress: setProgress, validation });
    if (own !== controller) return; // a newer run took over
    controller = undefined;
    setProgress(undefined);
    if (result.status === 'cancelled') return; // keep the previous results
    setOutcome(result);
    setExpanded(new Set<string>());
    if (result.status === 'finished') props.onCoverage?.(result.coverage);
  };
  const cancel = () => {
    controller?.abort();
  };
  let handledRequest = 0;
  createEffect(() => {
    const request = props.runRequest?.() ?? 0;
    if (request > handledRequest) {
      handledRequest = request;
      void run();
    }
  });

  const finished = createMemo(() => {
    const o = outcome();
    return o?.status === 'finished' ? o : undefined;
  });
  const groups = createMemo(() => {
    const f = finished();
    return f ? testResultsByFile(f.report, f.files) : [];
  });
  const stale = createMemo(() => {
    const f = finished();
    return f !== undefined && filesChanged(f.files, props.files());
  });
  const percentDone = () => {
    const p = progress();
    return p && p.total > 0 ? Math.round((p.done / p.total) * 100) : 0;
  };
  const toggle = (key: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const revealAt = (file: string, range: Range) => props.onReveal(file, range);

  return (
    <section class="cq-sim cq-tests" aria-label="Test and simulate">
      <div class="cq-sim__toolbar">
        <button type="button" data-testid="tests-run" disabled={running()} onClick={() => void run()}>
          Run all
        </button>
        <Show when={running()}>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </Show>
        <span class="cq-sim__spacer" />
        <span role="status" data-testid="tests-summary">
          {running() ? PHASE_TEXT[progress()!.phase] : finished() ? describeSummary(finished()!.report.summary) : ''}
        </span>
      </div>

      <Show when={progress()}>
        {(p) => (
          <div
            class="cq-tests__progress"
            role="progressbar"
            data-testid="tests-progress"
            aria-label="Test run progress"
            aria-valuemin={0}
            aria-valuemax={Math.max(p().total, 1)}
            aria-valuenow={p().done}
            aria-valuetext={p().phase === 'running' ? `${p().done} of ${p().total} tests` : PHASE_TEXT[p().phase]}
          >
            <div style={{ width: `${percentDone()}%` }} />
          </div>
        )}
      </Show>

      <Show when={outcome()?.status === 'refused' ? (outcome() as Extract<TestRunOutcome, { status: 'refused' }>) : undefined}>
        {(r) => <RefusalNotice refusal={r()} onReveal={revealAt} />}
      </Show>
      <Show when={stale() && !running()}>
        <div class="cq-sim__notice" role="status">
          The files have changed since these results. Run all again to see the current state.
        </div>
      </Show>

      <div class="cq-tests__results">
        <Show when={finished() && groups().length === 0}>
          <p class="cq-sim__muted">This workspace has no tests yet. Try it, then “Save as test”.</p>
        </Show>
        <For each={groups()}>
          {(group) => (
            <section aria-label={`${group.suite} tests`}>
              <h3 class="cq-tests__file">{group.title ?? group.suite}</h3>
              <div class="cq-tests__meta">
                <span>{group.file}</span>
                <span class="cq-sim__spacer" />
                <span>{describeSummary(group.summary)}</span>
              </div>
              <ul class="cq-tests__list">
                <For each={group.tests}>
                  {(test) => <TestRow test={test} open={expanded().has(test.key)} onToggle={() => toggle(test.key)} onReveal={revealAt} />}
                </For>
              </ul>
            </section>
          )}
        </For>

        <Show when={finished()}>
          {(f) => (
            <section class="cq-tests__coverage" aria-label="Coverage">
              <h3 class="cq-tests__file">Coverage</h3>
              <div class="cq-tests__meta">{f().report.coverage.overall.percent}% of intents, nodes, transitions, rule rows and policies</div>
              <CoverageTable coverage={f().coverage} rowTestIdPrefix="coverage-" numberClass="cq-tests__num" onOpen={(path) => revealAt(path, rangeAtLineColumn(props.files().get(path) ?? '', 1, 1))} />
            </section>
          )}
        </Show>
      </div>
    </section>
  );
}

function TestRow(props: {
  readonly test: TestResultView;
  readonly open: boolean;
  readonly onToggle: () => void;
  readonly onReveal: (file: string, range: Range) => void;
}): JSX.Element {
  const test = () => props.test;
  const detailsId = () => `test-details-${test().key}`;
  return (
    <li data-testid={`test-result-${test().key}`} data-status={test().status}>
      <div class="cq-tests__row">
        <Show when={test().failure} fallback={<span class="cq-tests__toggle-space" />}>
          <button
            type="button"
            class="cq-tests__toggle"
            aria-expanded={props.open}
            aria-controls={props.open ? detailsId() : undefined}
            aria-label={`${props.open ? 'Hide' : 'Show'} why ${test().test} ${test().status === 'error' ? 'errored' : 'failed'}`}
            onClick={props.onToggle}
          >
            {props.open ? '▾' : '▸'}
          </button>
        </Show>
        <span class="cq-tests__icon" aria-hidden="true">
          {STATUS_ICON[test().status]}
        </span>
        <span class="cq-sim-sr-only">{test().status}</span>
        <button type="button" class="cq-sim__link" title="Show in the editor" onClick={() => props.onReveal(test().file, test().range)}>
          {test().test}
        </button>
        <Show when={test().title}>
          <span class="cq-sim__muted">{test().title}</span>
        </Show>
      </div>
      <Show when={props.open && test().failure}>
        {(failure) => (
          <div class="cq-tests__failure" id={detailsId()}>
            <p>
              <Show when={failure().turn !== undefined} fallback={<>The conversation could not start</>}>
                <button type="button" class="cq-sim__link" onClick={() => props.onReveal(test().file, failure().range)}>
                  Turn {failure().turn}
                </button>
                , the customer said “{failure().utterance}”
              </Show>
            </p>
            <Show when={failure().error}>{(e) => <p>The runtime failed: {e()}</p>}</Show>
            <Show when={failure().diff.length > 0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Expectation</th>
                    <th scope="col">Expected</th>
                    <th scope="col">Got</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={failure().diff}>
                    {(row) => (
                      <tr>
                        <th scope="row">
                          <button type="button" class="cq-sim__link" onClick={() => props.onReveal(test().file, row.range)}>
                            {row.label}
                          </button>
                        </th>
                        <td>{row.expected}</td>
                        <td>{row.actual}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
            <details>
              <summary>Conversation</summary>
              <ol>
                <For each={failure().transcript}>
                  {(line) => (
                    <li>
                      {line.speaker === 'user' ? 'user> ' : 'bot > '}
                      {line.text}
                    </li>
                  )}
                </For>
              </ol>
            </details>
            <Show when={failure().trace.length > 0}>
              <details>
                <summary>Trace of the failing turn</summary>
                <ol>
                  <For each={failure().trace}>{(line) => <li>{line}</li>}</For>
                </ol>
              </details>
            </Show>
          </div>
        )}
      </Show>
    </li>
  );
}
