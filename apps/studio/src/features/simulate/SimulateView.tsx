/**
 * The Test & Simulate side-bar view: the simulate feature's Try it panel and
 * Test view (apps/studio/src/features/simulate) wired to the store. Both read the
 * buffers (unsaved edits included); Try it writes saved tests into buffers (a
 * new test file is a new unsaved buffer, created on disk by its first save);
 * a finished test run's coverage goes to the store, where the flow graph
 * reads it. Loaded lazily (it brings the engine, recognizer and simulator).
 *
 * Lifecycle: the workbench creates this view once, the first time it is
 * shown, and keeps it while the side bar shows other views, so a
 * conversation or a test run survives switching views; everything it owns
 * goes with the workbench.
 */
import { createEffect, createMemo, createSignal, type JSX } from 'solid-js';
import { TestView, TryItPanel, toGraphCoverage, type CoverageByFlow, type TryItTurn } from './index.ts';
import type { FlowReach, WorkbenchStore } from '../../state/WorkbenchStore.ts';
import { useStore } from '../../state/useStore.ts';
import './simulateView.css';

export type SimulateSection = 'tryit' | 'tests';

export interface SimulateViewProps {
  readonly store: WorkbenchStore;
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
      </div>
      {/* Both stay mounted, so switching keeps the conversation and the results. */}
      <div class="simulate-section" role="tabpanel" id="simulate-section-tryit" aria-labelledby="simulate-tab-tryit" hidden={section() !== 'tryit'}>
        <TryItPanel files={files} onReveal={reveal} onWriteFile={onWriteFile} onShownTurn={props.onShownTurn} />
      </div>
      <div class="simulate-section" role="tabpanel" id="simulate-section-tests" aria-labelledby="simulate-tab-tests" hidden={section() !== 'tests'}>
        <TestView files={files} onReveal={reveal} onCoverage={onCoverage} runRequest={props.runTestsRequest} />
      </div>
    </div>
  );
}
