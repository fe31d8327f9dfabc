/**
 * The live documents of every change request: which are loaded, who is
 * connected, and how their text reaches the change request's files.
 *
 * Lifecycle of a document: loaded from storage on its first connection (a new
 * file document is seeded ON THE SERVER from the change's content of the file,
 * stored as its first update; the index document is computed from the
 * change's view of the workspace), kept while anyone is connected, and
 * unloaded `unloadAfterMs` after the last one leaves (its text written, its
 * storage compacted and closed). Shutdown does the same for all.
 *
 * Materialisation: a file document's text is written to the change request
 * (ChangeRequestStore.write, through ChangeRequests, which holds the change's
 * lock) `materialiseDelayMs` after edits stop, and whenever ChangeRequests
 * settles the change for a decision (`settle`, inside its lock): then updates
 * to that change wait at the door of each connection, everything in flight
 * is applied, every changed text is written (with its `change.edited`
 * record), the decision is taken, and `release` re-reads the change's state,
 * so a change submitted meanwhile refuses the very next update.
 *
 * Audit: edits are recorded per file at most once per `auditIntervalMs`, and
 * always when the change is settled for a decision or the last writer leaves.
 *
 * File operations (notes/fileops-contract.md): a file document carries an
 * epoch (documentEpoch.ts), written with its seed text; a client naming
 * another epoch (`?epoch=`, its offline copy of an earlier life of the file)
 * is closed with 4409 before anything is sent. Deleting a file closes its
 * connections (4404) and removes its document. Renaming it keeps the document:
 * settled, closed, its storage moved to the new name, and once the change
 * request's files and the index say so, the old name's connections are closed
 * with 4410 (the index's `renamed` map tells clients where it went).
 *
 * End: once a change request is published or withdrawn (seen by `release`),
 * its connections are closed (4404, with the reason), its documents unloaded
 * without compaction and its `live/` folder removed; it is never opened live
 * again. A rejected one keeps its documents (decision 0017).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { permissionRefusal, rolesFor, type ChangeState, type Role } from '@colloquy/governance';
import type { ChangeRequestStore } from '../changes/ChangeRequestStore.ts';
import type { LiveContent, LiveEditor, LiveEditRecord, LiveWrite } from '../changes/ChangeRequests.ts';
import { publishedFiles } from '../changes/changeContent.ts';
import { parseWorkspacePath } from '../workspace/paths.ts';
import { versionOf } from '../workspace/version.ts';
import { closeReason, COLLAB_CLOSE } from './closeCodes.ts';
import type { CollabSettings } from './collabSettings.ts';
import { LiveConnection, type CollabSocket } from './LiveConnection.ts';
import { newEpoch } from './documentEpoch.ts';
import { LiveDocument, type RenameEntry } from './LiveDocument.ts';
import { documentExists, openDocumentStorage, removeAllDocumentStorage, removeDocumentStorage, renameDocumentStorage, type StorageOptions } from './persistence/index.ts';
import type { AccessState } from './protocol.ts';

/** What a document is: a file of the change, or its file index. */
export type DocumentTarget = { readonly kind: 'index' } | { readonly kind: 'file'; readonly path: string };

export type OpenResult = { readonly ok: true; readonly handle: DocumentHandle } | { readonly ok: false; readonly status: 400 | 404; readonly message: string };

/** A loaded document, as `open` gives it to the route until the socket is attached. */
export interface DocumentHandle {
  readonly change: string;
  readonly target: DocumentTarget;
  /** The epoch of the client's copy of a file document (`?epoch=`): another one is refused (4409). */
  readonly epoch?: string;
}

export interface Who {
  readonly account: string;
  readonly roles: readonly Role[];
  readonly sessionKey: string;
}

export interface LiveDocumentsOptions {
  /** The workspace folder (real path). */
  readonly root: string;
  readonly store: ChangeRequestStore;
  readonly settings: CollabSettings;
  /** ChangeRequests.flushLive: settles a change under its lock (`recordAll`: write every pending edit record now). */
  readonly flush: (change: string, recordAll: boolean) => Promise<void>;
  readonly log: (message: string) => void;
  /** How documents' storage is opened (its file system seam: tests inject failing writes). */
  readonly storage?: StorageOptions;
}

/** A document in memory and what it has that its change's files and the audit log do not have yet. */
interface Loaded {
  readonly change: string;
  readonly target: DocumentTarget;
  readonly document: LiveDocument;
  readonly connections: Set<LiveConnection>;
  /** The connections whose account may edit (for "the last writer left"). */
  readonly writers: Set<LiveConnection>;
  /** The text last written to the change request (file documents). */
  materialised: string | null;
  /** What `materialised` was before the current settle: the text an API writer could have read. */
  settledFrom: string | null | undefined;
  /** The content hash of the file at the last `change.edited` record (or when loaded). */
  recorded: string | null;
  /** Accounts whose updates were accepted since the last record, with the role they edit in. */
  readonly editors: Map<string, Role>;
  /** When the first unrecorded edit was accepted (ms, performance.now). */
  firstUnrecorded: number | null;
  unloadTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once unloading started: a new connection waits for it and loads the document again. */
  unloading: Promise<void> | undefined;
}

/** Per change request: its state as last read, and the door updates wait at while it is settled. */
interface ChangeEntry {
  state: ChangeState | undefined;
  gate: { promise: Promise<void>; open: () => void } | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Files whose version the index document has not been told yet (null: deleted). */
  readonly indexChanges: Map<string, string | null>;
  /** Renames the index document's `renamed` map has not been told yet (from → where to, with the epoch). */
  readonly renames: Map<string, RenameEntry>;
  /** Connections of renamed files' documents, closed (4410) once the index is told. */
  readonly renamedAway: { readonly connection: LiveConnection; readonly to: string }[];
  /** Whether stored documents a crash may have left unwritten were looked for (once per process). */
  reconciled: boolean;
  /** Set once the change ended (published, withdrawn) and its live storage was removed. */
  ended: boolean;
}

const EDITABLE: ReadonlySet<ChangeState> = new Set(['draft', 'changes_requested']);
/**
 * States whose live documents are removed: a published change's content is the published workspace
 * now, a withdrawn one was given up. A rejected change keeps them (decision 0017).
 */
const ENDED: ReadonlySet<ChangeState> = new Set(['published', 'withdrawn']);

export class LiveDocuments implements LiveContent {
  /** Documents loading or loaded, by change + name. */
  private readonly documents = new Map<string, Promise<Loaded>>();
  /** The same once loaded (connections exist only on these). */
  private readonly ready = new Map<string, Loaded>();
  private readonly changes = new Map<string, ChangeEntry>();
  private closing = false;

  constructor(private readonly options: LiveDocumentsOptions) {}

  /**
   * Loads (or finds) the document of `change` + `target` for a connection. 404: no such change
   * request, or a path neither in it nor published; 400: not a workspace path. `epoch`: the
   * client's copy's (checked when the socket is attached).
   */
  async open(change: string, target: DocumentTarget, epoch?: string): Promise<OpenResult> {
    if (this.closing) return { ok: false, status: 404, message: 'The server is shutting down.' };
    const meta = await this.options.store.get(change);
    if (!meta) return { ok: false, status: 404, message: `There is no change request ${JSON.stringify(change).slice(0, 40)}.` };
    if (ENDED.has(meta.state)) return { ok: false, status: 404, message: `${change} is ${meta.state}: it has no live documents any more; read its files with GET /api/changes/${change}/files.` };
    if (target.kind === 'file') {
      const parsed = parseWorkspacePath(target.path);
      if (!parsed.ok) return { ok: false, status: 400, message: `Cannot use that path: ${parsed.reason}.` };
      if (!this.loadedNow(change, target) && !(await this.hasStorage(change, target)) && (await this.options.store.read(meta, parsed.path)) === null) {
        return { ok: false, status: 404, message: `\`${parsed.path}\` is neither in ${change} nor published; create it with PUT /api/changes/${change}/files first.` };
      }
    }
    await this.load(change, target);
    return { ok: true, handle: { change, target, ...(epoch !== undefined && target.kind === 'file' ? { epoch } : {}) } };
  }

  /** Connects `socket` to the document `open` loaded. */
  async attach(socket: CollabSocket, handle: DocumentHandle, who: Who): Promise<void> {
    let loaded: Loaded;
    try {
      loaded = await this.load(handle.change, handle.target);
    } catch (error) {
      // The change ended (or its storage failed) between `open` and the upgrade.
      return socket.close(COLLAB_CLOSE.gone, error instanceof Error ? error.message : String(error));
    }
    if (this.closing) return socket.close(COLLAB_CLOSE.goingAway, 'the server is shutting down');
    if (loaded.unloading) return socket.close(COLLAB_CLOSE.tryAgain, 'the document is being unloaded; reconnect');
    // A copy of an earlier life of the file: refused before anything is sent, so none of it merges.
    if (handle.epoch !== undefined && handle.target.kind === 'file' && loaded.document.epoch !== handle.epoch) {
      return socket.close(COLLAB_CLOSE.staleCopy, closeReason(`stale copy: ${handle.target.path} was deleted and created again since this copy was made`));
    }
    clearTimeout(loaded.unloadTimer);
    const entry = this.entry(handle.change);
    const editRole = rolesFor(who.roles, 'change.edit')[0] ?? null;
    const connection: LiveConnection = new LiveConnection(socket, loaded.document, who.account, who.sessionKey, this.options.settings, {
      gate: () => entry.gate?.promise,
      access: () => this.access(handle.change, handle.target, who.roles),
      edited: (account) => {
        if (editRole) loaded.editors.set(account, editRole);
        loaded.firstUnrecorded ??= performance.now();
        this.scheduleMaterialise(handle.change);
      },
      closed: () => this.disconnected(loaded, connection),
    });
    loaded.connections.add(connection);
    if (editRole) loaded.writers.add(connection);
  }

  /** Closes every connection opened in session `key` (sign-out, expiry): 4401. */
  sessionEnded(key: string, reason: string): void {
    for (const connection of this.allConnections()) if (connection.sessionKey === key) connection.close(COLLAB_CLOSE.sessionEnded, `session ended (${reason})`);
  }

  // --- LiveContent: called by ChangeRequests with the change's lock held ---

  async settle(change: string, write: LiveWrite, recordAll: boolean): Promise<void> {
    const entry = this.entry(change);
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    entry.gate = { promise, open };
    clearTimeout(entry.timer);
    entry.timer = undefined;
    await this.reconcile(change);
    const loaded = await this.loadedOf(change);
    await Promise.all(loaded.map((l) => l.document.idle()));
    const now = performance.now();
    let pending = false;
    for (const l of loaded) {
      if (l.target.kind !== 'file') continue;
      const text = l.document.text;
      const due = l.firstUnrecorded !== null && (recordAll || now - l.firstUnrecorded >= this.options.settings.auditIntervalMs);
      if (text === l.materialised && !due) {
        if (l.firstUnrecorded !== null) pending = true;
        continue;
      }
      const record: LiveEditRecord | null = due ? { before: l.recorded, editors: [...l.editors].sort(([a], [b]) => (a < b ? -1 : 1)).map(([account, role]) => ({ account, role })) } : null;
      l.settledFrom = l.materialised;
      await write(l.target.path, text, record);
      if (text !== l.materialised) entry.indexChanges.set(l.target.path, versionOf(text));
      l.materialised = text;
      if (record) {
        l.recorded = versionOf(text);
        l.editors.clear();
        l.firstUnrecorded = null;
      } else if (l.firstUnrecorded !== null) pending = true;
    }
    // Edits not yet due for their record: come back when they are.
    if (pending && !recordAll) this.scheduleMaterialise(change, this.options.settings.auditIntervalMs);
  }

  async edited<T>(change: string, path: string, content: string | null, editor: LiveEditor, commit: () => Promise<T>): Promise<T> {
    const target: DocumentTarget = { kind: 'file', path };
    const key = keyOf(change, target);
    const committed = async () => {
      const result = await commit();
      this.entry(change).indexChanges.set(path, content === null ? null : versionOf(content));
      return result;
    };
    if (content === null) {
      await this.drop(change, target, `${path} was deleted from ${change}`);
      // Every live edit was written and recorded when the change was settled for this edit; if
      // recording the deletion fails, the file is still in the change and opens (seeded) again.
      return committed();
    }
    if (!this.documents.has(key) && !(await this.hasStorage(change, target))) return committed();
    const loaded = await this.load(change, target);
    const base = loaded.settledFrom !== undefined ? loaded.settledFrom : loaded.materialised;
    // Stored first: if the document's storage fails, this throws before anything is recorded.
    const outcome = await loaded.document.replaceText(content, base ?? '');
    if (outcome === 'too-large') throw new Error(`${path} in ${change} would pass the live document size limit`);
    let result: T;
    try {
      result = await commit();
    } catch (error) {
      // The live text holds the edit but it is neither recorded nor written: it stays an unrecorded
      // edit of `editor`, written and recorded by the next settle, like a live one.
      loaded.editors.set(editor.account, editor.role);
      loaded.firstUnrecorded ??= performance.now();
      this.scheduleMaterialise(change);
      this.idleLater(loaded);
      throw error;
    }
    // ChangeRequests recorded this edit itself and wrote the same content.
    this.entry(change).indexChanges.set(path, versionOf(content));
    loaded.materialised = content;
    loaded.recorded = versionOf(content);
    this.idleLater(loaded);
    return result;
  }

  async renamed<T>(change: string, from: string, to: string, content: string, commit: () => Promise<T>): Promise<T> {
    const entry = this.entry(change);
    const source: DocumentTarget = { kind: 'file', path: from };
    const target: DocumentTarget = { kind: 'file', path: to };
    const dir = this.liveDir(change);
    // `to` is in neither the change nor the published workspace: anything stored under its name is
    // the leftover of a move a crash cut short.
    await this.drop(change, target, `${to} was replaced in ${change}`);
    // The document goes with the file. It was settled for this edit (its text is `content`); closed
    // here, its connections wait at the door until `release` closes them, once the index says where it went.
    let epoch: string | undefined;
    let connections: LiveConnection[] = [];
    if (this.documents.has(keyOf(change, source)) || (await this.hasStorage(change, source))) {
      const loaded = await this.load(change, source);
      epoch = loaded.document.epoch;
      connections = [...loaded.connections];
      await this.retire(loaded, true);
    }
    await renameDocumentStorage(dir, nameOf(source), nameOf(target), this.options.storage);
    let result: T;
    try {
      result = await commit();
    } catch (error) {
      // Not renamed: the document goes back under `from` and its clients reconnect to it.
      await renameDocumentStorage(dir, nameOf(target), nameOf(source), this.options.storage).catch((undo) =>
        this.options.log(`colloquy server: moving the live document of ${to} back to ${from} in ${change} failed: ${String(undo)}`),
      );
      for (const connection of connections) connection.close(COLLAB_CLOSE.tryAgain, 'the rename failed; reconnect');
      throw error;
    }
    entry.indexChanges.set(from, null);
    entry.indexChanges.set(to, versionOf(content));
    if (epoch !== undefined) entry.renames.set(from, { to, epoch });
    entry.renamedAway.push(...connections.map((connection) => ({ connection, to })));
    return result;
  }

  async release(change: string): Promise<void> {
    const entry = this.entry(change);
    try {
      for (const l of await this.loadedOf(change)) l.settledFrom = undefined;
      entry.state = (await this.options.store.get(change))?.state;
      if (entry.state !== undefined && ENDED.has(entry.state) && !entry.ended) {
        // The action that ended it is done and saved: a failure here is logged (and retried at the next release), never the action's.
        return await this.end(change, entry.state).catch((error) => this.options.log(`colloquy server: removing the live documents of ${change} (${entry.state}) failed: ${String(error)}`));
      }
      for (const connection of this.allConnections(change)) connection.refreshAccess();
      await this.tellIndex(change, entry);
    } finally {
      // After the index: a client told its file was renamed finds the new name there.
      for (const { connection, to } of entry.renamedAway.splice(0)) connection.close(COLLAB_CLOSE.renamed, `renamed to ${to}`);
      const gate = entry.gate;
      entry.gate = undefined;
      gate?.open();
    }
  }

  /** Closes every connection (1001), writes every document's text and closes its storage. */
  async close(): Promise<void> {
    this.closing = true;
    for (const connection of this.allConnections()) connection.close(COLLAB_CLOSE.goingAway, 'the server is shutting down');
    const changes = new Set([...this.documents.keys()].map((key) => key.split('\0')[0]!));
    for (const change of changes) {
      clearTimeout(this.changes.get(change)?.timer);
      await this.options.flush(change, true).catch((error) => this.options.log(`colloquy server: writing the live documents of ${change} failed: ${String(error)}`));
    }
    const all = await Promise.all([...this.documents.values()].map((loading) => loading.catch(() => undefined)));
    this.documents.clear();
    this.ready.clear();
    await Promise.all(
      all.filter((l): l is Loaded => l !== undefined && !l.unloading).map((l) => {
        clearTimeout(l.unloadTimer);
        return l.document.close().catch((error) => this.options.log(`colloquy server: closing live document ${l.document.name} of ${l.change} failed: ${String(error)}`));
      }),
    );
  }

  // --- internals ---

  private access(change: string, target: DocumentTarget, roles: readonly Role[]): AccessState {
    if (target.kind === 'index') return { writable: false, reason: 'The file index changes through the file operations (create, rename, delete), not by editing it.' };
    const refusal = permissionRefusal(roles, 'change.edit');
    if (refusal) return { writable: false, reason: refusal };
    const state = this.entry(change).state;
    if (state === undefined || !EDITABLE.has(state)) return { writable: false, reason: `${change} is ${state === undefined ? 'gone' : state.replace('_', ' ')}: only a draft or a change request with changes requested can be edited.` };
    return { writable: true, reason: null };
  }

  /**
   * A published or withdrawn change (called by `release`, under its lock): its connections are
   * closed with the reason, its documents unloaded (their text was written and recorded by the
   * settle of the action that ended it) and its `live/` folder removed, so a dead change request
   * does not keep update logs forever. `open` refuses it from now on.
   */
  private async end(change: string, state: ChangeState): Promise<void> {
    const entry = this.entry(change);
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.indexChanges.clear();
    entry.renames.clear();
    for (const connection of this.allConnections(change)) connection.close(COLLAB_CLOSE.gone, `${change} was ${state}`);
    const prefix = `${change}\0`;
    const keys = [...this.documents.keys()].filter((key) => key.startsWith(prefix));
    for (const key of keys) {
      const loaded = await this.documents.get(key)!.catch(() => undefined);
      if (this.documents.get(key) !== undefined) {
        this.documents.delete(key);
        this.ready.delete(key);
      }
      if (!loaded) continue;
      clearTimeout(loaded.unloadTimer);
      // One being unloaded already closes its own storage.
      if (loaded.unloading) await loaded.unloading;
      else await loaded.document.close({ compact: false }).catch((error) => this.options.log(`colloquy server: closing live document ${loaded.document.name} of ${change} failed: ${String(error)}`));
    }
    await removeAllDocumentStorage(this.liveDir(change));
    entry.ended = true;
  }

  private entry(change: string): ChangeEntry {
    let entry = this.changes.get(change);
    if (!entry) {
      entry = { state: undefined, gate: undefined, timer: undefined, indexChanges: new Map(), renames: new Map(), renamedAway: [], reconciled: false, ended: false };
      this.changes.set(change, entry);
    }
    return entry;
  }

  /**
   * Tells the index document which files changed and which were renamed. Renames are remembered
   * only there (the `renamed` map), so the index is loaded for them; without one, an index loaded
   * later computes its files afresh. A failure is logged: the change's files are already saved.
   */
  private async tellIndex(change: string, entry: ChangeEntry): Promise<void> {
    const changes = new Map(entry.indexChanges);
    const renames = new Map(entry.renames);
    entry.indexChanges.clear();
    entry.renames.clear();
    if (changes.size === 0 && renames.size === 0) return;
    const target: DocumentTarget = { kind: 'index' };
    const loaded = this.ready.get(keyOf(change, target));
    try {
      if (loaded && !loaded.unloading) await loaded.document.updateIndex(changes, false, renames);
      else if (renames.size > 0) await (await this.load(change, target)).document.updateIndex(changes, false, renames);
    } catch (error) {
      this.options.log(`colloquy server: updating the file index of ${change} failed: ${String(error)}`);
    }
  }

  /**
   * A file document that must not exist any more (its file deleted, or a leftover under a name a
   * rename takes): its connections closed (4404, `reason`), the document closed and its storage removed.
   */
  private async drop(change: string, target: DocumentTarget, reason: string): Promise<void> {
    const found = this.documents.get(keyOf(change, target));
    if (found) {
      const loaded = await found;
      for (const connection of [...loaded.connections]) connection.close(COLLAB_CLOSE.gone, reason);
      await this.retire(loaded, false);
    }
    await removeDocumentStorage(this.liveDir(change), nameOf(target));
  }

  /**
   * Takes a loaded document out of service now: out of the maps (the next connection loads it
   * again), no unload timer, its storage closed. Connections still on it are the caller's to close.
   */
  private async retire(loaded: Loaded, compact: boolean): Promise<void> {
    const key = keyOf(loaded.change, loaded.target);
    if (this.ready.get(key) === loaded) {
      this.documents.delete(key);
      this.ready.delete(key);
    }
    clearTimeout(loaded.unloadTimer);
    if (loaded.unloading) return loaded.unloading;
    // Marked as unloaded, so a connection leaving it later starts no unload of its own.
    const closing = loaded.document.close({ compact });
    loaded.unloading = closing.catch(() => undefined);
    await closing;
  }

  private loadedNow(change: string, target: DocumentTarget): boolean {
    return this.documents.has(keyOf(change, target));
  }

  private liveDir(change: string): string {
    return join(this.options.root, '.colloquy', 'changes', change, 'live');
  }

  /** Whether the document has durable state (without opening it: storage allows one open per document). */
  private hasStorage(change: string, target: DocumentTarget): Promise<boolean> {
    return documentExists(this.liveDir(change), nameOf(target));
  }

  private async load(change: string, target: DocumentTarget): Promise<Loaded> {
    const key = keyOf(change, target);
    for (;;) {
      const found = this.documents.get(key);
      if (!found) break;
      const loaded = await found;
      if (!loaded.unloading) return loaded;
      await loaded.unloading;
    }
    const loading = this.loadFresh(change, target);
    this.documents.set(key, loading);
    loading.then(
      (loaded) => {
        if (this.documents.get(key) === loading) this.ready.set(key, loaded);
      },
      () => {
        if (this.documents.get(key) === loading) this.documents.delete(key);
      },
    );
    return loading;
  }

  private async loadFresh(change: string, target: DocumentTarget): Promise<Loaded> {
    const entry = this.entry(change);
    const meta = await this.options.store.get(change);
    if (!meta) throw new Error(`${change} is gone`);
    // Never made again for an ended change (its folder was removed).
    if (ENDED.has(meta.state)) throw new Error(`${change} is ${meta.state}`);
    entry.state = meta.state;
    const storage = await openDocumentStorage(this.liveDir(change), nameOf(target), this.options.storage);
    const document = new LiveDocument(nameOf(target), storage, {
      maxDocumentBytes: this.options.settings.maxDocumentBytes,
      compactAfterUpdates: this.options.settings.compactAfterUpdates,
      onLoadProblem: this.options.log,
    });
    const loaded: Loaded = { change, target, document, connections: new Set(), writers: new Set(), settledFrom: undefined, materialised: null, recorded: null, editors: new Map(), firstUnrecorded: null, unloadTimer: undefined, unloading: undefined };
    // Whether storage held the document; undefined until it was read (then nothing may be removed).
    let existed: boolean | undefined;
    try {
      existed = await document.load();
      if (target.kind === 'file') {
        const content = await this.options.store.read(meta, target.path);
        // Deleted or renamed since `open` looked: no document is made for a file the change does not have.
        if (!existed && content === null) throw new Error(`${target.path} is not in ${change} (deleted or renamed a moment ago)`);
        // Seeded here and only here: a client never inserts a file's initial text (it would be doubled).
        // The epoch comes with the text; a document stored before epochs gets one now.
        if (!existed || document.epoch === undefined) await document.seed(newEpoch(), existed ? '' : (content ?? ''));
        loaded.materialised = content;
        loaded.recorded = content === null ? null : versionOf(content);
        // A crash can leave edits that are stored but were never written to the change's files.
        if (document.text !== (content ?? '')) {
          loaded.firstUnrecorded = performance.now();
          this.scheduleMaterialise(change, 0);
        }
      } else {
        await this.refreshIndex(change, loaded);
      }
    } catch (error) {
      await document.close({ compact: false }).catch(() => undefined);
      // A document made by this load leaves no storage behind (it would count as existing).
      if (existed === false) await removeDocumentStorage(this.liveDir(change), nameOf(target)).catch(() => undefined);
      throw error;
    }
    this.idleLater(loaded);
    return loaded;
  }

  /**
   * Loads, once per process, every stored document of `change` that is not loaded, so text a crash
   * left unwritten is written before a decision reads the change's files.
   */
  private async reconcile(change: string): Promise<void> {
    const entry = this.entry(change);
    if (entry.reconciled) return;
    const meta = await this.options.store.get(change);
    // An ended change's documents are removed (by `release`), never loaded.
    if (!meta || ENDED.has(meta.state)) return;
    if (existsSync(this.liveDir(change))) {
      const paths = new Set([...Object.keys(meta.changed), ...(await publishedFiles(this.options.root)).map((f) => f.path)]);
      for (const path of paths) {
        const target: DocumentTarget = { kind: 'file', path };
        if (this.documents.has(keyOf(change, target)) || !(await this.hasStorage(change, target))) continue;
        const loaded = await this.load(change, target);
        this.idleLater(loaded);
      }
    }
    entry.reconciled = true;
  }

  /** The change's loaded documents that are not being unloaded (those were written before unloading began). */
  private async loadedOf(change: string): Promise<Loaded[]> {
    const prefix = `${change}\0`;
    const all = await Promise.all([...this.documents].filter(([key]) => key.startsWith(prefix)).map(([, loading]) => loading.catch(() => undefined)));
    return all.filter((l): l is Loaded => l !== undefined && !l.unloading);
  }

  /** The whole index: the change's view of the workspace, each file with its version. */
  private async refreshIndex(change: string, index: Loaded): Promise<void> {
    const meta = await this.options.store.get(change);
    if (!meta) return;
    const files = await this.options.store.overlay(meta, await publishedFiles(this.options.root));
    await index.document.updateIndex(new Map(files.map((f) => [f.path, versionOf(f.content)])), true);
  }

  private scheduleMaterialise(change: string, delayMs = this.options.settings.materialiseDelayMs): void {
    const entry = this.entry(change);
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.options.flush(change, false).catch((error) => this.options.log(`colloquy server: writing the live documents of ${change} failed: ${String(error)}`));
    }, delayMs);
  }

  private disconnected(loaded: Loaded, connection: LiveConnection): void {
    loaded.connections.delete(connection);
    const wasWriter = loaded.writers.delete(connection);
    if (this.closing) return;
    // The last writer left: their edits are written and recorded now, not 30 s later.
    if (wasWriter && loaded.writers.size === 0 && loaded.firstUnrecorded !== null) {
      this.options.flush(loaded.change, true).catch((error) => this.options.log(`colloquy server: writing the live documents of ${loaded.change} failed: ${String(error)}`));
    }
    this.idleLater(loaded);
  }

  /** Starts the unload timer when nobody is connected. */
  private idleLater(loaded: Loaded): void {
    if (loaded.connections.size > 0 || loaded.unloading || this.closing) return;
    clearTimeout(loaded.unloadTimer);
    loaded.unloadTimer = setTimeout(() => void this.unload(loaded), this.options.settings.unloadAfterMs);
  }

  private async unload(loaded: Loaded): Promise<void> {
    if (loaded.connections.size > 0 || loaded.unloading || this.closing) return;
    const key = keyOf(loaded.change, loaded.target);
    try {
      // Written first, under the change's lock and before `unloading` is set: a REST edit holding
      // that lock may still need this document (and waits for an unloading one).
      if (loaded.target.kind === 'file' && (loaded.document.text !== (loaded.materialised ?? '') || loaded.firstUnrecorded !== null)) {
        await this.options.flush(loaded.change, true);
      }
    } catch (error) {
      this.options.log(`colloquy server: writing live document ${loaded.document.name} of ${loaded.change} failed: ${String(error)}; it stays loaded`);
      return this.idleLater(loaded);
    }
    if (loaded.connections.size > 0 || loaded.unloading || this.closing || this.ready.get(key) !== loaded) return;
    let done!: () => void;
    loaded.unloading = new Promise<void>((resolve) => (done = resolve));
    try {
      await loaded.document.close();
    } catch (error) {
      this.options.log(`colloquy server: closing live document ${loaded.document.name} of ${loaded.change} failed: ${String(error)}`);
    } finally {
      if (this.ready.get(key) === loaded) {
        this.ready.delete(key);
        this.documents.delete(key);
      }
      done();
    }
  }

  private allConnections(change?: string): LiveConnection[] {
    const out: LiveConnection[] = [];
    for (const [key, loaded] of this.ready) if (change === undefined || key.startsWith(`${change}\0`)) out.push(...loaded.connections);
    return out;
  }
}

/** The storage name of a document: `index` or `file/<path>` (the contract's names). */
function nameOf(target: DocumentTarget): string {
  return target.kind === 'index' ? 'index' : `file/${target.path}`;
}

function keyOf(change: string, target: DocumentTarget): string {
  return `${change}\0${nameOf(target)}`;
}
