/** A filterable list overlay: the command palette and quick open are both one of these. */
import { createMemo, createSignal, For, onMount, type JSX } from 'solid-js';

export interface QuickPickItem {
  readonly id: string;
  readonly label: string;
  readonly detail?: string;
  readonly keybinding?: string;
}

export interface QuickPickProps {
  readonly testId: string;
  readonly placeholder: string;
  readonly items: (query: string) => readonly QuickPickItem[];
  readonly onPick: (item: QuickPickItem) => void;
  readonly onClose: () => void;
}

export function QuickPick(props: QuickPickProps): JSX.Element {
  const [query, setQuery] = createSignal('');
  const [selected, setSelected] = createSignal(0);
  const items = createMemo(() => props.items(query()).slice(0, 200));
  let input!: HTMLInputElement;
  onMount(() => input.focus());
  const pick = (item: QuickPickItem | undefined) => {
    if (!item) return;
    props.onClose();
    props.onPick(item);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setSelected((i) => Math.min(items().length - 1, i + 1));
    else if (e.key === 'ArrowUp') setSelected((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') pick(items()[selected()]);
    else if (e.key === 'Escape') props.onClose();
    else return;
    e.preventDefault();
  };
  return (
    <div class="quickpick-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
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
          onBlur={() => setTimeout(() => props.onClose(), 150)}
        />
        <ul role="listbox" id={`${props.testId}-list`}>
          <For each={items()} fallback={<li class="quickpick-empty">No matching results</li>}>
            {(item, index) => (
              <li
                role="option"
                id={`${props.testId}-item-${index()}`}
                aria-selected={index() === selected()}
                classList={{ selected: index() === selected() }}
                onMouseDown={(e) => (e.preventDefault(), pick(item))}
                onMouseMove={() => setSelected(index())}
              >
                <span class="qp-label">{item.label}</span>
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
