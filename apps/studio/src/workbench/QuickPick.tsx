/**
 * A filterable list overlay: the command palette and quick open are both one
 * of these. Keyboard: arrows move, Enter picks, Escape closes; the selected
 * row stays in view. Matched characters of a label are highlighted when the
 * item says which (`highlights`).
 */
import { createEffect, createMemo, createSignal, For, onCleanup, onMount, type JSX } from 'solid-js';
import './quickPick.css';
import type { QuickPickItem } from './quickPickItem.ts';

export type { QuickPickItem } from './quickPickItem.ts';

export interface QuickPickProps<T extends QuickPickItem> {
  readonly testId: string;
  readonly placeholder: string;
  /** The text the input starts with (e.g. `@` for Go to Symbol in File). Default: empty. */
  readonly initialQuery?: string;
  /** The part of `initialQuery` selected at first (Rename selects the name without its folder and suffix); default: the cursor at its end. */
  readonly initialSelection?: readonly [number, number];
  readonly items: (query: string) => readonly T[];
  readonly onPick: (item: T) => void;
  readonly onClose: () => void;
}

export function QuickPick<T extends QuickPickItem>(props: QuickPickProps<T>): JSX.Element {
  const [query, setQuery] = createSignal(props.initialQuery ?? '');
  const [selected, setSelected] = createSignal(0);
  const items = createMemo(() => props.items(query()).slice(0, 200));
  let input!: HTMLInputElement;
  let list!: HTMLUListElement;
  /**
   * Losing the focus closes the box a moment later (a click elsewhere). Only while this box is
   * shown: the input also loses the focus as it is removed, and a late close would shut the next
   * box opened in its place (Enter on a symbol, then Ctrl+Shift+O at once).
   */
  let shown = true;
  let blurTimer: ReturnType<typeof setTimeout> | undefined;
  const cancelBlurClose = () => clearTimeout(blurTimer);
  const closeSoon = () => {
    cancelBlurClose();
    if (shown) blurTimer = setTimeout(() => shown && close(), 150);
  };
  onCleanup(() => {
    shown = false;
    cancelBlurClose();
  });
  onMount(() => {
    input.focus();
    const [start, end] = props.initialSelection ?? [input.value.length, input.value.length];
    input.setSelectionRange(start, end);
  });
  createEffect(() => {
    const index = selected();
    list.querySelector(`#${props.testId}-item-${index}`)?.scrollIntoView({ block: 'nearest' });
  });
  const close = () => {
    shown = false;
    cancelBlurClose();
    props.onClose();
  };
  const pick = (item: T | undefined) => {
    if (!item || item.inert) return;
    close();
    props.onPick(item);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setSelected((i) => Math.min(items().length - 1, i + 1));
    else if (e.key === 'ArrowUp') setSelected((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') pick(items()[selected()]);
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };
  return (
    <div class="quickpick-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div class="quickpick" data-testid={props.testId} role="dialog" aria-label={props.placeholder}>
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls={`${props.testId}-list`}
          aria-activedescendant={`${props.testId}-item-${selected()}`}
          placeholder={props.placeholder}
          value={query()}
          onInput={(e) => (setQuery(e.currentTarget.value), setSelected(0))}
          onKeyDown={onKeyDown}
          onFocus={cancelBlurClose}
          onBlur={closeSoon}
        />
        <ul role="listbox" id={`${props.testId}-list`} ref={list}>
          <For each={items()} fallback={<li class="quickpick-empty">No matching results</li>}>
            {(item, index) => (
              <li
                role="option"
                id={`${props.testId}-item-${index()}`}
                aria-selected={index() === selected()}
                aria-disabled={item.inert ? 'true' : undefined}
                classList={{ selected: index() === selected(), inert: item.inert === true }}
                onMouseDown={(e) => (e.preventDefault(), pick(item))}
                onMouseMove={() => setSelected(index())}
              >
                <span class="qp-label">{highlighted(item.label, item.highlights)}</span>
                {item.description ? <span class="qp-description">{item.description}</span> : null}
                {item.detail ? <span class="qp-detail">{item.detail}</span> : null}
                {item.keybinding ? <kbd>{item.keybinding}</kbd> : null}
              </li>
            )}
          </For>
        </ul>
      </div>
    </div>
  );
}

/** The label with its matched characters in `<mark>`, run by run. */
function highlighted(label: string, highlights: readonly number[] | undefined): JSX.Element {
  if (!highlights || highlights.length === 0) return label;
  const marked = new Set(highlights);
  const parts: JSX.Element[] = [];
  let start = 0;
  while (start < label.length) {
    const on = marked.has(start);
    let end = start + 1;
    while (end < label.length && marked.has(end) === on) end++;
    const text = label.slice(start, end);
    parts.push(on ? <mark>{text}</mark> : text);
    start = end;
  }
  return parts;
}
