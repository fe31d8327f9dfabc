/**
 * One flow's line of a coverage table (nodes, transitions, intents, overall),
 * its name a button that opens the flow. The Tests tab and the simulation
 * report show the same table, each with its own test id and cell class.
 */
import type { JSX } from 'solid-js';
import type { CoverageByFlow } from './flowCoverage.ts';

export function CoverageRow(props: {
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
