/**
 * The workbench's state: the workspace's files and their editor buffers, the
 * diagnostics, tabs, cursor, notices and connection. One store per page,
 * created in the composition root (`main.tsx`) and passed to the views.
 *
 * Lifecycle and rules:
 * - The state is an immutable snapshot (`store.state`); every change makes a
 *   new one and tells the subscribers. Views read it through `useStore` (a
 *   Solid signal); plain code and tests call `subscribe`.
 * - A buffer is `dirty` when its text differs from what was last read from or
 *   saved to disk. Edits are never dropped: a failed save keeps them and says
 *   why in a notice; a file changed on disk while dirty raises a notice instead
 *   of reloading.
 * - What is edited: the published workspace (read-only: `mode.kind === 'published'`)
 *   or a change request (`?change=CR-3`). In a change request, a file open in an
 *   editor is a live document (collab/, bound in editor/EditorModels.ts):
 *   its text comes from the shared document, it is saved as it is typed, so it is
 *   never dirty and never reloaded from the server; other files are reloaded when
 *   the change's index says their version changed (`applyIndex`).
 * - `reveal` does not touch the editor: it records a request (`revealRequest`,
 *   with a sequence number and the editor group) that that group's editor
 *   carries out. The tabs and editor groups follow the rules of `tabs.ts`.
 */
import type { Diagnostic, Range } from '@colloquy/core';
import type { ConnectionState } from '../api/EventsConnection.ts';
import type { ServerEvent, StudioApi } from '../api/StudioApi.ts';
import { refusalFor, type Account } from './permissions.ts';
import type { LiveAccess, WorkbenchMode } from './editAccess.ts';
import type { Person } from '../collab/presence.ts';
import type { LiveStatus } from '../collab/connection.ts';
import {
  EMPTY_TABS,
  activateTab,
  activeFileOf,
  activeTabOf,
  closeOtherTabs,
  closeTab,
  focusGroup,
  groupOf,
  openFileTab,
  openGraphTab,
  pinFileTab,
  removePath,
  renamePath as renameTabs,
  revealTarget,
  splitEditor,
  type GroupId,
  type TabRef,
  type TabsState,
} from './tabs.ts';

export interface FileBuffer {
  readonly path: string;
  /** The content on disk when last read or saved; undefined until loaded. */
  readonly savedContent: string | undefined;
  /** The server's version (SHA-256) of `savedContent`: the `baseVersion` of the next save. */
  readonly version: string;
  /** The editor's text (equals `savedContent` when not dirty). */
  readonly text: string;
  readonly dirty: boolean;
  readonly saving: boolean;
  /** A file made in the studio (e.g. a saved Try-it test) that is not on disk yet: always dirty; its first save creates it. */
  readonly isNew?: boolean;
}

/**
 * What the last test run reached in one flow file: node ids and edge ids, as the flow
 * graph's `coverage` prop takes them (apps/studio/src/features/graph/README.md, "Coverage").
 */
export interface FlowReach {
  readonly nodes: ReadonlySet<string>;
  readonly transitions: ReadonlySet<string>;
}

export interface NoticeAction {
  readonly label: string;
  readonly run: () => void;
}

export interface Notice {
  readonly id: number;
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly actions: readonly NoticeAction[];
  /** Notices about one file are replaced by the next notice about it. */
  readonly path?: string;
}

export interface Cursor {
  readonly line: number;
  readonly column: number;
}

export interface RevealRequest {
  readonly seq: number;
  readonly path: string;
  /** Where to put the cursor; undefined: only show the file and focus the editor. */
  readonly range: Range | undefined;
  /** The editor group whose editor carries it out. */
  readonly group: GroupId;
}

export interface WorkbenchState {
  readonly workspaceName: string;
  readonly files: ReadonlyMap<string, FileBuffer>;
  readonly diagnostics: readonly Diagnostic[];
  readonly tabs: TabsState;
  readonly cursor: Cursor;
  readonly revealRequest: RevealRequest | undefined;
  readonly notices: readonly Notice[];
  readonly connection: ConnectionState;
  readonly output: readonly string[];
  readonly loaded: boolean;
  /** Flow file path → what the last finished test run reached there; undefined before any run. */
  readonly coverage: ReadonlyMap<string, FlowReach> | undefined;
  /** Who is signed in (name and roles); undefined when nobody is. */
  readonly account: Account | undefined;
  /** The published workspace (read-only) or the change request being edited. */
  readonly mode: WorkbenchMode;
  /** The change request's live session; undefined outside one or before it starts. */
  readonly live: LiveState | undefined;
}

/** What the live session of a change request reports (collab/LiveChange.ts). */
export interface LiveState {
  readonly status: LiveStatus;
  /** The other people in the change request. */
  readonly people: readonly Person[];
  /** Files bound to their live document: `pending` until its first sync, then what the server said about access. */
  readonly files: ReadonlyMap<string, LiveAccess | 'pending'>;
}

export const INITIAL_STATE: WorkbenchState = {
  workspaceName: '',
  files: new Map(),
  diagnostics: [],
  tabs: EMPTY_TABS,
  cursor: { line: 1, column: 1 },
  revealRequest: undefined,
  notices: [],
  connection: 'connecting',
  output: [],
  loaded: false,
  coverage: undefined,
  account: undefined,
  mode: { kind: 'published' },
  live: undefined,
};

const MAX_OUTPUT_LINES = 500;
/** How long the answers of a whole-workspace read gather before they land in the store (`readAll`). */
const LANDING_MS = 50;

/** A file as read from disk. */
interface FileRead {
  readonly path: string;
  readonly content: string;
  readonly version: string;
}

export class WorkbenchStore {
  private current: WorkbenchState = INITIAL_STATE;
  private readonly listeners = new Set<(state: WorkbenchState) => void>();
  private noticeSeq = 0;
  private revealSeq = 0;
  /** How many times each path was forgotten: a read that started before it was deleted does not bring it back. */
  private readonly forgets = new Map<string, number>();

  constructor(
    private readonly api: StudioApi,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get state(): WorkbenchState {
    return this.current;
  }

  subscribe(listener: (state: WorkbenchState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<WorkbenchState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of [...this.listeners]) listener(this.current);
  }

  private setFile(path: string, update: (file: FileBuffer | undefined) => FileBuffer | undefined): void {
    const files = new Map(this.current.files);
    const next = update(files.get(path));
    if (next) files.set(path, next);
    else files.delete(path);
    this.set({ files });
  }

  file(path: string): FileBuffer | undefined {
    return this.current.files.get(path);
  }

  /** Every loaded buffer's current text, unsaved edits included: what the validator and search see. */
  buffers(): { path: string; text: string }[] {
    return [...this.current.files.values()].filter((f) => f.savedContent !== undefined).map((f) => ({ path: f.path, text: f.text }));
  }

  log(line: string): void {
    const stamp = this.clock().toISOString().slice(11, 19);
    this.set({ output: [...this.current.output, `[${stamp}] ${line}`].slice(-MAX_OUTPUT_LINES) });
  }

  // --- loading -------------------------------------------------------------

  /** Lists the workspace and reads every file (the validator needs them all). */
  async load(): Promise<void> {
    try {
      const [info, entries] = await Promise.all([this.api.workspace(), this.api.listFiles()]);
      this.set({ workspaceName: info.name });
      const known = new Set(entries.map((e) => e.path));
      for (const path of this.current.files.keys()) if (!known.has(path) && !this.file(path)?.dirty) this.forget(path);
      await this.readAll(entries.filter((e) => this.needsRead(e.path, e.version)).map((e) => e.path));
      this.set({ loaded: true });
      this.log(`Loaded ${entries.length} files of “${info.name}”.`);
    } catch (error) {
      this.notify('error', `Could not load the workspace: ${(error as Error).message}`);
      this.set({ loaded: true });
    }
  }

  /** Reads a file from disk unless the buffer is dirty, live or already at `version`. */
  private async refreshFile(path: string, version?: string): Promise<void> {
    if (this.needsRead(path, version)) await this.reload(path);
  }

  /** Whether the file on disk should replace the buffer: not when it is dirty (that is a conflict), live or already at `version`. */
  private needsRead(path: string, version?: string): boolean {
    if (this.isLive(path)) return false; // its live document is the truth, and already here
    const existing = this.file(path);
    if (existing?.dirty) {
      // Our own save in flight: its answer sets the version (a new file's `created` event can come first).
      if (existing.saving) return false;
      if (version !== undefined && version !== existing.version) this.changedWhileDirty(path);
      return false;
    }
    return !(existing && existing.savedContent !== undefined && version !== undefined && existing.version === version);
  }

  /** Replaces the buffer with the file on disk, dropping unsaved edits. */
  async reload(path: string): Promise<void> {
    const read = await this.read(path);
    if (read) this.land([read]);
  }

  /**
   * Reads many files at once (a whole workspace): their answers land together, one store update
   * per LANDING_MS at most instead of one per file. Every update re-runs every listener and
   * re-renders the workbench, which on a first visit competed with the editor's start for the
   * page's one thread (36 files: about 130 ms of it).
   */
  private async readAll(paths: readonly string[]): Promise<void> {
    let arrived: FileRead[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const landArrived = () => {
      clearTimeout(timer);
      timer = undefined;
      const batch = arrived;
      arrived = [];
      // A buffer typed into or gone live meanwhile keeps what it has (a read never overwrites an edit).
      this.land(batch.filter((read) => !this.file(read.path)?.dirty && !this.isLive(read.path)));
    };
    await Promise.all(
      paths.map(async (path) => {
        const read = await this.read(path);
        if (!read) return;
        arrived.push(read);
        timer ??= setTimeout(landArrived, LANDING_MS);
      }),
    );
    landArrived();
  }

  /** The file on disk, or undefined when it could not be read or was forgotten while it was. */
  private async read(path: string): Promise<FileRead | undefined> {
    const forgets = this.forgets.get(path) ?? 0;
    try {
      const { content, version } = await this.api.readFile(path);
      return (this.forgets.get(path) ?? 0) === forgets ? { path, content, version } : undefined;
    } catch (error) {
      // Gone from a change request's view (deleted by someone else meanwhile).
      if ((error as { status?: unknown }).status === 404 && this.current.mode.kind === 'change' && !this.file(path)?.dirty) this.forget(path);
      this.log(`Could not read ${path}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Files read from disk become their buffers' saved text, in one store update. */
  private land(reads: readonly FileRead[]): void {
    if (reads.length === 0) return;
    const files = new Map(this.current.files);
    for (const { path, content, version } of reads) files.set(path, { path, savedContent: content, version, text: content, dirty: false, saving: false });
    this.set({ files, ...this.withoutNoticesFor(reads.map((read) => read.path)) });
  }

  private forget(path: string): void {
    this.forgets.set(path, (this.forgets.get(path) ?? 0) + 1);
    this.setFile(path, () => undefined);
    this.setTabs(removePath(this.current.tabs, path));
  }

  // --- editing -------------------------------------------------------------

  updateText(path: string, text: string): void {
    const file = this.file(path);
    if (!file || file.text === text) return;
    // A live buffer is saved as it is typed: what it holds is what the change request holds.
    if (this.isLive(path)) this.setFile(path, (f) => f && { ...f, text, savedContent: text, dirty: false });
    else this.setFile(path, (f) => f && { ...f, text, dirty: f.isNew === true || text !== f.savedContent });
    this.setTabs(pinFileTab(this.current.tabs, path));
  }

  /**
   * A new file as an unsaved buffer (nothing is written until it is saved, which creates it).
   * False when `path` is already a file or buffer: use `updateText` for those.
   */
  createBuffer(path: string, text: string): boolean {
    if (this.current.files.has(path)) return false;
    this.setFile(path, () => ({ path, savedContent: '', version: '', text, dirty: true, saving: false, isNew: true }));
    this.log(`Created ${path} (unsaved).`);
    return true;
  }

  /** Replaces a buffer's text, or makes a new unsaved buffer for a path that is not a file yet. */
  writeBuffer(path: string, text: string): void {
    if (!this.createBuffer(path, text)) this.updateText(path, text);
  }

  async save(path: string, options: { overwrite?: boolean } = {}): Promise<boolean> {
    const file = this.file(path);
    if (!file || file.savedContent === undefined) return false;
    if (this.isLive(path)) {
      this.notify('info', `${path} is live in ${this.current.mode.kind === 'change' ? this.current.mode.change.id : 'the change request'}: edits are saved as you type, there is nothing to save.`, [], path);
      return true;
    }
    // Not sent when the server would refuse it anyway: say why instead (the server checks regardless).
    const refusal = refusalFor(this.current.account, 'change.edit');
    if (this.current.account && refusal) {
      this.notify('warning', `Could not save ${path}: ${refusal} Your edits are kept.`, [], path);
      return false;
    }
    const text = file.text;
    this.setFile(path, (f) => f && { ...f, saving: true });
    // A new file is created (409 if someone made it meanwhile; Overwrite then replaces theirs).
    const result = file.isNew && !options.overwrite ? await this.api.createFile(path, text) : await this.api.saveFile(path, text, options.overwrite ? undefined : file.version);
    this.setFile(path, (f) => f && { ...f, saving: false });
    switch (result.type) {
      case 'saved':
        this.setFile(path, (f) => f && { ...f, savedContent: text, version: result.version, dirty: f.text !== text, isNew: false });
        this.dismissNoticesFor(path);
        this.log(`Saved ${path}.`);
        return true;
      case 'conflict':
        this.notify('warning', file.isNew ? `Could not create ${path}: ${result.error} Your edits are kept.` : `${path} was changed by someone else since you opened it. Your edits are kept.`, [
          { label: 'Overwrite', run: () => void this.save(path, { overwrite: true }) },
          { label: 'Reload', run: () => void this.reload(path) },
        ], path);
        this.log(`Save of ${path} refused: ${result.error}`);
        return false;
      case 'error':
        this.notify('error', `Could not save ${path}: ${result.error} Your edits are kept.`, [], path);
        this.log(`Save of ${path} failed (${result.status}): ${result.error}`);
        return false;
    }
  }

  // --- server events -------------------------------------------------------

  async applyServerEvent(event: ServerEvent): Promise<void> {
    // In a change request the events name published files: read the change's view of them (it may
    // hold its own version; a file gone from it is forgotten; live files are left to their document).
    if (this.current.mode.kind === 'change' && (event.type === 'created' || event.type === 'changed' || event.type === 'deleted')) {
      await this.refreshFile(event.path);
      return;
    }
    switch (event.type) {
      case 'hello':
        this.set({ workspaceName: event.workspace.name });
        // A (re)connection: changes made while we were away were not reported.
        if (this.current.loaded) await this.load();
        return;
      case 'created':
        this.log(`${event.path} was created.`);
        await this.refreshFile(event.path, event.version);
        return;
      case 'changed':
        await this.refreshFile(event.path, event.version);
        return;
      case 'deleted': {
        this.log(`${event.path} was deleted.`);
        const file = this.file(event.path);
        if (file?.dirty) this.notify('warning', `${event.path} was deleted on disk; your unsaved edits are still open.`, [], event.path);
        else this.forget(event.path);
        return;
      }
      case 'simulation':
        return; // progress of a simulation run: the run view's (api/SimulationsApi.ts)
    }
  }

  private changedWhileDirty(path: string): void {
    this.notify('warning', `${path} changed on disk while you have unsaved edits.`, [
      { label: 'Reload', run: () => void this.reload(path) },
      { label: 'Keep mine', run: () => this.dismissNoticesFor(path) },
    ], path);
  }

  /** The signed-in account (its roles decide what the workbench offers); undefined when signed out. */
  setAccount(account: Account | undefined): void {
    const same = account?.name === this.current.account?.name && account?.roles.join() === this.current.account?.roles.join();
    if (!same) this.set({ account });
  }

  /** What the page edits (set by the composition root before `load`, and again when the change request's state moves). */
  setMode(mode: WorkbenchMode): void {
    this.set({ mode });
  }

  /** The live session's report (connection, people, bound files); undefined when it ends. */
  setLive(live: LiveState | undefined): void {
    if (live === this.current.live) return;
    // A file just bound holds what its document holds (edits it had went into the document): not dirty.
    let files: Map<string, FileBuffer> | undefined;
    for (const [path, access] of live?.files ?? []) {
      const file = this.current.files.get(path);
      if (access === 'pending' || !file?.dirty || file.isNew) continue;
      files ??= new Map(this.current.files);
      files.set(path, { ...file, savedContent: file.text, dirty: false });
    }
    this.set(files ? { live, files } : { live });
  }

  /** True for a file bound to its live document (its text is the shared text). */
  isLive(path: string): boolean {
    return this.current.live?.files.has(path) ?? false;
  }

  /**
   * The change request's index (path → version): new files appear, files gone from it are
   * closed (unless they hold unsaved edits), and files with another version than the one loaded
   * are read again, except live ones (their document already has the change).
   */
  async applyIndex(index: ReadonlyMap<string, string>): Promise<void> {
    for (const [path, file] of this.current.files) if (!index.has(path) && !file.dirty) this.forget(path);
    await Promise.all([...index].filter(([path, version]) => this.file(path)?.version !== version).map(([path, version]) => this.refreshFile(path, version)));
  }

  /**
   * A file of the change request was renamed (by anyone; the live index says so): its buffer,
   * tabs and notices move to `to` as they are, unsaved or live text included; nothing is read
   * again (a live file's document moved with it: collab/LiveChange.ts).
   */
  renamePath(from: string, to: string): void {
    const file = this.file(from);
    if (!file || from === to) return;
    const files = new Map(this.current.files);
    files.delete(from);
    files.set(to, { ...file, path: to });
    // A read of `from` still in flight does not bring it back.
    this.forgets.set(from, (this.forgets.get(from) ?? 0) + 1);
    const notices = this.current.notices.map((n) => (n.path === from ? { ...n, path: to } : n));
    this.set({ files, notices, tabs: renameTabs(this.current.tabs, from, to) });
    this.log(`${from} is now ${to}.`);
  }

  setConnection(connection: ConnectionState): void {
    if (connection !== this.current.connection) this.set({ connection });
  }

  // --- diagnostics, cursor, tabs --------------------------------------------

  setDiagnostics(diagnostics: readonly Diagnostic[]): void {
    this.set({ diagnostics });
  }

  /** What the last test run reached, per flow file (the graph shows it); undefined clears it. */
  setCoverage(coverage: ReadonlyMap<string, FlowReach> | undefined): void {
    this.set({ coverage });
  }

  setCursor(cursor: Cursor): void {
    const c = this.current.cursor;
    if (c.line !== cursor.line || c.column !== cursor.column) this.set({ cursor });
  }

  private setTabs(tabs: TabsState, also: Partial<WorkbenchState> = {}): void {
    if (tabs !== this.current.tabs || Object.keys(also).length > 0) this.set({ tabs, ...also });
  }

  /** Opens `path` in the active group (or `group`), as a preview unless `preview: false`. */
  openFile(path: string, options: { preview?: boolean; group?: GroupId } = {}): void {
    if (!this.current.files.has(path)) return;
    this.setTabs(openFileTab(this.current.tabs, path, options));
  }

  /**
   * Opens `path` and asks the editor to show `range` and put the cursor there, in the
   * active group (or the main group when the file is open only there: `revealTarget`).
   */
  reveal(path: string, range?: Range): void {
    if (!this.current.files.has(path)) return;
    const tabs = this.current.tabs;
    const group = revealTarget(tabs, path);
    const existing = groupOf(tabs, group)?.tabs.find((t) => t.kind === 'file' && t.path === path);
    const preview = existing?.kind === 'file' ? existing.preview : true;
    this.setTabs(openFileTab(tabs, path, { preview, group }), { revealRequest: { seq: ++this.revealSeq, path, range, group } });
  }

  /** Makes `group` the active group; `focusEditor` also moves the keyboard focus to its editor. */
  focusGroup(group: GroupId, options: { focusEditor?: boolean } = {}): void {
    this.setTabs(focusGroup(this.current.tabs, group));
    const path = activeFileOf(this.current.tabs, group);
    if (options.focusEditor && path !== undefined && this.current.tabs.activeGroup === group) this.requestFocus(path, group);
  }

  /** "Split Editor Right": the active file in the other group too, with the focus in it. */
  splitEditor(): void {
    this.setTabs(splitEditor(this.current.tabs));
    const { activeGroup } = this.current.tabs;
    const path = activeFileOf(this.current.tabs, activeGroup);
    if (path !== undefined) this.requestFocus(path, activeGroup);
  }

  private requestFocus(path: string, group: GroupId): void {
    this.set({ revealRequest: { seq: ++this.revealSeq, path, range: undefined, group } });
  }

  activateTab(group: GroupId, tab: TabRef): void {
    this.setTabs(activateTab(this.current.tabs, group, tab));
  }

  /** Pins the preview tab of `path` in `group`, or in every group. */
  pinTab(path: string, group?: GroupId): void {
    this.setTabs(pinFileTab(this.current.tabs, path, group));
  }

  closeTab(group: GroupId, tab: TabRef): void {
    this.setTabs(closeTab(this.current.tabs, group, tab));
  }

  closeOtherTabs(group: GroupId, tab: TabRef): void {
    this.setTabs(closeOtherTabs(this.current.tabs, group, tab));
  }

  /** Closes the active group's active tab (a file or a graph). */
  closeActiveEditor(): void {
    const { activeGroup } = this.current.tabs;
    const tab = activeTabOf(this.current.tabs, activeGroup);
    if (tab) this.closeTab(activeGroup, tab);
  }

  closeOtherEditors(): void {
    const { activeGroup } = this.current.tabs;
    const tab = activeTabOf(this.current.tabs, activeGroup);
    if (tab) this.closeOtherTabs(activeGroup, tab);
  }

  /** The flow graph of `path` in the side group; the active group stays. */
  openGraph(path: string): void {
    if (this.current.files.has(path)) this.setTabs(openGraphTab(this.current.tabs, path));
  }

  // --- notices -------------------------------------------------------------

  notify(severity: Notice['severity'], message: string, actions: readonly NoticeAction[] = [], path?: string): number {
    const id = ++this.noticeSeq;
    // Each action also dismisses its notice.
    const wrapped = actions.map((a) => ({ label: a.label, run: () => (this.dismiss(id), a.run()) }));
    const others = path === undefined ? this.current.notices : this.current.notices.filter((n) => n.path !== path);
    this.set({ notices: [...others, { id, severity, message, actions: wrapped, ...(path === undefined ? {} : { path }) }] });
    return id;
  }

  dismiss(id: number): void {
    this.set({ notices: this.current.notices.filter((n) => n.id !== id) });
  }

  private dismissNoticesFor(path: string): void {
    const patch = this.withoutNoticesFor([path]);
    if (patch.notices) this.set(patch);
  }

  /** The notices without those about `paths`, as a patch (empty when none is about them). */
  private withoutNoticesFor(paths: readonly string[]): Partial<WorkbenchState> {
    const about = new Set(paths);
    const notices = this.current.notices.filter((n) => n.path === undefined || !about.has(n.path));
    return notices.length === this.current.notices.length ? {} : { notices };
  }
}
