/**
 * The Outline: the active file's flows, intents, slots, nodes, rules… as an
 * ARIA tree (arrow keys, Home/End, Enter or a click reveals the entry in the
 * editor, Space reveals it and keeps the focus here). It follows the active
 * tab and the live symbol index (unsaved text included), and marks the entry
 * the cursor is in.
 */
import { createEffect, createMemo, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { outlineOf, type LiveSymbolIndex } from './index.ts';
import type { WorkbenchStore } from '../../state/WorkbenchStore.ts';
import { baseName } from '../../state/kinds.ts';
import { useStore } from '../../state/useStore.ts';
import { entryAtCursor, outlineRows, type OutlineRow } from './outlineRows.ts';
import { toggleCollapsed, treeKeyAction } from '../../workbench/treeKeys.ts';
import './outline.css';

export function OutlineView(props: { store: WorkbenchStore; symbols: LiveSymbolIndex }): JSX.Element {
  const state = useStore(props.store);
  const active = createMemo(() => state().tabs.active);
  const cursor = createMemo(() => state().cursor, undefined, { equals: (a, b) => a.line === b.line && a.column === b.column });
  const [version, setVersion] = createSignal(0);
  onCleanup(props.symbols.onDidChange(setVersion));
  props.symbols.current();
  /** Collapsed entries, per file: `path` NUL `key`. */
  const [collapsed, setCollapsed] = createSignal<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = createSignal<string | undefined>();
  let list: HTMLUListElement | undefined;

  const outline = createMemo(() => {
    version();
    const path = active();
    return path === undefined ? [] : outlineOf(props.symbols.index, path);
  });
  const collapsedHere = createMemo(() => {
    const prefix = `${active() ?? ''}\u0000`;
    return new Set([...collapsed()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
  });
  const rows = createMemo(() => outlineRows(outline(), collapsedHere()));
  const current = createMemo(() => entryAtCursor(outline(), cursor(), collapsedHere()));
  const tabStop = () => {
    const keys = rows().map((r) => r.key);
    const f = focused();
    if (f !== undefined && keys.includes(f)) return f;
    const c = current();
    return c !== undefined && keys.includes(c) ? c : keys[0];
  };

  // Keep the entry the cursor is in visible.
  createEffect(() => {
    const key = current();
    if (key !== undefined) list?.querySelector(`[data-key="${CSS.escape(key)}"]`)?.scrollIntoView({ block: 'nearest' });
  });

  const toggle = (key: string, open?: boolean) => setCollapsed(toggleCollapsed(collapsed(), `${active() ?? ''}\u0000${key}`, open));
  const focusRow = (key: string) => {
    setFocused(key);
    list?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
  };
  const reveal = (row: OutlineRow, keepFocus: boolean) => {
    const path = active();
    if (path === undefined) return;
    setFocused(row.key);
    props.store.reveal(path, row.symbol.selectionRange);
    if (keepFocus) focusRow(row.key);
  };
  const onKeyDown = (event: KeyboardEvent, row: OutlineRow, index: number) => {
    const action = treeKeyAction(event.key, rows(), index);
    if (!action) return;
    event.preventDefault();
    if (action.type === 'focus') focusRow(action.key);
    else if (action.type === 'activate') reveal(row, !action.viaEnter);
    else {
      toggle(action.key, action.type === 'expand');
      focusRow(action.key); // the rows were drawn again: keep the focus on this one
    }
  };

  return (
    <div class="view outline">
      <div class="view-title">Outline{active() ? ` — ${baseName(active()!)}` : ''}</div>
      <Show when={active()} fallback={<p class="empty">Open a file to see its outline.</p>}>
        <Show when={rows().length > 0} fallback={<p class="empty" data-testid="outline-empty">Nothing to outline in this file yet.</p>}>
          <ul class="tree" role="tree" aria-label={`Outline of ${baseName(active() ?? '')}`} data-testid="outline" ref={list}>
            <For each={rows()}>
              {(row, index) => (
                <li
                  role="treeitem"
                  aria-level={row.depth + 1}
                  aria-expanded={row.expandable ? row.expanded : undefined}
                  aria-selected={row.key === current()}
                  aria-label={row.symbol.detail ? `${row.symbol.name}, ${row.symbol.detail}` : row.symbol.name}
                  tabindex={row.key === tabStop() ? 0 : -1}
                  data-key={row.key}
                  data-testid={`outline-item-${row.symbol.kind}-${row.symbol.name}`}
                  class="tree-row outline-row"
                  classList={{ active: row.key === current() }}
                  style={{ 'padding-left': `${8 + row.depth * 12}px` }}
                  onClick={() => reveal(row, false)}
                  onKeyDown={(e) => onKeyDown(e, row, index())}
                  onFocus={() => setFocused(row.key)}
                >
                  <span
                    class="twisty"
                    aria-hidden="true"
                    onClick={(e) => {
                      if (!row.expandable) return;
                      e.stopPropagation();
                      toggle(row.key);
                    }}
                  >
                    {row.expandable ? (row.expanded ? '▾' : '▸') : ''}
                  </span>
                  <span class={`outline-kind kind-${row.symbol.kind}`} aria-hidden="true">{KIND_ICONS[row.symbol.kind]}</span>
                  <span class="tree-label">{row.symbol.name}</span>
                  <Show when={row.symbol.detail}>
                    <span class="outline-detail">{row.symbol.detail}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </div>
  );
}

/** One glyph per kind, so the eye finds nodes among intents and slots. */
const KIND_ICONS: Readonly<Record<OutlineRow['symbol']['kind'], string>> = {
  flow: '◆',
  intent: '⚑',
  slot: '▭',
  node: '●',
  table: '▦',
  input: '→',
  output: '←',
  row: '≡',
  suite: '◆',
  testCase: '✓',
  agent: '◆',
  queue: '⇄',
  action: 'ƒ',
  context: '▭',
  topic: '#',
  policy: '§',
  section: '▤',
};
