/**
 * The coverage table (per flow: nodes, transitions, intents, overall), each
 * flow's name a button that opens it. The Tests tab and the simulation report
 * show the same table, each with its own test ids and cell class.
 */
import { For, type JSX } from 'solid-js';
import type { CoverageByFlow } from './flowCoverage.ts';

export function CoverageTable(props: {
  readonly coverage: CoverageByFlow;
  /** `data-testid` of the table (none when undefined). */
  readonly testId?: string;
  readonly tableClass?: string;
  /** `data-testid` of each row: the prefix, then the flow id. */
  readonly rowTestIdPrefix: string;
  /** Class of the number cells. */
  readonly numberClass: string;
  readonly onOpen: (path: string) => void;
}): JSX.Element {
  return (
    <table class={props.tableClass} data-testid={props.testId}>
      <thead>
        <tr>
          <th scope="col">Flow</th>
          <th scope="col">Nodes</th>
          <th scope="col">Transitions</th>
          <th scope="col">Intents</th>
          <th scope="col">Overall</th>
        </tr>
      </thead>
      <tbody>
        <For each={Object.values(props.coverage)}>
          {(flow) => <CoverageRow flow={flow} testIdPrefix={props.rowTestIdPrefix} numberClass={props.numberClass} onOpen={props.onOpen} />}
        </For>
      </tbody>
    </table>
  );
}

function CoverageRow(props: {
  readonly flow: CoverageByFlow[string];
  /** `data-testid` of the row: the prefix, then the flow id. */
  readonly testIdPrefix: string;
  /** Class of the number cells. */
  readonly numberClass: string;
  readonly onOpen: (path: string) => void;
}): JSX.Element {
  const counts = () => props.flow.counts;
  return (
    <tr data-testid={`${props.testIdPrefix}${props.flow.flow}`}>
      <th scope="row">
        <button
          type="button"
          class="cq-sim__link"
          title={props.flow.neverReachedNodes.length > 0 ? `Never reached: ${props.flow.neverReachedNodes.join(', ')}` : 'Every node reached'}
          onClick={() => props.onOpen(props.flow.path)}
        >
          {props.flow.flow}
        </button>
      </th>
      <td class={props.numberClass}>
        {counts().nodes.covered}/{counts().nodes.total}
      </td>
      <td class={props.numberClass}>
        {counts().transitions.covered}/{counts().transitions.total}
      </td>
      <td class={props.numberClass}>
        {counts().intents.covered}/{counts().intents.total}
      </td>
      <td class={props.numberClass}>{counts().overall.percent}%</td>
    </tr>
  );
}
