/**
 * The Explorer: the workspace's files as an ARIA tree (arrow keys, Home/End, Enter); in a change
 * request, the avatars of the people who have a file open beside it.
 */
import { createMemo, createSignal, For, type JSX } from 'solid-js';
import type { WorkbenchStore } from '../../state/WorkbenchStore.ts';
import { useStore } from '../../state/useStore.ts';
import { buildTree, parentPath, visibleRows, type TreeRow } from './explorerTree.ts';
import { toggleCollapsed, treeKeyAction } from '../../workbench/treeKeys.ts';
import { Avatars } from '../../workbench/Avatars.tsx';
import { peopleByFile } from '../../collab/presence.ts';

export function ExplorerView(props: { store: WorkbenchStore }): JSX.Element {
  const state = useStore(props.store);
  const [collapsed, setCollapsed] = createSignal<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = createSignal<string | undefined>();
  const paths = createMemo(() => [...state().files.keys()].join('\n'));
  const tree = createMemo(() => buildTree(paths() ? paths().split('\n') : []));
  const rows = createMemo(() => visibleRows(tree(), collapsed()));
  const dirty = (path: string) => state().files.get(path)?.dirty ?? false;
  const active = () => state().tabs.active;
  const people = createMemo(() => peopleByFile(state().live?.people ?? []));
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
  const onKeyDown = (event: KeyboardEvent, row: TreeRow, index: number) => {
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

  return (
    <div class="view explorer">
      <div class="view-title">Explorer{state().workspaceName ? ` — ${state().workspaceName}` : ''}</div>
      <ul class="tree" role="tree" aria-label="Workspace files" ref={list}>
        <For each={rows()}>
          {(row, index) => (
            <li
              role="treeitem"
              aria-level={row.depth + 1}
              aria-expanded={row.node.type === 'folder' ? row.expanded : undefined}
              aria-selected={row.node.path === active()}
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
            >
              <span class="twisty" aria-hidden="true">{row.node.type === 'folder' ? (row.expanded ? '▾' : '▸') : ''}</span>
              <span class="tree-label">{row.node.name}</span>
              {row.node.type === 'file' && dirty(row.node.path) ? <span class="dirty-dot" aria-label="unsaved">●</span> : null}
              {row.node.type === 'file' && people().has(row.node.path) ? <Avatars people={people().get(row.node.path)!} size="small" where={row.node.path} /> : null}
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
