/**
 * The most confused intents as a matrix (the simulator's `confusionMatrix`,
 * the same as the HTML report's): rows what cases should have been recognised
 * as, columns what they were recognised as, each cell shaded by its count and
 * showing the count itself. A real table, so screen readers announce each
 * cell with its row and column headers.
 */
import { For, Show, type JSX } from 'solid-js';
import type { MatrixView } from './reportModel.ts';

export function ConfusionMatrixTable(props: { readonly matrix: MatrixView }): JSX.Element {
  return (
    <Show when={props.matrix.rows.length > 0} fallback={<p class="cq-sim__muted">No case was recognised as something else.</p>}>
      <div class="cq-report__scroll">
        <table class="cq-report__matrix" data-testid="simulation-matrix">
          <caption class="cq-sim-sr-only">Most confused intents: rows are what cases should have been recognised as, columns what they were recognised as.</caption>
          <thead>
            <tr>
              <td class="cq-report__matrix-corner">
                expected ↓ <br /> recognised →
              </td>
              <For each={props.matrix.columns}>
                {(column) => (
                  <th scope="col" title={column}>
                    <span class="cq-report__vertical">{column}</span>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={props.matrix.rows}>
              {(row, r) => (
                <tr>
                  <th scope="row" title={row}>
                    {row}
                  </th>
                  <For each={props.matrix.cells[r()]}>
                    {(cell) => (
                      <td class="cq-report__num" title={cell.label} style={{ '--cq-report-shade': `${Math.round(cell.shade * 70)}%` }} data-count={cell.count}>
                        {cell.count > 0 ? (
                          cell.count
                        ) : (
                          <>
                            <span class="cq-sim__muted" aria-hidden="true">
                              ·
                            </span>
                            <span class="cq-sim-sr-only">0</span>
                          </>
                        )}
                      </td>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
