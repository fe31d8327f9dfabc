/**
 * A horizontal bar chart of pass rates (by generator, by intent): one SVG,
 * `role="img"` with the whole chart in words as its label, and the same
 * numbers as a table under a disclosure for anyone who would rather read
 * them. Its height follows from the number of rows alone, so it takes its
 * final size at once (no layout shift). Passed is told by length and by the
 * figure at the end of each bar, not by colour alone.
 */
import { For, Show, createUniqueId, type JSX } from 'solid-js';
import type { BarChart } from './reportModel.ts';

const ROW = 20;
const BAR = 12;
/** Where each part of a row starts, as a share of the chart's width. */
const LABEL_END = 44;
const BAR_START = 46;
const BAR_END = 86;

export function PassRateChart(props: { readonly chart: BarChart; readonly testId: string }): JSX.Element {
  const clip = createUniqueId();
  const height = () => Math.max(1, props.chart.bars.length) * ROW;
  const x = (percentOfBar: number) => `${BAR_START + ((BAR_END - BAR_START) * percentOfBar) / 100}%`;
  return (
    <figure class="cq-report__chart" data-testid={props.testId}>
      <figcaption>{props.chart.title}</figcaption>
      <svg role="img" aria-label={props.chart.description} width="100%" height={height()} class="cq-report__bars">
        <defs>
          <clipPath id={`${clip}-labels`}>
            <rect x="0" y="0" width={`${LABEL_END}%`} height="100%" />
          </clipPath>
        </defs>
        <For each={props.chart.bars}>
          {(bar, index) => {
            const top = () => index() * ROW;
            return (
              <g data-key={bar.key}>
                <title>{`${bar.label}${bar.detail ? ` (${bar.detail})` : ''}: ${bar.value}`}</title>
                <text x="0" y={top() + ROW / 2} dominant-baseline="central" clip-path={`url(#${clip}-labels)`} class="cq-report__bar-label">
                  {bar.label}
                </text>
                <rect x={x(0)} y={top() + (ROW - BAR) / 2} width={`${BAR_END - BAR_START}%`} height={BAR} rx="2" class={bar.total === 0 ? 'cq-report__track' : 'cq-report__failed'} />
                <rect x={x(0)} y={top() + (ROW - BAR) / 2} width={`${((BAR_END - BAR_START) * bar.width) / 100}%`} height={BAR} rx="2" class="cq-report__passed" />
                <text x="100%" y={top() + ROW / 2} dominant-baseline="central" text-anchor="end" class="cq-report__bar-value">
                  {bar.rate === null ? '–' : `${bar.rate}%`}
                </text>
              </g>
            );
          }}
        </For>
      </svg>
      <details class="cq-report__alt">
        <summary>Table</summary>
        <table>
          <caption class="cq-sim-sr-only">{props.chart.title}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Passed</th>
              <th scope="col">Failed</th>
              <th scope="col">Pass rate</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.chart.bars}>
              {(bar) => (
                <tr>
                  <th scope="row">
                    {bar.label}
                    <Show when={bar.detail}>{(d) => <span class="cq-sim__muted"> ({d()})</span>}</Show>
                  </th>
                  <td class="cq-report__num">{bar.passed}</td>
                  <td class="cq-report__num">{bar.failed}</td>
                  <td class="cq-report__num">{bar.rate === null ? 'no cases' : `${bar.rate}%`}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </details>
    </figure>
  );
}
