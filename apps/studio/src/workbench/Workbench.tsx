/**
 * The workbench shell, laid out like VS Code: activity bar, resizable side
 * bar (Explorer, Search, Test & Simulate), editor area, bottom panel, status
 * bar, under a title bar saying what the page edits (TitleBar.tsx); plus the
 * command palette, quick open, the change request pickers and notices. It
 * registers the built-in commands and the global shortcuts, and removes them
 * with itself.
 */
import { createEffect, createMemo, createSignal, getOwner, lazy, Match, on, onCleanup, onMount, runWithOwner, Show, Suspense, Switch, type JSX } from 'solid-js';
import type { TryItTurn } from '../features/simulate/headless.ts';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import type { SimulationsApi } from '../api/SimulationsApi.ts';
import type { Fetch } from '../api/SessionClient.ts';
import type { ServerRecognizer } from '../api/ServerRecognizer.ts';
import type { TryItRecognizer } from '../worker/TryItRecognizer.ts';
import { useStore } from '../state/useStore.ts';
import { fuzzyFilter } from '../state/fuzzy.ts';
import { isFlowPath } from '../state/kinds.ts';
import { CommandRegistry, formatKeybinding, label, matchesKeybinding } from './commands.ts';
import { ExplorerView } from '../features/explorer/index.ts';
import { SearchView } from '../features/search/index.ts';
import { EditorArea } from './EditorArea.tsx';
import { BottomPanel, type PanelTab } from './BottomPanel.tsx';
import { StatusBar } from './StatusBar.tsx';
import { Sash } from './Sash.tsx';
import { Notices } from './Notices.tsx';
import { QuickPick, type QuickPickItem } from './QuickPick.tsx';
import { registerBuiltinCommands, type WorkbenchControls } from './builtinCommands.ts';
import type { LiveSymbolIndex } from '../features/language/index.ts';
import type { ServerEventSource } from '../features/reviews/headless.ts';
import { OutlineView } from '../features/language/OutlineView.tsx';
import { QUICK_OPEN_PLACEHOLDER, quickOpenItems, type QuickOpenListItem } from './quickOpenItems.ts';
import { TitleBar } from './TitleBar.tsx';
import { openChangeItems, startChangeItems } from './changeRequestItems.ts';
import { registerChangeRequestCommands } from './changeRequestCommands.ts';
import type { ChangeRequestApi } from '../api/ChangeRequestApi.ts';
import type { ChangeInfo } from '../state/editAccess.ts';
import type { EditorModelsOptions } from '../editor/EditorModels.ts';
import type { FileOperations } from './FileOperations.ts';
import { registerFileCommands, type FilePrompt } from './fileCommands.ts';

/** `reviews` has no side bar: the Reviews view fills the editor area while shown. */
export type SideView = 'explorer' | 'search' | 'outline' | 'simulate' | 'audit' | 'reviews';

const SIDEBAR_MIN = 160;
const SIDEBAR_MAX = 640;
/** Try it shows a conversation and its trace: the side bar opens at least this wide for it. */
const SIMULATE_WIDTH = 420;
/** The audit timeline shows hashes and a filter form: as wide as Try it. */
const AUDIT_WIDTH = 420;

const SimulateView = lazy(() => import('../features/simulate/SimulateView.tsx'));
const ReviewsView = lazy(() => import('../features/reviews/ReviewsView.tsx'));
const AuditView = lazy(() => import('../features/audit/AuditView.tsx'));

export function Workbench(props: {
  store: WorkbenchStore;
  commands: CommandRegistry;
  isMac: boolean;
  symbols: LiveSymbolIndex;
  simulations: SimulationsApi;
  /** The model recognizer Try it uses when agent.yaml names `use`; its state is in the status bar. */
  tryItRecognizer: TryItRecognizer;
  /** The recognizer and model the server's simulations run; named in the status bar. */
  serverRecognizer: ServerRecognizer;
  /** Signs the account out (the status bar's button). */
  onSignOut?: () => void;
  /** The session's fetch, for views that call the server themselves (Audit, Reviews). */
  fetch: Fetch;
  /** Change requests: start one, list the open ones. */
  changes: ChangeRequestApi;
  /** Shows change request `id` (undefined: the published workspace), e.g. by loading its page. */
  navigate: (change: string | undefined) => void;
  /** The change request's live session, when the page edits one. */
  live?: EditorModelsOptions['live'];
  /** The events socket's messages, for views that follow them (Reviews refreshes on `change` events). */
  serverEvents?: ServerEventSource;
  /** New File, Rename, Delete in a change request (the Explorer's actions and the File commands). */
  fileOperations?: FileOperations;
}): JSX.Element {
  const state = useStore(props.store);
  const [view, setView] = createSignal<SideView | undefined>('explorer');
  const [sidebarWidth, setSidebarWidth] = createSignal(260);
  const [panelTab, setPanelTab] = createSignal<PanelTab>('problems');
  const [panelOpen, setPanelOpen] = createSignal(true);
  const [picker, setPicker] = createSignal<'commands' | 'files' | 'changes' | 'startChange' | undefined>();
  /** New File…, Rename… or Delete's picker (fileCommands.ts). */
  const [filePrompt, setFilePrompt] = createSignal<FilePrompt | undefined>();
  /** The change requests the "Open a Change Request" picker lists (fetched as it opens). */
  const [openChanges, setOpenChanges] = createSignal<readonly ChangeInfo[]>([]);
  /** What the picker's input starts with (`@`, `#` for symbols). */
  const [pickerQuery, setPickerQuery] = createSignal('');
  const [searchFocus, setSearchFocus] = createSignal(0);
  const [dark, setDark] = createSignal(false);
  const [traceTurn, setTraceTurn] = createSignal<TryItTurn>();
  /** How many times "Run All Tests" was asked for; Test & Simulate runs on each new value. */
  const [testRunRequests, setTestRunRequests] = createSignal(0);
  const [tryItModel, setTryItModel] = createSignal(props.tryItRecognizer.state);
  onCleanup(props.tryItRecognizer.subscribe(setTryItModel));
  const [serverModel, setServerModel] = createSignal(props.serverRecognizer.description);
  onCleanup(props.serverRecognizer.subscribe(setServerModel));

  // Test & Simulate is made the first time it is shown and kept (owned by the workbench, not by
  // the side bar), so a conversation or a test run survives switching views.
  const owner = getOwner();
  let simulateView: JSX.Element | undefined;
  const simulate = () =>
    (simulateView ??= runWithOwner(owner, () => (
      <div class="simulate-host">
        <Suspense fallback={<div class="empty">Loading Test &amp; Simulate…</div>}>
          <SimulateView store={props.store} simulations={props.simulations} model={props.tryItRecognizer} onShownTurn={setTraceTurn} runTestsRequest={testRunRequests} />
        </Suspense>
      </div>
    )));
  createEffect(on(view, (v) => v === 'simulate' && setSidebarWidth((w) => Math.max(w, SIMULATE_WIDTH)), { defer: true }));

  // Reviews, likewise made when first shown and kept; it fills the editor area (the editor stays underneath).
  const [reviewsShown, setReviewsShown] = createSignal(0);
  createEffect(on(view, (v) => v === 'reviews' && setReviewsShown((n) => n + 1), { defer: true }));
  let reviewsView: JSX.Element | undefined;
  const reviews = () =>
    (reviewsView ??= runWithOwner(owner, () => (
      <Suspense fallback={<div class="empty">Loading Reviews…</div>}>
        <ReviewsView store={props.store} simulations={props.simulations} fetcher={props.fetch} shown={reviewsShown} dark={dark()} {...(props.serverEvents ? { events: props.serverEvents } : {})} />
      </Suspense>
    )));
  createEffect(on(view, (v) => v === 'audit' && setSidebarWidth((w) => Math.max(w, AUDIT_WIDTH)), { defer: true }));

  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const onScheme = () => setDark(media.matches);
  onScheme();
  media.addEventListener('change', onScheme);
  onCleanup(() => media.removeEventListener('change', onScheme));

  const controls: WorkbenchControls = {
    showView: (v) => setView(v),
    runTests: () => (setTestRunRequests((n) => n + 1), setView('simulate')),
    toggleSidebar: () => setView((v) => (v ? undefined : 'explorer')),
    focusSearch: () => (setView('search'), setSearchFocus((n) => n + 1)),
    showPanel: (tab) => (setPanelOpen(true), setPanelTab(tab)),
    togglePanel: () => setPanelOpen((o) => !o),
    openPicker: (kind, query = '') => {
      // Quick open reads the index as it is when it opens: bring it up to date with the last keystroke.
      if (kind === 'files') props.symbols.current();
      setPicker(undefined); // a picker already open starts again with `query`
      setFilePrompt(undefined);
      setPickerQuery(query);
      setPicker(kind);
    },
  };
  const disposeCommands = registerBuiltinCommands(props.commands, props.store, controls);
  onCleanup(disposeCommands);
  const changeControls = {
    startChange: () => setPicker('startChange'),
    openChange: async () => {
      const answer = await props.changes.list();
      if (!answer.ok) return void props.store.notify('error', `Could not list the change requests: ${answer.error}`);
      setOpenChanges(answer.changes);
      setPicker('changes');
    },
    showPublished: () => props.navigate(undefined),
  };
  onCleanup(registerChangeRequestCommands(props.commands, props.store, changeControls));
  // A file action's picker (a name, or a confirmation): one at a time, replacing any other picker.
  const fileCommands = props.fileOperations
    ? registerFileCommands(props.commands, props.store, props.fileOperations, (prompt) => (setPicker(undefined), setFilePrompt(prompt)))
    : undefined;
  if (fileCommands) onCleanup(() => fileCommands.dispose());
  const startChange = async (title: string) => {
    const answer = await props.changes.create(title);
    if (!answer.ok) return void props.store.notify('error', `Could not start a change request: ${answer.error}`);
    props.navigate(answer.change.id);
  };
  const currentChange = () => {
    const mode = state().mode;
    return mode.kind === 'change' ? mode.change.id : undefined;
  };

  // Global shortcuts, in the capture phase so they win over the editor's own.
  const onKeyDown = (event: KeyboardEvent) => {
    // A focused element that declares a key as its own (`aria-keyshortcuts`: the Explorer's F2 and
    // Delete on an entry) handles it; elsewhere F2 stays Rename Symbol.
    if (ownsKey(event, props.isMac)) return;
    const command = props.commands.forKey(event, props.isMac);
    if (!command) return;
    event.preventDefault();
    event.stopPropagation();
    command.run();
  };
  onMount(() => window.addEventListener('keydown', onKeyDown, true));
  onCleanup(() => window.removeEventListener('keydown', onKeyDown, true));

  const commandItems = (query: string): QuickPickItem[] =>
    fuzzyFilter(query, props.commands.list(), label).map((c) => ({
      id: c.id,
      label: label(c),
      ...(c.keybinding ? { keybinding: formatKeybinding(c.keybinding, props.isMac) } : {}),
    }));
  // Files, `@` symbols of the active file, `#` symbols of the workspace (quickOpenItems.ts).
  const quickOpenList = (query: string): QuickOpenListItem[] => quickOpenItems(props.symbols.index, query, props.store.state.tabs.active);
  const onQuickOpen = (item: QuickOpenListItem) =>
    item.target.type === 'file' ? props.store.openFile(item.target.path) : props.store.reveal(item.target.path, item.target.range);

  const activityButton = (id: SideView, title: string, icon: string) => (
    <button
      class="activity"
      classList={{ active: view() === id }}
      aria-pressed={view() === id}
      title={title}
      aria-label={title}
      data-testid={`activity-${id}`}
      onClick={() => setView((v) => (v === id ? undefined : id))}
    >
      {icon}
    </button>
  );
  const activeIsFlow = createMemo(() => {
    const a = state().tabs.active;
    return a !== undefined && isFlowPath(a);
  });

  return (
    <div class="workbench" data-theme={dark() ? 'dark' : 'light'} classList={{ 'flow-active': activeIsFlow() }}>
      <TitleBar store={props.store} onStart={changeControls.startChange} onOpen={() => void changeControls.openChange()} onPublished={changeControls.showPublished} />
      <nav class="activitybar" aria-label="Views">
        {activityButton('explorer', 'Explorer', '☰')}
        {activityButton('search', 'Search', '⌕')}
        {activityButton('outline', 'Outline', '≣')}
        {activityButton('simulate', 'Test & Simulate', '▷')}
        {activityButton('reviews', 'Reviews', '✓')}
        {activityButton('audit', 'Audit log', '⚙')}
      </nav>
      <Show when={view() && view() !== 'reviews'}>
        <aside class="sidebar" style={{ width: `${sidebarWidth()}px` }}>
          <Switch>
            <Match when={view() === 'explorer'}>
              <ExplorerView store={props.store} actions={fileCommands?.actions} />
            </Match>
            <Match when={view() === 'search'}>
              <SearchView store={props.store} focusSignal={searchFocus} />
            </Match>
            <Match when={view() === 'outline'}>
              <OutlineView store={props.store} symbols={props.symbols} />
            </Match>
            <Match when={view() === 'simulate'}>{simulate()}</Match>
            <Match when={view() === 'audit'}>
              <Suspense fallback={<div class="empty">Loading the audit log…</div>}>
                <AuditView store={props.store} fetch={props.fetch} />
              </Suspense>
            </Match>
          </Switch>
        </aside>
        <Sash label="Resize side bar" width={sidebarWidth()} min={SIDEBAR_MIN} max={SIDEBAR_MAX} onWidth={setSidebarWidth} class="sidebar-sash" testId="sidebar-sash" />
      </Show>
      <main class="main">
        <Show when={view() === 'reviews'}>
          <div class="reviews-host">{reviews()}</div>
        </Show>
        <div class="main-editors" hidden={view() === 'reviews'}>
          <EditorArea store={props.store} commands={props.commands} dark={dark()} symbols={props.symbols} live={props.live} />
        </div>
        <Show when={panelOpen()}>
          <BottomPanel store={props.store} tab={panelTab()} onTab={setPanelTab} trace={traceTurn()} />
        </Show>
      </main>
      <StatusBar store={props.store} onProblems={() => controls.showPanel('problems')} tryItModel={tryItModel} serverModel={serverModel} {...(props.onSignOut ? { onSignOut: props.onSignOut } : {})} />
      <Notices store={props.store} />
      <Show when={picker() === 'commands'}>
        <QuickPick testId="command-palette" placeholder="Type the name of a command" items={commandItems} onPick={(item) => props.commands.run(item.id)} onClose={() => setPicker(undefined)} />
      </Show>
      <Show when={picker() === 'changes'}>
        <QuickPick
          testId="change-picker"
          placeholder="Open a change request (drafts and those sent back for changes)"
          items={(query) => openChangeItems(openChanges(), query, currentChange())}
          onPick={(item) => item.id !== currentChange() && props.navigate(item.id)}
          onClose={() => setPicker(undefined)}
        />
      </Show>
      <Show when={picker() === 'startChange'}>
        <QuickPick testId="start-change-picker" placeholder="Title of the new change request, then Enter" items={startChangeItems} onPick={(item) => item.id !== '' && void startChange(item.id)} onClose={() => setPicker(undefined)} />
      </Show>
      <Show when={filePrompt()} keyed>
        {(prompt) => (
          <QuickPick
            testId={prompt.testId}
            placeholder={prompt.placeholder}
            {...(prompt.initialQuery !== undefined ? { initialQuery: prompt.initialQuery } : {})}
            {...(prompt.initialSelection ? { initialSelection: prompt.initialSelection } : {})}
            items={prompt.items}
            onPick={prompt.onPick}
            onClose={() => setFilePrompt((p) => (p === prompt ? undefined : p))}
          />
        )}
      </Show>
      <Show when={picker() === 'files'}>
        <QuickPick testId="quick-open" placeholder={QUICK_OPEN_PLACEHOLDER} initialQuery={pickerQuery()} items={quickOpenList} onPick={onQuickOpen} onClose={() => setPicker(undefined)} />
      </Show>
    </div>
  );
}

/** True when the focused element lists this key press in its `aria-keyshortcuts` (written as our keybindings are). */
function ownsKey(event: KeyboardEvent, isMac: boolean): boolean {
  const shortcuts = (event.target as Element | null)?.getAttribute?.('aria-keyshortcuts');
  return shortcuts ? shortcuts.split(' ').some((shortcut) => shortcut !== '' && matchesKeybinding(shortcut, event, isMac)) : false;
}
