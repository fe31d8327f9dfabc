/**
 * The attack success rate of the adversarial generator: of each intent's
 * examples recognised correctly before the attack, how many a small,
 * meaning-preserving change flipped. Empty (and said so) when the generator
 * did not run, which needs a model recognizer.
 */
import { For, Show, type JSX } from 'solid-js';
import type { AttacksView } from './reportModel.ts';

export function AttackResults(props: { readonly attacks: AttacksView }): JSX.Element {
  return (
    <Show
      when={props.attacks.ran}
      fallback={<p class="cq-sim__muted" data-testid="simulation-attacks">No adversarial search in this run: choose the adversarial generator (it needs a model recognizer in agent.yaml).</p>}
    >
      <p>
        Attacks that succeeded: <strong>{props.attacks.overall}</strong>. Lower is better.
      </p>
      <table class="cq-report__table" data-testid="simulation-attacks">
        <thead>
          <tr>
            <th scope="col">Intent</th>
            <th scope="col">Succeeded</th>
            <th scope="col">Words changed</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.attacks.rows}>
            {(row) => (
              <tr>
                <th scope="row" title={`flow ${row.flow}`}>
                  {row.intent}
                </th>
                <td class="cq-report__num">{row.value}</td>
                <td class="cq-report__num">{row.wordsChanged}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}
