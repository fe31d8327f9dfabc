/**
 * The Simulate section of Test & Simulate: run `colloquy simulate` on the
 * server (the saved files, the recognizer agent.yaml names, in a worker
 * thread there) with the options chosen here, follow it with a progress bar
 * fed by the events socket, cancel it, and read its report.
 *
 * The run is followed by `SimulationRunner` (simulationRun.ts, DOM-free and
 * tested in Node); the report is drawn by `report/SimulationReportView.tsx`,
 * loaded the first time a report is shown. Lifecycle: the runner is disposed
 * with the panel (the view is kept for the page's life, so a run survives
 * switching views and tabs); a run still going on the server is left to
 * finish there.
 */
import { For, Show, Suspense, createMemo, createSignal, createUniqueId, lazy, onCleanup, type JSX } from 'solid-js';
import { DEFAULT_PER_INTENT, GENERATOR_NAMES, type FailingCase, type SimulationReport } from '@colloquy/simulator';
import type { SimulationRequest, SimulationsApi } from '../../api/SimulationsApi.ts';
import type { CoverageByFlow } from './flowCoverage.ts';
import { reportCoverageByFlow } from './report/reportCoverage.ts';
import { SimulationRunner, describeRun, isBusy, runProgress, type SimulationRunState } from './simulationRun.ts';
import { createIncrementalValidation, filesChanged, snapshotFiles, type WorkspaceFiles } from './workspaceSource.ts';
import './simulate.css';

const SimulationReportView = lazy(() => import('./report/SimulationReportView.tsx'));

export interface SimulationPanelProps {
  readonly api: SimulationsApi;
  /** The files as saved on disk (path → text): what the server simulates. */
  readonly savedFiles: () => WorkspaceFiles;
  /** How many buffers have unsaved edits, which the run does not see. */
  readonly unsavedCount: () => number;
  /** Told with the run's coverage per flow file when a report arrives (and on "Show on the flow graph"). */
  readonly onCoverage?: (coverage: CoverageByFlow) => void;
  /** Replays a failing case in Try it. */
  readonly onOpenCase: (failing: FailingCase, report: SimulationReport) => void;
  readonly onOpenFile: (path: string) => void;
  /** Why the signed-in account may not run simulations (its roles), or undefined when it may. */
  readonly runRefusal?: () => string | undefined;
}

/** The report shown, with what it needs beside it: the files the run read, and its coverage per flow in them. */
interface ShownReport {
  readonly report: SimulationReport;
  readonly files: WorkspaceFiles;
  readonly coverage: CoverageByFlow | undefined;
}

export function SimulationPanel(props: SimulationPanelProps): JSX.Element {
  const uid = createUniqueId();
  const runner = new SimulationRunner(props.api);
  const [run, setRun] = createSignal<SimulationRunState>(runner.state);
  const [shown, setShown] = createSignal<ShownReport>();
  const validation = createIncrementalValidation();
  /** The saved files when the run started: the server read these (the coverage is mapped onto them). */
  let startedOn: WorkspaceFiles = new Map();

  const unsubscribe = runner.subscribe((state) => {
    setRun(state);
    if (state.kind === 'finished') show(state.report);
  });
  onCleanup(() => {
    unsubscribe();
    runner.dispose();
  });

  const show = (report: SimulationReport) => {
    const { workspace } = validation.validate(startedOn);
    let coverage: CoverageByFlow | undefined;
    try {
      coverage = reportCoverageByFlow(report, workspace);
    } catch {
      coverage = undefined; // a report this studio cannot map: the rest still shows
    }
    setShown({ report, files: startedOn, coverage });
    if (coverage) props.onCoverage?.(coverage);
  };

  // Options
  const [generators, setGenerators] = createSignal<ReadonlySet<string>>(new Set(GENERATOR_NAMES));
  const [perIntent, setPerIntent] = createSignal(String(DEFAULT_PER_INTENT));
  const [seed, setSeed] = createSignal('');
  const [flow, setFlow] = createSignal('');
  const flows = createMemo(() => validation.validate(props.savedFiles()).workspace.flows.map((f) => f.data.id));
  const perIntentError = () => (/^\d{1,4}$/.test(perIntent().trim()) ? undefined : 'A whole number from 0 to 9999.');
  const request = (): SimulationRequest | undefined => {
    if (perIntentError() || generators().size === 0) return undefined;
    // Only what the designer changed is sent: the rest is left to the test files' `simulate:` blocks
    // (and the run's defaults), as `colloquy simulate` without those flags does.
    const chosen = GENERATOR_NAMES.filter((name) => generators().has(name));
    const count = Number(perIntent().trim());
    return {
      ...(chosen.length < GENERATOR_NAMES.length ? { generators: chosen } : {}),
      ...(count !== DEFAULT_PER_INTENT ? { perIntent: count } : {}),
      ...(seed() !== '' ? { seed: seed() } : {}),
      ...(flow() !== '' ? { flow: flow() } : {}),
    };
  };
  const describeOptions = () => {
    const chosen = generators().size;
    const which = chosen === GENERATOR_NAMES.length ? 'every generator' : `${chosen} of ${GENERATOR_NAMES.length} generators`;
    return `${which}, ${perIntent().trim() || '?'} per intent, seed ${seed() || 'colloquy'}, ${flow() || 'all flows'}`;
  };
  const toggle = (name: string, on: boolean) =>
    setGenerators((all) => {
      const next = new Set(all);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  const busy = () => isBusy(run());
  const start = (event: Event) => {
    event.preventDefault();
    const wanted = request();
    if (!wanted || busy()) return;
    startedOn = snapshotFiles(props.savedFiles());
    void runner.start(wanted);
  };
  const progress = createMemo(() => runProgress(run()));
  const cancelling = () => {
    const r = run();
    return (r.kind === 'active' || r.kind === 'starting') && r.cancelRequested;
  };
  const stale = createMemo(() => {
    const s = shown();
    return s !== undefined && filesChanged(s.files, props.savedFiles());
  });

  return (
    <section class="cq-sim cq-simulation" aria-label="Simulate">
      <form class="cq-simulation__options" onSubmit={start}>
        <details open class="cq-simulation__settings">
          <summary>Options: {describeOptions()}</summary>
          <fieldset class="cq-simulation__generators">
            <legend>Generators</legend>
            <For each={GENERATOR_NAMES}>
              {(name) => (
                <label>
                  <input
                    type="checkbox"
                    data-testid={`simulation-generator-${name}`}
                    checked={generators().has(name)}
                    disabled={busy()}
                    onChange={(e) => toggle(name, e.currentTarget.checked)}
                  />
                  {name}
                </label>
              )}
            </For>
            <span class="cq-simulation__all">
              <button type="button" disabled={busy()} onClick={() => setGenerators(new Set(GENERATOR_NAMES))}>
                All
              </button>
              <button type="button" disabled={busy()} onClick={() => setGenerators(new Set<string>())}>
                None
              </button>
            </span>
          </fieldset>
          <div class="cq-simulation__fields">
            <label for={`${uid}-per-intent`}>Cases per intent</label>
            <input
              id={`${uid}-per-intent`}
              data-testid="simulation-per-intent"
              type="number"
              min="0"
              max="9999"
              step="1"
              value={perIntent()}
              disabled={busy()}
              aria-invalid={perIntentError() ? 'true' : undefined}
              aria-describedby={perIntentError() ? `${uid}-per-intent-error` : undefined}
              onInput={(e) => setPerIntent(e.currentTarget.value)}
            />
            <label for={`${uid}-seed`}>Seed</label>
            <input id={`${uid}-seed`} data-testid="simulation-seed" type="text" placeholder="colloquy (the default)" value={seed()} disabled={busy()} onInput={(e) => setSeed(e.currentTarget.value)} />
            <label for={`${uid}-flow`}>Flow</label>
            <select id={`${uid}-flow`} data-testid="simulation-flow" disabled={busy()} onChange={(e) => setFlow(e.currentTarget.value)}>
              <option value="">all flows</option>
              <For each={flows()}>
                {(id) => (
                  <option value={id} selected={id === flow()}>
                    {id}
                  </option>
                )}
              </For>
            </select>
          </div>
        </details>
        <div class="cq-sim__toolbar cq-simulation__actions">
          <button type="submit" data-testid="simulation-run" disabled={busy() || !request() || props.runRefusal?.() !== undefined} title={props.runRefusal?.()}>
            Run simulation
          </button>
          <Show when={busy()}>
            <button type="button" data-testid="simulation-cancel" disabled={cancelling() || run().kind === 'fetching'} onClick={() => runner.cancel()}>
              Cancel
            </button>
          </Show>
          <span class="cq-tryit__field-error" id={`${uid}-per-intent-error`}>
            {perIntentError() ?? (generators().size === 0 ? 'Choose at least one generator.' : '')}
          </span>
        </div>
      </form>
      <Show when={props.unsavedCount() > 0}>
        <div class="cq-sim__notice" role="status">
          {props.unsavedCount() === 1 ? 'A file has' : `${props.unsavedCount()} files have`} unsaved changes: the simulation runs on the saved files.
        </div>
      </Show>

      {/* Always there, so starting and finishing a run moves nothing below it. */}
      <div class="cq-simulation__status">
        <div
          class="cq-tests__progress"
          role="progressbar"
          data-testid="simulation-progress"
          aria-label="Simulation progress"
          aria-valuemin={0}
          aria-valuemax={Math.max(progress()?.total ?? 0, 1)}
          aria-valuenow={progress()?.done ?? 0}
          aria-valuetext={describeRun(run()) || 'No simulation running'}
          data-state={run().kind}
          style={{ visibility: busy() ? 'visible' : 'hidden' }}
        >
          <div style={{ width: `${progress()?.percent ?? 0}%` }} />
        </div>
        <span role="status" data-testid="simulation-status">
          {describeRun(run())}
        </span>
      </div>

      <Show when={run().kind === 'failed' ? (run() as Extract<SimulationRunState, { kind: 'failed' }>) : undefined}>
        {(failed) => (
          <div class="cq-sim__notice cq-sim__notice--error" role="alert" data-testid="simulation-error">
            {failed().error}
          </div>
        )}
      </Show>
      <Show when={stale()}>
        <div class="cq-sim__notice" role="status">
          The saved files have changed since this run. Run it again to see the current state.
        </div>
      </Show>

      <div class="cq-simulation__report">
        <Show when={shown()} keyed fallback={<p class="cq-sim__muted">Generated edge cases and the scripted tests, run on the server. Choose options and run.</p>}>
          {(s) => (
            <Suspense fallback={<p class="cq-sim__muted">Loading the report view…</p>}>
              <SimulationReportView
                report={s.report}
                coverage={s.coverage}
                onOpenCase={(failing) => props.onOpenCase(failing, s.report)}
                onShowCoverage={() => s.coverage && props.onCoverage?.(s.coverage)}
                onOpenFlow={props.onOpenFile}
              />
            </Suspense>
          )}
        </Show>
      </div>
    </section>
  );
}
