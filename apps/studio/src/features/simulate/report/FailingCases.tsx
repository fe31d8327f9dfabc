/**
 * The failing generated cases, in run order, a page at a time, with a filter
 * by generator: what was said, what should have happened and what did, why
 * it failed, and the run's own record of each turn (intent, confidence, nodes,
 * replies, handoff or end) under a disclosure. "Open in Try it" replays the
 * case there, so the full trace of every turn is one click away.
 */
import { For, Show, createMemo, createSignal, createUniqueId, type JSX } from 'solid-js';
import type { FailingCase, SimulationReport } from '@colloquy/simulator';
import { failingList, type FailingRow } from './reportModel.ts';

/** How many cases show at first, and how many more each "Show more" adds. */
const PAGE = 25;

export function FailingCases(props: { readonly report: SimulationReport; readonly onOpenCase: (failing: FailingCase) => void }): JSX.Element {
  const uid = createUniqueId();
  const [generator, setGenerator] = createSignal<string>();
  const [limit, setLimit] = createSignal(PAGE);
  const list = createMemo(() => failingList(props.report, generator(), limit()));
  return (
    <Show when={props.report.failing.length > 0} fallback={<p class="cq-sim__muted">Every generated case passed.</p>}>
      <div class="cq-report__filter">
        <label for={`${uid}-generator`}>Generator</label>
        <select
          id={`${uid}-generator`}
          data-testid="simulation-failing-filter"
          onChange={(e) => {
            setGenerator(e.currentTarget.value === '' ? undefined : e.currentTarget.value);
            setLimit(PAGE);
          }}
        >
          <option value="">all ({props.report.failing.length})</option>
          <For each={list().generators}>
            {(g) => (
              <option value={g.generator} selected={g.generator === generator()}>
                {g.generator} ({g.count})
              </option>
            )}
          </For>
        </select>
      </div>
      <ul class="cq-report__failing" data-testid="simulation-failing">
        <For each={list().rows}>{(row) => <FailingItem row={row} onOpen={() => props.onOpenCase(row.case)} />}</For>
      </ul>
      <Show when={list().matching > list().rows.length}>
        <button type="button" onClick={() => setLimit((n) => n + PAGE)}>
          Show {Math.min(PAGE, list().matching - list().rows.length)} more of {list().matching - list().rows.length}
        </button>
      </Show>
    </Show>
  );
}

function FailingItem(props: { readonly row: FailingRow; readonly onOpen: () => void }): JSX.Element {
  const row = () => props.row;
  return (
    <li data-testid="simulation-failing-case" data-case={row().id}>
      <div class="cq-report__case-head">
        <code>{row().id}</code>
        <span class="cq-sim__spacer" />
        <button type="button" data-testid="simulation-open-case" aria-label={`Open ${row().id} in Try it`} onClick={() => props.onOpen()}>
          Open in Try it
        </button>
      </div>
      <p class="cq-report__utterance">“{row().utterance}”</p>
      <dl class="cq-report__case-facts">
        <dt>Expected</dt>
        <dd>{row().expected}</dd>
        <dt>Got</dt>
        <dd>{row().got}</dd>
        <dt>Why</dt>
        <dd>{row().reasons.join('; ')}</dd>
      </dl>
      <details>
        <summary>The run's trace</summary>
        <ol class="cq-report__trace">
          <For each={row().case.trace}>
            {(turn) => (
              <li>
                <Show when={turn.turn > 0} fallback={<span class="cq-sim__muted">Turn 0, greeting</span>}>
                  Turn {turn.turn}: “{turn.utterance}” →{' '}
                  {turn.intent !== null ? `${turn.intent}${turn.confidence !== null ? ` (${turn.confidence.toFixed(2)})` : ''}` : turn.fallback ? 'not understood' : 'not sent to the recognizer'}
                </Show>
                <Show when={turn.nodes.length > 0}>
                  <div class="cq-sim__muted">path: {turn.nodes.join(' › ')}</div>
                </Show>
                <For each={turn.messages}>{(message) => <div>bot: {message}</div>}</For>
                <Show when={turn.handoff}>{(queue) => <div>handed over to {queue()}</div>}</Show>
                <Show when={turn.end}>{(end) => <div>ended: {end()}</div>}</Show>
              </li>
            )}
          </For>
        </ol>
      </details>
    </li>
  );
}
