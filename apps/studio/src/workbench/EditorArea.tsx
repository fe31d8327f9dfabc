/** The editor area: the file tabs and the editor, and the flow graph group beside them. */
import { createMemo, For, lazy, Show, Suspense, type JSX } from 'solid-js';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { useStore } from '../state/useStore.ts';
import { baseName, isFlowPath } from '../state/kinds.ts';
import { EditorView } from '../editor/EditorView.tsx';
import type { CommandRegistry } from './commands.ts';
import type { LiveSymbolIndex } from '../language/index.ts';

const GraphPane = lazy(() => import('./GraphPane.tsx'));

export function EditorArea(props: { store: WorkbenchStore; commands: CommandRegistry; dark: boolean; symbols?: LiveSymbolIndex }): JSX.Element {
  const state = useStore(props.store);
  const tabs = createMemo(() => state().tabs);
  const isDirty = (path: string) => state().files.get(path)?.dirty ?? false;
  const onTabKey = (e: KeyboardEvent, path: string) => {
    if (e.key === 'Enter' || e.key === ' ') (props.store.activateTab(path), e.preventDefault());
  };
  return (
    <div class="editor-area">
      <div class="editor-group main-group">
        <div class="tabs-row">
          <div class="tabs" role="tablist" aria-label="Open files">
            <For each={tabs().tabs}>
              {(tab) => (
                <div
                  role="tab"
                  tabindex="0"
                  aria-selected={tab.path === tabs().active}
                  class="tab"
                  classList={{ active: tab.path === tabs().active, preview: tab.preview, dirty: isDirty(tab.path) }}
                  data-testid={`tab-${tab.path}`}
                  title={tab.path}
                  onClick={() => props.store.activateTab(tab.path)}
                  onDblClick={() => props.store.pinTab(tab.path)}
                  onAuxClick={(e) => e.button === 1 && props.store.closeTab(tab.path)}
                  onKeyDown={(e) => onTabKey(e, tab.path)}
                  onContextMenu={(e) => (e.preventDefault(), props.store.closeOtherTabs(tab.path))}
                >
                  <span class="tab-label">{baseName(tab.path)}</span>
                  <span class="dirty-dot" aria-label={isDirty(tab.path) ? 'unsaved' : undefined}>{isDirty(tab.path) ? '●' : ''}</span>
                  <button class="tab-close" aria-label={`Close ${baseName(tab.path)}`} title="Close" onClick={(e) => (e.stopPropagation(), props.store.closeTab(tab.path))}>
                    ×
                  </button>
                </div>
              )}
            </For>
          </div>
          <div class="editor-actions">
            <Show when={tabs().active && isFlowPath(tabs().active!)}>
              <button class="icon-button" data-testid="open-graph" title="Open flow graph to the side" onClick={() => props.commands.run('flow.graph.openToSide')}>
                ◫ Graph
              </button>
            </Show>
            <Show when={tabs().tabs.length > 1}>
              <button class="icon-button" title="Close other tabs" onClick={() => props.commands.run('workbench.tabs.closeOthers')}>
                Close others
              </button>
            </Show>
          </div>
        </div>
        <Show when={tabs().active} fallback={<Welcome />}>
          <div class="breadcrumbs">{tabs().active}</div>
        </Show>
        <div class="editor-slot" classList={{ hidden: !tabs().active }}>
          <EditorView store={props.store} dark={props.dark} commands={props.commands} symbols={props.symbols} />
        </div>
      </div>
      <Show when={tabs().side.length > 0}>
        <div class="editor-group side-group">
          <div class="tabs-row">
            <div class="tabs" role="tablist" aria-label="Flow graphs">
              <For each={tabs().side}>
                {(path) => (
                  <div role="tab" tabindex="0" aria-selected={path === tabs().sideActive} class="tab" classList={{ active: path === tabs().sideActive }} data-testid="graph-tab" data-path={path} onClick={() => props.store.activateGraph(path)}>
                    <span class="tab-label">Graph: {baseName(path)}</span>
                    <button class="tab-close" aria-label={`Close graph of ${baseName(path)}`} onClick={(e) => (e.stopPropagation(), props.store.closeGraph(path))}>
                      ×
                    </button>
                  </div>
                )}
              </For>
            </div>
          </div>
          <div class="graph-slot">
            <Suspense fallback={<div class="empty">Loading the graph…</div>}>
              <Show when={tabs().sideActive} keyed>
                {(path) => <GraphPane store={props.store} path={path} />}
              </Show>
            </Suspense>
          </div>
        </div>
      </Show>
    </div>
  );
}

function Welcome(): JSX.Element {
  return (
    <div class="welcome">
      <h1>Colloquy Studio</h1>
      <p>Open a file from the Explorer, or press <kbd>Ctrl+P</kbd> to find one.</p>
      <p>
        <kbd>Ctrl+Shift+P</kbd> shows every command.
      </p>
    </div>
  );
}
