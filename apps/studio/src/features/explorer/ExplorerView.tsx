/**
 * The Explorer: the workspace's files as an ARIA tree (arrow keys, Home/End, Enter); in a change
 * request, the avatars of the people who have a file open beside it, and the file actions: New
 * File… (the title's button, a folder's or the tree's context menu), Rename… (F2), Delete (the
 * Delete key), each also in an entry's context menu (right click, Shift+F10 or the menu key).
 * Where this person may not change files the actions stay visible but disabled, saying why.
 */
import { createMemo, createSignal, For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import type { WorkbenchStore } from '../../state/WorkbenchStore.ts';
import { useStore } from '../../state/useStore.ts';
import { buildTree, parentPath, visibleRows, type TreeRow } from './explorerTree.ts';
import type { ExplorerFileActions } from './fileActions.ts';
import { toggleCollapsed, treeKeyAction } from '../../workbench/treeKeys.ts';
import { Avatars } from '../../workbench/Avatars.tsx';
import { peopleByFile } from '../../collab/presence.ts';

/** A context menu open on an entry (`path`, a file or a folder) or on the tree's empty space (no path). */
interface MenuAt {
  readonly path: string | undefined;
  readonly kind: 'file' | 'folder' | 'root';
  readonly x: number;
  readonly y: number;
}

export function ExplorerView(props: { store: WorkbenchStore; actions?: ExplorerFileActions | undefined }): JSX.Element {
  const state = useStore(props.store);
  const [collapsed, setCollapsed] = createSignal<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = createSignal<string | undefined>();
  const [menu, setMenu] = createSignal<MenuAt | undefined>();
  const paths = createMemo(() => [...state().files.keys()].join('\n'));
  const tree = createMemo(() => buildTree(paths() ? paths().split('\n') : []));
  const rows = createMemo(() => visibleRows(tree(), collapsed()));
  const dirty = (path: string) => state().files.get(path)?.dirty ?? false;
  const active = () => state().tabs.active;
  const people = createMemo(() => peopleByFile(state().live?.people ?? []));
  // Read through the store so they follow the mode, the account and the change's state.
  const actionsShown = createMemo(() => (state(), props.actions?.shown() ?? false));
  const refusal = createMemo(() => (state(), props.actions?.refusal()));
  let list!: HTMLUListElement;

  const toggle = (path: string, open?: boolean) => setCollapsed(toggleCollapsed(collapsed(), path, open));
  const focusRow = (path: string) => {
    setFocused(path);
    list.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus();
  };
  const activate = (row: TreeRow, pinned: boolean) => {
    if (row.node.type === 'folder') toggle(row.node.path);
    else props.store.openFile(row.node.path, { preview: !pinned });
  };
  const openMenu = (at: MenuAt) => actionsShown() && setMenu(at);
  const menuForRow = (row: TreeRow, element: HTMLElement, event?: MouseEvent) => {
    const box = element.getBoundingClientRect();
    openMenu({ path: row.node.path, kind: row.node.type, x: event?.clientX ?? box.left + 16, y: event?.clientY ?? box.bottom });
  };
  const onKeyDown = (event: KeyboardEvent, row: TreeRow, index: number) => {
    // The file actions' keys, as in VS Code's explorer.
    if (actionsShown() && row.node.type === 'file' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (event.key === 'F2' || event.key === 'Delete') {
        event.preventDefault();
        if (refusal() === undefined) event.key === 'F2' ? props.actions!.rename(row.node.path) : props.actions!.delete(row.node.path);
        else menuForRow(row, event.currentTarget as HTMLElement); // shows why not
        return;
      }
    }
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      if (!actionsShown()) return;
      event.preventDefault();
      menuForRow(row, event.currentTarget as HTMLElement);
      return;
    }
    const keyRows = rows().map((r) => ({ key: r.node.path, expandable: r.node.type === 'folder', expanded: r.expanded, parentKey: parentPath(r.node.path) }));
    const action = treeKeyAction(event.key, keyRows, index);
    if (!action) return;
    event.preventDefault();
    if (action.type === 'focus') focusRow(action.key);
    else if (action.type === 'activate') activate(row, action.viaEnter);
    else {
      toggle(action.key, action.type === 'expand');
      focusRow(action.key); // the rows were drawn again: keep the focus on this one
    }
  };
  const tabStop = () => focused() ?? active() ?? rows()[0]?.node.path;
  const closeMenu = (refocus: boolean) => {
    const at = menu();
    setMenu(undefined);
    if (refocus && at?.path !== undefined) focusRow(at.path);
  };

  return (
    <div class="view explorer">
      <div class="view-title-row">
        <div class="view-title">Explorer{state().workspaceName ? ` — ${state().workspaceName}` : ''}</div>
        <Show when={actionsShown()}>
          <button
            class="view-action"
            data-testid="explorer-new-file"
            aria-label="New File…"
            aria-disabled={refusal() !== undefined ? 'true' : undefined}
            title={refusal() ?? 'New File… in the change request'}
            onClick={() => (refusal() === undefined ? props.actions!.newFile(folderOfRow(rows().find((r) => r.node.path === focused()))) : props.store.notify('warning', `Could not create a file: ${refusal()}`))}
          >
            +
          </button>
        </Show>
      </div>
      <ul
        class="tree"
        role="tree"
        aria-label="Workspace files"
        ref={list}
        onContextMenu={(e) => {
          if (e.target !== e.currentTarget || !actionsShown()) return;
          e.preventDefault();
          openMenu({ path: undefined, kind: 'root', x: e.clientX, y: e.clientY });
        }}
      >
        <For each={rows()}>
          {(row, index) => (
            <li
              role="treeitem"
              aria-level={row.depth + 1}
              aria-expanded={row.node.type === 'folder' ? row.expanded : undefined}
              aria-selected={row.node.path === active()}
              aria-keyshortcuts={row.node.type === 'file' && actionsShown() ? 'F2 Delete Shift+F10' : undefined}
              tabindex={row.node.path === tabStop() ? 0 : -1}
              data-path={row.node.path}
              data-testid={`explorer-item-${row.node.path}`}
              class="tree-row"
              classList={{ active: row.node.path === active(), folder: row.node.type === 'folder' }}
              style={{ 'padding-left': `${8 + row.depth * 12}px` }}
              onClick={() => (setFocused(row.node.path), activate(row, false))}
              onDblClick={() => row.node.type === 'file' && props.store.openFile(row.node.path, { preview: false })}
              onKeyDown={(e) => onKeyDown(e, row, index())}
              onFocus={() => setFocused(row.node.path)}
              onContextMenu={(e) => {
                if (!actionsShown()) return;
                e.preventDefault();
                setFocused(row.node.path);
                menuForRow(row, e.currentTarget, e);
              }}
            >
              <span class="twisty" aria-hidden="true">{row.node.type === 'folder' ? (row.expanded ? '▾' : '▸') : ''}</span>
              <span class="tree-label">{row.node.name}</span>
              {row.node.type === 'file' && dirty(row.node.path) ? <span class="dirty-dot" aria-label="unsaved">●</span> : null}
              {row.node.type === 'file' && people().has(row.node.path) ? <Avatars people={people().get(row.node.path)!} size="small" where={row.node.path} /> : null}
            </li>
          )}
        </For>
      </ul>
      <Show when={menu()} keyed>
        {(at) => <EntryMenu at={at} refusal={refusal()} actions={props.actions!} onClose={closeMenu} />}
      </Show>
    </div>
  );
}

/** The folder a new file goes in when made from the title's button: the focused entry's (the root without one). */
function folderOfRow(row: TreeRow | undefined): string | undefined {
  if (!row) return undefined;
  return row.node.type === 'folder' ? row.node.path : parentPath(row.node.path);
}

/**
 * An entry's context menu (the ARIA menu pattern): the first action focused, arrows move, Enter
 * or Space runs one, Escape or a click elsewhere closes it (the focus goes back to the entry).
 */
function EntryMenu(props: { at: MenuAt; refusal: string | undefined; actions: ExplorerFileActions; onClose: (refocus: boolean) => void }): JSX.Element {
  const { at } = props;
  const folder = at.kind === 'folder' ? at.path : at.kind === 'file' && at.path !== undefined ? parentPath(at.path) : undefined;
  const items: { id: string; label: string; keys?: string; run: () => void }[] = [{ id: 'new-file', label: 'New File…', run: () => props.actions.newFile(folder) }];
  if (at.kind === 'file' && at.path !== undefined) {
    const path = at.path;
    items.push({ id: 'rename', label: 'Rename…', keys: 'F2', run: () => props.actions.rename(path) });
    items.push({ id: 'delete', label: 'Delete', keys: 'Delete', run: () => props.actions.delete(path) });
  }
  let element!: HTMLDivElement;
  const buttons = () => [...element.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  const onDocumentDown = (event: MouseEvent) => !element.contains(event.target as Node) && props.onClose(false);
  onMount(() => {
    buttons()[0]?.focus();
    document.addEventListener('mousedown', onDocumentDown, true);
  });
  onCleanup(() => document.removeEventListener('mousedown', onDocumentDown, true));
  const onKeyDown = (event: KeyboardEvent) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') all[(at + (event.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
    else if (event.key === 'Home') all[0]?.focus();
    else if (event.key === 'End') all[all.length - 1]?.focus();
    else if (event.key === 'Escape' || event.key === 'Tab') props.onClose(true);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  const run = (item: (typeof items)[number]) => {
    if (props.refusal !== undefined) return;
    props.onClose(false);
    item.run();
  };
  return (
    <div
      class="context-menu"
      role="menu"
      aria-label={at.path === undefined ? 'Workspace actions' : `Actions on ${at.path}`}
      data-testid="explorer-menu"
      ref={element}
      style={{ left: `${at.x}px`, top: `${at.y}px` }}
      onKeyDown={onKeyDown}
    >
      <Show when={props.refusal}>{(reason) => <div class="context-menu-note" data-testid="explorer-menu-refusal">{reason()}</div>}</Show>
      <For each={items}>
        {(item) => (
          <button
            role="menuitem"
            class="context-menu-item"
            data-testid={`explorer-menu-${item.id}`}
            aria-disabled={props.refusal !== undefined ? 'true' : undefined}
            aria-keyshortcuts={item.keys}
            title={props.refusal}
            onClick={() => run(item)}
          >
            <span>{item.label}</span>
            {item.keys ? <kbd>{item.keys}</kbd> : null}
          </button>
        )}
      </For>
    </div>
  );
}
