/**
 * The Test & Simulate side-bar view: the simulate feature's Try it panel,
 * Test view and Simulate section (apps/studio/src/features/simulate) wired to
 * the store and the server. Try it and Tests read the buffers (unsaved edits
 * included); Try it writes saved tests into buffers (a new test file is a new
 * unsaved buffer, created on disk by its first save); a simulation runs on the
 * server over the saved files, and its failing cases open in Try it. A
 * finished test run's or simulation's coverage goes to the store, where the
 * flow graph reads it. Loaded lazily (it brings the engine, recognizer and
 * simulator).
 *
 * Lifecycle: the workbench creates this view once, the first time it is
 * shown, and keeps it while the side bar shows other views, so a
 * conversation or a test run survives switching views; everything it owns
 * goes with the workbench.
 */
import { createEffect, createMemo, createSignal, type JSX } from 'solid-js';
import type { FailingCase, SimulationReport } from '@colloquy/simulator';
import {
  SimulationPanel,
  TestView,
  TryItPanel,
  failingCaseReplay,
  toGraphCoverage,
  type CoverageByFlow,
  type TryItModel,
  type TryItReplayRequest,
  type TryItTurn,
} from './index.ts';
import type { SimulationsApi } from '../../api/SimulationsApi.ts';
import type { FlowReach, WorkbenchStore } from '../../state/WorkbenchStore.ts';
import { useStore } from '../../state/useStore.ts';
import { refusalFor } from '../../state/permissions.ts';
import './simulateView.css';

export type SimulateSection = 'tryit' | 'tests' | 'simulate';

export interface SimulateViewProps {
  readonly store: WorkbenchStore;
  /** Simulation runs on the server, with their progress from the events socket. */
  readonly simulations: SimulationsApi;
  /** The model recognizer Try it asks first, when agent.yaml names one the studio runs. */
  readonly model?: TryItModel;
  /** The turn Try it's trace shows, for the Trace panel. */
  readonly onShownTurn: (turn: TryItTurn | undefined) => void;
  /** Bumped by the "Run All Tests" command: shows the Tests section and runs them. */
  readonly runTestsRequest?: () => number;
}

export default function SimulateView(props: SimulateViewProps): JSX.Element {
  const state = useStore(props.store);
  const [section, setSection] = createSignal<SimulateSection>('tryit');
  createEffect(() => (props.runTestsRequest?.() ?? 0) > 0 && setSection('tests'));
  // Only a change of the files (not a cursor move) makes a new map.
  const buffers = createMemo(() => state().files);
  const files = createMemo(() => new Map([...buffers()].map(([path, file]) => [path, file.text])));
  // What the server simulates: the files as saved (a new, never-saved buffer is not on disk).
  const savedFiles = createMemo(() => new Map([...buffers()].flatMap(([path, file]) => (file.savedContent === undefined || file.isNew ? [] : [[path, file.savedContent] as const]))));
  const unsavedCount = createMemo(() => [...buffers().values()].filter((file) => file.dirty).length);
  const [replayRequest, setReplayRequest] = createSignal<TryItReplayRequest>();
  const openCase = (failing: FailingCase, report: SimulationReport) => {
    setReplayRequest((previous) => failingCaseReplay(failing, report.run.recognizer, (previous?.seq ?? 0) + 1));
    setSection('tryit');
  };

  const onWriteFile = (path: string, text: string) => {
    props.store.writeBuffer(path, text);
    // Show the file, unsaved, so the designer sees what was added and saves it.
    props.store.openFile(path, { preview: false });
  };
  const onCoverage = (coverage: CoverageByFlow) => {
    const byFlow = new Map<string, FlowReach>();
    for (const [path, flow] of Object.entries(coverage)) byFlow.set(path, toGraphCoverage(flow));
    props.store.setCoverage(byFlow);
  };
  const reveal = (path: string, range: Parameters<WorkbenchStore['reveal']>[1]) => props.store.reveal(path, range);

  const tab = (id: SimulateSection, title: string) => (
    <button
      type="button"
      role="tab"
      id={`simulate-tab-${id}`}
      aria-controls={`simulate-section-${id}`}
      aria-selected={section() === id}
      classList={{ active: section() === id }}
      data-testid={`simulate-tab-${id}`}
      onClick={() => setSection(id)}
    >
      {title}
    </button>
  );

  return (
    <div class="view simulate-view" data-testid="simulate-view">
      <div class="view-title">Test &amp; Simulate</div>
      <div class="simulate-tabs" role="tablist" aria-label="Test and simulate">
        {tab('tryit', 'Try it')}
        {tab('tests', 'Tests')}
        {tab('simulate', 'Simulate')}
      </div>
      {/* All stay mounted, so switching keeps the conversation, the results and a run in progress. */}
      <div class="simulate-section" role="tabpanel" id="simulate-section-tryit" aria-labelledby="simulate-tab-tryit" hidden={section() !== 'tryit'}>
        <TryItPanel files={files} onReveal={reveal} onWriteFile={onWriteFile} onShownTurn={props.onShownTurn} replayRequest={replayRequest} model={props.model} />
      </div>
      <div class="simulate-section" role="tabpanel" id="simulate-section-tests" aria-labelledby="simulate-tab-tests" hidden={section() !== 'tests'}>
        <TestView files={files} onReveal={reveal} onCoverage={onCoverage} runRequest={props.runTestsRequest} />
      </div>
      <div class="simulate-section" role="tabpanel" id="simulate-section-simulate" aria-labelledby="simulate-tab-simulate" hidden={section() !== 'simulate'}>
        <SimulationPanel
          api={props.simulations}
          savedFiles={savedFiles}
          unsavedCount={unsavedCount}
          onCoverage={onCoverage}
          onOpenCase={openCase}
          onOpenFile={(path) => props.store.openFile(path)}
          runRefusal={() => (state().account ? refusalFor(state().account, 'simulation.run') : undefined)}
        />
      </div>
    </div>
  );
}
