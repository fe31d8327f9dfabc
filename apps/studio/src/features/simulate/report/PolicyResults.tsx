/**
 * The policy checks of the run: one row per sensitive topic a topic_handoff
 * policy names, then prompt injection and personal data; each with its pass
 * rate, a ✓/✗ with the word for screen readers, and its failing cases as
 * buttons that open them in Try it.
 */
import { For, Show, type JSX } from 'solid-js';
import type { PolicyRow } from './reportModel.ts';

export function PolicyResults(props: { readonly rows: readonly PolicyRow[]; readonly onOpenCase: (id: string) => void }): JSX.Element {
  return (
    <Show when={props.rows.length > 0} fallback={<p class="cq-sim__muted">No policy check ran (no generator for them was chosen).</p>}>
      <table class="cq-report__table" data-testid="simulation-policies">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Failing cases</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr data-status={row.passed ? 'passed' : 'failed'}>
                <th scope="row" title={row.policy ? `policy ${row.policy}` : undefined}>
                  <span class="cq-report__icon" aria-hidden="true">
                    {row.passed ? '✓' : '✗'}
                  </span>
                  <span class="cq-sim-sr-only">{row.passed ? 'passed' : 'failed'}</span> {row.label}
                </th>
                <td class="cq-report__num">{row.value}</td>
                <td>
                  <For each={row.failing}>
                    {(id, i) => (
                      <>
                        {i() > 0 ? ', ' : ''}
                        <button type="button" class="cq-sim__link" title="Open in Try it" onClick={() => props.onOpenCase(id)}>
                          {id}
                        </button>
                      </>
                    )}
                  </For>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}
