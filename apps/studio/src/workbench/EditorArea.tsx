/**
 * The editor area: one or two editor groups side by side (the main group and,
 * after "Split Editor Right" or "Open flow graph to the side", the side group).
 * Each group has its tabs (files and flow graphs), its editor actions, and an
 * editor or a graph for its active tab. The groups' editors share the models
 * (`EditorModels`, made and disposed here), so a file open in both shows one
 * buffer. The rules of the tabs and groups are in `state/tabs.ts`.
 */
import { createMemo, createSignal, For, lazy, onCleanup, Show, Suspense, type JSX } from 'solid-js';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { useStore } from '../state/useStore.ts';
import { baseName, isFlowPath } from '../state/kinds.ts';
import { groupOf, sameTab, type GroupId, type Tab } from '../state/tabs.ts';
import { refusalFor } from '../state/permissions.ts';
import { EditorView } from '../editor/EditorView.tsx';
import { EditorModels, type EditorModelsOptions } from '../editor/EditorModels.ts';
import type { CommandRegistry } from './commands.ts';
import { Sash } from './Sash.tsx';

/** The narrowest an editor group gets when the sash between them is moved. */
const GROUP_MIN = 240;
import type { LiveSymbolIndex } from '../features/language/index.ts';

const GraphPane = lazy(() => import('../features/graph/GraphPane.tsx'));

interface AreaProps {
  readonly store: WorkbenchStore;
  readonly commands: CommandRegistry;
  readonly dark: boolean;
  readonly symbols?: LiveSymbolIndex;
  /** The change request's live session (EditorModels binds open files to it). */
  readonly live?: EditorModelsOptions['live'];
}

export function EditorArea(props: AreaProps): JSX.Element {
  const state = useStore(props.store);
  const models = new EditorModels(props.store, { symbols: props.symbols, commands: props.commands, live: props.live });
  onCleanup(() => models.dispose());
  const split = createMemo(() => state().tabs.side !== undefined);
  // The side group's width once the designer has moved the sash between the groups (half until then).
  const [sideWidth, setSideWidth] = createSignal<number>();
  let area!: HTMLDivElement;
  return (
    <div class="editor-area" classList={{ split: split() }} ref={area} style={sideWidth() === undefined ? {} : { '--side-group-width': `${sideWidth()}px` }}>
      <EditorGroupView {...props} models={models} group="main" />
      <Show when={split()}>
        <Sash
          label="Resize editor groups"
          pane="right"
          width={sideWidth() ?? Math.round((area?.clientWidth ?? 0) / 2)}
          min={GROUP_MIN}
          max={Math.max(GROUP_MIN, (area?.clientWidth ?? 0) - GROUP_MIN)}
          onWidth={setSideWidth}
          testId="group-sash"
        />
        <EditorGroupView {...props} models={models} group="side" />
      </Show>
    </div>
  );
}

function EditorGroupView(props: AreaProps & { readonly models: EditorModels; readonly group: GroupId }): JSX.Element {
  const state = useStore(props.store);
  const group = createMemo(() => groupOf(state().tabs, props.group));
  const tabs = createMemo(() => group()?.tabs ?? []);
  const activeTab = createMemo(() => group()?.active, undefined, { equals: (a, b) => a === b || sameTab(a, b) });
  const activeFile = createMemo(() => (activeTab()?.kind === 'file' ? activeTab()!.path : undefined));
  const activeGraph = createMemo(() => (activeTab()?.kind === 'graph' ? activeTab()!.path : undefined));
  const hasFiles = createMemo(() => tabs().some((t) => t.kind === 'file'));
  const isActiveGroup = createMemo(() => state().tabs.activeGroup === props.group);
  // Why this account may not save (its roles), shown on the disabled Save button; the server refuses it anyway.
  const saveRefusal = createMemo(() => (state().account ? refusalFor(state().account, 'change.edit') : undefined));
  const isDirty = (path: string) => state().files.get(path)?.dirty ?? false;
  // Save is offered only for a file that can hold unsaved edits: in a change request, and not live
  // (a live file is saved as it is typed; the published workspace is read-only).
  const offersSave = (path: string) => state().mode.kind === 'change' && !(state().live?.files.has(path) ?? false);
  const isActive = (tab: Tab) => sameTab(tab, activeTab());
  const activate = (tab: Tab) => props.store.activateTab(props.group, tab);
  const close = (tab: Tab) => props.store.closeTab(props.group, tab);
  const onTabKey = (e: KeyboardEvent, tab: Tab) => {
    if (e.key === 'Enter' || e.key === ' ') (activate(tab), e.preventDefault());
  };

  // The group the designer last clicked or typed in is the active group; in the capture
  // phase, so a click on a tab or an action button acts on this group.
  const focusThisGroup = () => props.store.focusGroup(props.group);
  const watchFocus = (el: HTMLElement) => {
    el.addEventListener('pointerdown', focusThisGroup, true);
    el.addEventListener('focusin', focusThisGroup);
    onCleanup(() => (el.removeEventListener('pointerdown', focusThisGroup, true), el.removeEventListener('focusin', focusThisGroup)));
  };

  return (
    <div
      ref={watchFocus}
      class="editor-group"
      classList={{ 'main-group': props.group === 'main', 'side-group': props.group === 'side', 'active-group': isActiveGroup() }}
      data-testid={`editor-group-${props.group}`}
    >
      <div class="tabs-row">
        <div class="tabs" role="tablist" aria-label={props.group === 'main' ? 'Open editors' : 'Open editors beside'}>
          <For each={tabs()}>
            {(tab) =>
              tab.kind === 'file' ? (
                <div
                  role="tab"
                  tabindex="0"
                  aria-selected={isActive(tab)}
                  class="tab"
                  classList={{ active: isActive(tab), preview: tab.preview, dirty: isDirty(tab.path) }}
                  data-testid={`tab-${tab.path}`}
                  title={tab.path}
                  onClick={() => activate(tab)}
                  onDblClick={() => props.store.pinTab(tab.path, props.group)}
                  onAuxClick={(e) => e.button === 1 && close(tab)}
                  onKeyDown={(e) => onTabKey(e, tab)}
                  onContextMenu={(e) => (e.preventDefault(), props.store.closeOtherTabs(props.group, tab))}
                >
                  <span class="tab-label">{baseName(tab.path)}</span>
                  <span class="dirty-dot" aria-label={isDirty(tab.path) ? 'unsaved' : undefined}>{isDirty(tab.path) ? '●' : ''}</span>
                  <button class="tab-close" aria-label={`Close ${baseName(tab.path)}`} title="Close" onClick={(e) => (e.stopPropagation(), close(tab))}>
                    ×
                  </button>
                </div>
              ) : (
                <div
                  role="tab"
                  tabindex="0"
                  aria-selected={isActive(tab)}
                  class="tab graph"
                  classList={{ active: isActive(tab) }}
                  data-testid="graph-tab"
                  data-path={tab.path}
                  title={`Flow graph of ${tab.path}`}
                  onClick={() => activate(tab)}
                  onAuxClick={(e) => e.button === 1 && close(tab)}
                  onKeyDown={(e) => onTabKey(e, tab)}
                  onContextMenu={(e) => (e.preventDefault(), props.store.closeOtherTabs(props.group, tab))}
                >
                  <span class="tab-label">Graph: {baseName(tab.path)}</span>
                  <button class="tab-close" aria-label={`Close graph of ${baseName(tab.path)}`} title="Close" onClick={(e) => (e.stopPropagation(), close(tab))}>
                    ×
                  </button>
                </div>
              )
            }
          </For>
        </div>
        <div class="editor-actions">
          <Show when={activeFile() && offersSave(activeFile()!)}>
            <button
              class="icon-button"
              data-testid="save-file"
              disabled={saveRefusal() !== undefined || !isDirty(activeFile()!)}
              title={saveRefusal() ?? (isDirty(activeFile()!) ? 'Save (Ctrl+S)' : 'No unsaved changes')}
              aria-label={saveRefusal() ? `Save: ${saveRefusal()}` : 'Save'}
              onClick={() => (props.store.focusGroup(props.group), props.commands.run('file.save'))}
            >
              Save
            </button>
          </Show>
          <Show when={props.group === 'main' && activeFile() && isFlowPath(activeFile()!)}>
            <button class="icon-button" data-testid="open-graph" title="Open flow graph to the side (Ctrl+K)" onClick={() => props.commands.run('flow.graph.openToSide')}>
              ◫ Graph
            </button>
          </Show>
          <Show when={activeFile()}>
            <button class="icon-button" data-testid="split-editor" title="Split Editor Right (Ctrl+\)" aria-label="Split Editor Right" onClick={() => props.commands.run('workbench.editor.splitRight')}>
              ◨ Split
            </button>
          </Show>
          <Show when={tabs().length > 1}>
            <button class="icon-button" title="Close other tabs" onClick={() => props.commands.run('workbench.tabs.closeOthers')}>
              Close others
            </button>
          </Show>
        </div>
      </div>
      <Show when={activeFile()}>
        <div class="breadcrumbs">{activeFile()}</div>
      </Show>
      <Show when={!activeTab()}>
        <Welcome />
      </Show>
      {/* The side group's editor is made when it first holds a file (a graph alone needs none). */}
      <Show when={props.group === 'main' || hasFiles()}>
        <div class="editor-slot" classList={{ hidden: !activeFile() }}>
          <EditorView store={props.store} models={props.models} group={props.group} dark={props.dark} testId={props.group === 'main' ? 'editor' : 'editor-side'} />
        </div>
      </Show>
      <Show when={activeGraph()} keyed>
        {(path) => (
          <div class="graph-slot">
            <Suspense fallback={<div class="empty">Loading the graph…</div>}>
              <GraphPane store={props.store} path={path} />
            </Suspense>
          </div>
        )}
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
