/**
 * Why Try-it or a test run cannot start: the first line of the refusal's reason,
 * then every error as a link that reveals it. Shared by `TryItPanel` and `TestView`.
 */
import { For, type JSX } from 'solid-js';
import type { Range } from '@colloquy/core';
import type { Refusal } from './workspaceSource.ts';

export function RefusalNotice(props: { readonly refusal: Refusal; readonly onReveal: (path: string, range: Range) => void; readonly children?: JSX.Element }): JSX.Element {
  return (
    <div class="cq-sim__notice cq-sim__notice--error" role="alert">
      {props.refusal.reason.split('\n')[0]}
      <ul>
        <For each={props.refusal.errors}>
          {(d) => (
            <li>
              <button type="button" class="cq-sim__link" onClick={() => props.onReveal(d.file, d.range)}>
                {d.file}:{d.range.start.line}
              </button>{' '}
              {d.message}
            </li>
          )}
        </For>
      </ul>
      {props.children}
    </div>
  );
}
