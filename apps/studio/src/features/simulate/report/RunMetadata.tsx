/**
 * What the run was: recognizer, model and weights hash, seed, generators,
 * cases per intent, flow, date, and the workspace and report hashes that
 * identify it (two runs with the same hashes saw and found the same thing).
 * Hashes are shortened; the full value is in the tooltip and copyable as text.
 */
import { For, Show, type JSX } from 'solid-js';
import type { MetadataRow } from './reportModel.ts';

export function RunMetadata(props: { readonly rows: readonly MetadataRow[] }): JSX.Element {
  return (
    <dl class="cq-report__meta" data-testid="simulation-metadata">
      <For each={props.rows}>
        {(row) => (
          <>
            <dt>{row.label}</dt>
            <dd title={row.full}>
              <Show when={row.full} fallback={row.value}>
                {(full) => (
                  <>
                    <span aria-hidden="true">{row.value}</span>
                    <span class="cq-sim-sr-only">{full()}</span>
                  </>
                )}
              </Show>
            </dd>
          </>
        )}
      </For>
    </dl>
  );
}
