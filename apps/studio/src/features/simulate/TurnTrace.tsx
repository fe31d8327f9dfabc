/**
 * One Try-it turn's trace, read top to bottom: what was recognised, the node
 * path walked, where the conversation is now, slots (those filled this turn
 * marked), rule rows fired, actions, handoff or end, runtime problems, and every
 * step as one line. Places that come from YAML are buttons that reveal them.
 * Shown beside the conversation in `TryItPanel` and in the workbench's Trace panel.
 */
import { For, Show, type JSX } from 'solid-js';
import type { SourceRef } from '@colloquy/engine';
import type { TryItTurn } from './tryItSession.ts';

/** Values as JSON, so that the text "250" and the number 250 look different (as in test reports). */
function formatValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function RefButton(props: { readonly at: SourceRef | undefined; readonly reveal: (ref: SourceRef | undefined) => void; readonly children: JSX.Element }): JSX.Element {
  return (
    <Show when={props.at} fallback={<span>{props.children}</span>}>
      {(at) => (
        <button type="button" class="cq-sim__link" title={`${at().file}:${at().line}`} onClick={() => props.reveal(at())}>
          {props.children}
        </button>
      )}
    </Show>
  );
}

/** One turn's trace: the summary first, then every step. */
export function TurnTrace(props: { readonly turn: TryItTurn; readonly reveal: (ref: SourceRef | undefined) => void }): JSX.Element {
  const trace = () => props.turn.trace;
  const filledNow = () => new Set(trace().filled.map((f) => f.slot));
  const recognised = () => {
    const r = trace().recognized;
    if (!r) return props.turn.turn === 0 ? 'Nothing yet: the conversation opened.' : 'Not sent to the recognizer: the message answered the question.';
    if (r.intent === null) return `Not understood (best score ${r.confidence.toFixed(2)}, ${r.recognizer})`;
    return `${r.intent} (confidence ${r.confidence.toFixed(2)}, ${r.recognizer})${trace().fallback ? ', but it could not be acted on' : ''}`;
  };
  const where = () => {
    const t = trace();
    if (t.status === 'handed_off') return 'Handed over to a person';
    if (t.status === 'waiting') return `Waiting for an answer at ${t.flow ?? '?'} › ${t.node ?? '?'}`;
    return t.flow ? `Idle (finished ${t.flow})` : 'Idle';
  };
  return (
    <div class="cq-trace" data-testid="trace-turn" data-turn={props.turn.turn}>
      <h3>Recognised</h3>
      <p data-testid="trace-recognised">{recognised()}</p>
      <Show when={trace().recognized && trace().recognized!.ranking.length > 1}>
        <details>
          <summary>Other candidates</summary>
          <ul>
            <For each={trace().recognized!.ranking.slice(0, 5)}>{(r) => <li>{r.intent} {r.score.toFixed(2)}</li>}</For>
          </ul>
        </details>
      </Show>

      <Show when={trace().path.length > 0}>
        <h3>Path</h3>
        <ol data-testid="trace-path">
          <For each={trace().path}>
            {(step) => (
              <li>
                <RefButton at={step.at} reveal={props.reveal}>
                  {step.flow} › {step.node}
                </RefButton>
              </li>
            )}
          </For>
        </ol>
      </Show>

      <h3>Now</h3>
      <p data-testid="trace-now">{where()}</p>

      <Show when={Object.keys(trace().slots).length > 0}>
        <h3>Slots</h3>
        <dl data-testid="trace-slots">
          <For each={Object.entries(trace().slots)}>
            {([name, value]) => (
              <>
                <dt>
                  {name} <Show when={filledNow().has(name)}><span class="cq-tryit__new">filled now</span></Show>
                </dt>
                <dd>{formatValue(value)}</dd>
              </>
            )}
          </For>
        </dl>
      </Show>

      <Show when={trace().rules.length > 0 || trace().noMatch.length > 0}>
        <h3>Rule rows fired</h3>
        <ul data-testid="trace-rules">
          <For each={trace().rules}>
            {(row) => (
              <li>
                <RefButton at={row.at} reveal={props.reveal}>
                  {row.table} row {row.rowNumber}
                  {row.rowId ? ` (${row.rowId})` : ''}
                </RefButton>{' '}
                → {formatValue(row.outputs)}
              </li>
            )}
          </For>
          <For each={trace().noMatch}>
            {(miss) => (
              <li>
                <RefButton at={miss.at} reveal={props.reveal}>
                  {miss.table}
                </RefButton>
                : no row matched {formatValue(miss.inputs)}
              </li>
            )}
          </For>
        </ul>
      </Show>

      <Show when={trace().actions.length > 0}>
        <h3>Actions</h3>
        <ul data-testid="trace-actions">
          <For each={trace().actions}>
            {(a) => (
              <li>
                <RefButton at={a.at} reveal={props.reveal}>
                  {a.action}
                </RefButton>{' '}
                → {a.outcome}
              </li>
            )}
          </For>
        </ul>
      </Show>

      <Show when={trace().handoff}>
        {(h) => (
          <>
            <h3>Handoff</h3>
            <p data-testid="trace-handoff">
              <RefButton at={h().at} reveal={props.reveal}>
                to {h().queue}
              </RefButton>
              {h().reason ? `: ${h().reason}` : ''}
            </p>
          </>
        )}
      </Show>
      <Show when={trace().end}>
        {(e) => (
          <>
            <h3>End</h3>
            <p data-testid="trace-end">
              <RefButton at={e().at} reveal={props.reveal}>
                {e().outcome}
              </RefButton>{' '}
              at {e().flow} › {e().node}
            </p>
          </>
        )}
      </Show>
      <Show when={trace().errors.length > 0}>
        <h3>Problems</h3>
        <ul>
          <For each={trace().errors}>
            {(problem) => (
              <li class="cq-sim__notice cq-sim__notice--error">
                <RefButton at={problem.at} reveal={props.reveal}>
                  {problem.code}
                </RefButton>
                : {problem.message}
              </li>
            )}
          </For>
        </ul>
      </Show>

      <details>
        <summary>Every step ({trace().lines.length})</summary>
        <ol>
          <For each={trace().lines}>
            {(line) => (
              <li>
                <RefButton at={line.at} reveal={props.reveal}>
                  {line.text}
                </RefButton>
              </li>
            )}
          </For>
        </ol>
      </details>
    </div>
  );
}

