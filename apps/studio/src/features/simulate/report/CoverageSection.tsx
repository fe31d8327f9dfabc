/**
 * Coverage by every conversation of the run, scripted and generated, per
 * flow (nodes, transitions, intents), as the test run's table shows it; the
 * same coverage goes to the flow graph, and "Show on the flow graph" sends it
 * there again after a test run has replaced it.
 */
import { Show, type JSX } from 'solid-js';
import type { CoverageByFlow } from '../flowCoverage.ts';
import { CoverageTable } from '../CoverageTable.tsx';

export function CoverageSection(props: {
  readonly coverage: CoverageByFlow | undefined;
  readonly overall: number | undefined;
  readonly onShowOnGraph: () => void;
  readonly onOpenFlow: (path: string) => void;
}): JSX.Element {
  return (
    <Show when={props.coverage} fallback={<p class="cq-sim__muted">The flows this run used could not be read, so its coverage cannot be shown per flow.</p>}>
      {(coverage) => (
        <>
          <div class="cq-report__filter">
            <span class="cq-sim__muted">{props.overall !== undefined ? `${props.overall}% of intents, nodes, transitions, rule rows and policies` : ''}</span>
            <span class="cq-sim__spacer" />
            <button type="button" data-testid="simulation-coverage-show" onClick={() => props.onShowOnGraph()}>
              Show on the flow graph
            </button>
          </div>
          <CoverageTable coverage={coverage()} testId="simulation-coverage" tableClass="cq-report__table" rowTestIdPrefix="simulation-coverage-" numberClass="cq-report__num" onOpen={props.onOpenFlow} />
        </>
      )}
    </Show>
  );
}
