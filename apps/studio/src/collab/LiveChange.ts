/**
 * One change request's live session in this page: the index document (who is
 * here, which files exist at which version, which were renamed) and one
 * document per file opened in an editor, each synced with the server over
 * y-websocket (`/api/collab/<room>`, rooms.ts) and, in a browser, kept in
 * IndexedDB so edits made offline survive a reload. It reports to the store:
 * the connection, the other people, the files bound to live documents and what
 * the server said about access; the index goes to `store.applyIndex`, after
 * the renames and deletions it shows were carried out here (indexChanges.ts).
 *
 * Loaded lazily (a dynamic import from main.tsx, after the first paint): Yjs
 * and y-websocket are not part of the first page's JavaScript.
 *
 * Rules:
 * - The client never seeds a document: the server makes a file document's
 *   first content from the change request (the contract's "Document shapes").
 *   A file is `ready` once its document synced with the server, or, offline,
 *   once IndexedDB gave it the content it kept; only then is it bound to an
 *   editor, so an empty document never replaces the text shown.
 * - A file document connects only after its offline copy is loaded, naming
 *   that copy's epoch (`?epoch=`): a copy of a file deleted and created again
 *   since is refused (4409) instead of merging into the new file.
 * - Close codes on a file document concern that file only: 4410 (renamed) and
 *   4404 (deleted) wait for the index, which says where the file went; 4409
 *   (stale copy) replaces the document by the server's. Only the index's own
 *   4404 ends the session (`onEnded`).
 * - A renamed file keeps its document (the same Y.Doc, its unsynced edits
 *   too): it reconnects under the new name and its offline copy moves there.
 *   `onFiles` tells the editor (moved, replaced, closed) so it binds again.
 * - Nothing is lost silently: the text of an offline copy refused as stale,
 *   or of a deleted file holding edits the server never received, goes to
 *   `onOfflineCopy` (the studio offers to restore it as a new file) before
 *   its IndexedDB database is cleared.
 * - When the browser goes offline every provider disconnects (so edits pile up
 *   locally, visibly) and reconnects when it is back; a dropped connection is
 *   retried by y-websocket with backoff (at most `maxBackoffTime`).
 * - "Unsynced edits": local changes made while a file's connection was down,
 *   until that connection completes a sync again.
 *
 * Lifecycle: `dispose()` closes every provider and offline store and removes
 * this client's presence.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import type { LiveAccess } from '../state/editAccess.ts';
import type { LiveState, WorkbenchState, WorkbenchStore } from '../state/WorkbenchStore.ts';
import { liveConnection, type LiveStatus } from './connection.ts';
import { localPresence, peopleFromStates, type Person } from './presence.ts';
import { CLOSE, MESSAGE_ACCESS, MESSAGE_PERSISTED, MESSAGE_REFUSED, parseAccess, versionOfEntry } from './protocol.ts';
import { fileRoom, indexRoom, offlineDatabaseName } from './rooms.ts';
import { planIndexChanges, renameOfEntry, whoDid, type FileOperation, type RenameEntry } from './indexChanges.ts';

/** One document's copy kept across reloads (y-indexeddb's IndexeddbPersistence has this shape). */
export interface OfflineStore {
  readonly whenSynced: Promise<unknown>;
  /** Stops keeping the document; what was kept stays. */
  destroy(): Promise<void> | void;
  /** Stops keeping the document and deletes what was kept. */
  clearData(): Promise<void>;
  /** Records whether the document holds edits the server has not received, for the page after a reload. */
  markUnsynced(unsynced: boolean): void;
  /** What the copy said about that when it was opened (read once it is loaded). */
  wasUnsynced(): Promise<boolean>;
}

/** Where documents are kept across reloads (IndexedDB in the browser). */
export interface OfflineCopies {
  /** Keeps `doc` under `name`, loading what was kept there first. */
  open(name: string, doc: Y.Doc): OfflineStore;
  /** Deletes what is kept under `name` (no store of it is open). */
  clear(name: string): Promise<void>;
  /** The names of the copies kept that start with `prefix` ([] where the browser cannot list them). */
  list(prefix: string): Promise<string[]>;
}

/** The browser's network state (`navigator.onLine` and its events); always online without one. */
export interface NetworkState {
  online(): boolean;
  subscribe(listener: () => void): () => void;
}

/** An offline copy's text that did not reach the change request, handed over so it is not lost. */
export interface KeptCopy {
  readonly path: string;
  readonly text: string;
  /** What happened, in a sentence for the person (who deleted the file, when known). */
  readonly message: string;
}

/** What happened to a file's live document, for the editor binding it. */
export type LiveFileEvent =
  /** Renamed: `open(to)` is the same document; bind the new path's model to it. */
  | { readonly type: 'moved'; readonly from: string; readonly to: string }
  /** The document was replaced by the server's (the copy here was stale): bind again, without carrying the old text over. */
  | { readonly type: 'replaced'; readonly path: string }
  /** Deleted: the document is gone. */
  | { readonly type: 'closed'; readonly path: string };

export interface LiveChangeOptions {
  readonly store: WorkbenchStore;
  readonly change: string;
  /** `ws://host/api/collab` (rooms.ts `collabServerUrl`). */
  readonly serverUrl: string;
  /** The workspace's name (part of the offline databases' names). */
  readonly workspace: string;
  /** The signed-in account: its name and colour are what the others see. */
  readonly account: string;
  /** The WebSocket class (Node's tests pass `ws`'s). */
  readonly WebSocket?: typeof WebSocket;
  /** Keeps file documents across reloads (y-indexeddb in the browser); none: edits live only in memory. */
  readonly offline?: OfflineCopies;
  readonly network?: NetworkState;
  /** Called when the server says access changed (the change request's state may have moved). */
  readonly onAccessChanged?: () => void;
  /**
   * Called when the server closes a file's connection over what this client sent (the contract's
   * "Bad input": 1007 malformed, 1008 too many updates, 1009 too large), with its reason. The edit
   * stays here and is offered again at every reconnection until it is undone.
   */
  readonly onRefused?: (path: string, reason: string) => void;
  /**
   * Called when the server did not take an edit of this client's because the connection is
   * read-only (keystrokes typed in the moment a change request was submitted, before the access
   * message arrived; offline edits meeting a submitted change), with the server's reason. Once per
   * read-only spell. The edit stays in this document and is sent if the file becomes writable again.
   */
  readonly onEditsNotTaken?: (path: string, reason: string) => void;
  /**
   * Called once when the server ends the change request's live session for good (a close code
   * 4400–4499 other than 4401 on the index document, 4404 when the change was published or
   * withdrawn), with its reason. y-websocket does not reconnect after those.
   */
  readonly onEnded?: (reason: string) => void;
  /** Called with the text of an offline copy that cannot merge (stale, or its file deleted) and differs from the change's. */
  readonly onOfflineCopy?: (copy: KeptCopy) => void;
  /** Longest wait between reconnection attempts, ms (y-websocket's `maxBackoffTime`). */
  readonly maxBackoffTime?: number;
  /** How long an announced file operation stays in this client's presence, ms (default 10 s). */
  readonly announcementMs?: number;
}

/** A file's live document, as the editor binding needs it. */
export interface LiveFile {
  readonly path: string;
  readonly doc: Y.Doc;
  /** `doc.getText('content')`: the YAML. */
  readonly text: Y.Text;
  /** The file document's awareness: `{ user }` plus y-monaco's `selection`. */
  readonly awareness: Awareness;
  /** Resolves once the document holds the file's content (synced, or loaded from IndexedDB offline). */
  readonly ready: Promise<void>;
  /** Says the editor is bound: from now on the store treats the file as live. */
  bound(): void;
}

interface OpenFile extends LiveFile {
  readonly provider: WebsocketProvider;
  offlineStore: OfflineStore | undefined;
  /** Resolves once the offline copy (if any) is loaded into the document. */
  readonly offlineLoaded: Promise<unknown>;
  access: LiveAccess | undefined;
  isBound: boolean;
  unsynced: boolean;
  /** Left for good (moved, replaced, deleted, disposed): its handlers do nothing more. */
  detached: boolean;
  readonly disposers: (() => void)[];
}

/** The epoch the server wrote into a file document (the contract's "Epoch"), if it holds one. */
export function epochOf(doc: Y.Doc): string | undefined {
  const epoch = doc.getMap('document').get('epoch');
  return typeof epoch === 'string' && epoch !== '' ? epoch : undefined;
}

export class LiveChange {
  private readonly index = new Y.Doc();
  private readonly indexProvider: WebsocketProvider;
  private readonly files = new Map<string, OpenFile>();
  private readonly everConnected = new WeakSet<WebsocketProvider>();
  /** File providers not connected yet: their offline copy is still loading (its epoch goes into the URL). */
  private readonly holding = new WeakSet<WebsocketProvider>();
  private readonly disposers: (() => void)[] = [];
  private readonly fileListeners = new Set<(event: LiveFileEvent) => void>();
  private people: readonly Person[] = [];
  private indexSynced = false;
  private disposed = false;
  private announcementTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: LiveChangeOptions) {
    this.indexProvider = this.provider(indexRoom(options.change), this.index);
    // The index is read-only for every client: its access message says nothing new.
    this.indexProvider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => void decoding.readVarString(decoder);
    this.indexProvider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => void decoding.readVarUint(decoder);
    let ended = false;
    this.indexProvider.on('connection-close', (event: CloseEvent | null) => {
      if (!event || ended || event.code < 4400 || event.code >= 4500 || event.code === CLOSE.sessionEnded) return;
      ended = true;
      options.onEnded?.(event.reason || `The server ended ${options.change}'s live session (${event.code}).`);
    });
    const awareness = this.indexProvider.awareness;
    awareness.setLocalState(localPresence(options.account, activePath(options.store.state)));
    const onPeople = () => this.updatePeople();
    awareness.on('change', onPeople);
    this.disposers.push(() => awareness.off('change', onPeople));
    const onSync = (synced: boolean) => {
      if (!synced || this.indexSynced) return;
      this.indexSynced = true;
      this.applyIndex();
      void this.sweepOfflineCopies();
    };
    this.indexProvider.on('sync', onSync);
    // One observer for the whole index: a rename changes `files` and `renamed` in one transaction.
    const onIndex = () => this.indexSynced && this.applyIndex();
    this.index.getMap('files').observeDeep(onIndex);
    this.index.getMap('renamed').observeDeep(onIndex);
    this.disposers.push(() => (this.index.getMap('files').unobserveDeep(onIndex), this.index.getMap('renamed').unobserveDeep(onIndex)));
    // Which file this person is in follows the active tab.
    let lastActive = activePath(options.store.state);
    this.disposers.push(
      options.store.subscribe((state) => {
        const active = activePath(state);
        if (active === lastActive) return;
        lastActive = active;
        awareness.setLocalStateField('file', active ?? null);
      }),
    );
    const network = options.network;
    if (network) {
      this.disposers.push(
        network.subscribe(() => {
          const online = network.online();
          for (const provider of this.providers()) online ? provider.connect() : provider.disconnect();
          this.report();
        }),
      );
      if (!network.online()) this.indexProvider.disconnect();
    }
    this.report();
  }

  /** The live document of `path`, opened (and connected, once its offline copy is loaded) on first use. */
  open(path: string): LiveFile {
    const known = this.files.get(path);
    if (known) return known;
    return this.attach(path, new Y.Doc());
  }

  /** Tells the editor what happened to files' documents (moved, replaced, closed). Returns the unsubscriber. */
  onFiles(listener: (event: LiveFileEvent) => void): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  /**
   * Says on the index's awareness what this person is about to do to a file (before asking the
   * server), so the others' notices can name who did it. It stays a few seconds: the index's
   * change reaches the others after it (the same socket, in order).
   */
  announce(operation: FileOperation): void {
    if (this.disposed) return;
    const awareness = this.indexProvider.awareness;
    awareness.setLocalStateField('op', operation);
    clearTimeout(this.announcementTimer);
    this.announcementTimer = setTimeout(() => awareness.getLocalState() && awareness.setLocalStateField('op', null), this.options.announcementMs ?? 10_000);
  }

  /**
   * Connects every document again: after signing in again, since the server closes a session's
   * live connections when it ends (4401), which y-websocket does not retry by itself.
   */
  reconnect(): void {
    if (this.options.network && !this.options.network.online()) return;
    for (const provider of this.providers()) if (!provider.wsconnected) provider.connect();
  }

  /** The text of every open file document (for tests and diagnostics). */
  textOf(path: string): string | undefined {
    return this.files.get(path)?.text.toString();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.announcementTimer);
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const file of this.files.values()) {
      this.detach(file);
      void file.offlineStore?.destroy();
      file.doc.destroy();
    }
    this.files.clear();
    this.fileListeners.clear();
    this.indexProvider.destroy();
    this.index.destroy();
    this.options.store.setLive(undefined);
  }

  // --- one file's document --------------------------------------------------------------------

  /**
   * Connects `doc` as the document of `path`: a new one (`open`), or one that moved from another
   * path (`moved`: already holding the file, it is ready at once and keeps its state). `offlineAfter`:
   * what must finish before its offline copy opens (the deletion of a stale copy under that name);
   * `offline: false`: no offline copy (a copy being delivered, which must not merge with another).
   */
  private attach(path: string, doc: Y.Doc, how: { moved?: OpenFile; offlineAfter?: Promise<unknown>; offline?: boolean } = {}): OpenFile {
    const { moved, offlineAfter } = how;
    const text = doc.getText('content');
    const provider = this.provider(fileRoom(this.options.change, path), doc, false);
    provider.awareness.setLocalStateField('user', localPresence(this.options.account, undefined).user);
    const fromServer = new Promise<void>((resolve) => {
      const onSync = (synced: boolean) => synced && (provider.off('sync', onSync), resolve());
      provider.on('sync', onSync);
    });
    let resolveOffline!: () => void;
    const offlineLoaded = new Promise<void>((resolve) => (resolveOffline = resolve));
    // Offline after a reload: what IndexedDB kept is the content to show (it merges when back online).
    const fromOffline = this.options.offline && how.offline !== false ? offlineLoaded.then(() => (text.length > 0 ? undefined : fromServer)) : fromServer;
    const file: OpenFile = {
      path,
      doc,
      text,
      awareness: provider.awareness,
      provider,
      offlineStore: undefined,
      offlineLoaded,
      ready: moved ? Promise.resolve() : Promise.race([fromServer, fromOffline]),
      access: moved?.access,
      isBound: moved?.isBound ?? false,
      unsynced: moved?.unsynced ?? false,
      detached: false,
      disposers: [],
      bound: () => {
        if (file.detached) return;
        file.isBound = true;
        this.report();
      },
    };
    provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
      const access = parseAccess(decoding.readVarString(decoder));
      if (file.detached || !access || (access.writable === file.access?.writable && access.reason === file.access?.reason)) return;
      const changed = file.access !== undefined;
      file.access = access;
      this.report();
      if (changed || !access.writable) this.options.onAccessChanged?.();
    };
    provider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => void decoding.readVarUint(decoder);
    provider.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder) => {
      const reason = decoding.readVarString(decoder);
      if (!file.detached) this.options.onEditsNotTaken?.(path, reason);
    };
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (file.detached || !event) return;
      if (REFUSALS.has(event.code)) this.options.onRefused?.(path, event.reason || `closed with ${event.code}`);
      else if (event.code === CLOSE.staleCopy) this.replaceStale(file);
      // 4410 (renamed) and 4404 (deleted): the index says where the file went (applyIndex).
    });
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (!file.detached && origin !== provider && origin !== file.offlineStore && !provider.wsconnected) this.setUnsynced(file, true);
    };
    doc.on('update', onUpdate);
    file.disposers.push(() => doc.off('update', onUpdate));
    provider.on('sync', (synced: boolean) => synced && !file.detached && this.setUnsynced(file, false));

    // The offline copy first, then the connection, naming the copy's epoch.
    const offline = how.offline === false ? undefined : this.options.offline;
    const openOffline = async () => {
      if (!offline || file.detached) return;
      const store = offline.open(offlineDatabaseName(this.options.workspace, this.options.change, path), doc);
      file.offlineStore = store;
      await store.whenSynced;
      // Edits an earlier page made and never sent are still unsynced here (until this page syncs).
      if (moved) store.markUnsynced(file.unsynced);
      else if (!file.detached && !provider.synced && (await store.wasUnsynced())) this.setUnsynced(file, true);
    };
    const loading = offlineAfter ? offlineAfter.then(openOffline, openOffline) : openOffline();
    void loading.then(resolveOffline, resolveOffline);
    this.holding.add(provider);
    const connect = () => {
      this.holding.delete(provider);
      if (file.detached) return;
      const epoch = epochOf(doc);
      if (epoch !== undefined) provider.params = { ...provider.params, epoch };
      if (!this.options.network || this.options.network.online()) provider.connect();
    };
    // A moved document holds the file already: it connects at once (its copy is written meanwhile).
    if (moved) connect();
    else void offlineLoaded.then(connect);
    this.files.set(path, file);
    this.report();
    return file;
  }

  /** Says whether `file` holds edits the server has not received, here (the status bar) and in its offline copy. */
  private setUnsynced(file: OpenFile, unsynced: boolean): void {
    if (file.unsynced === unsynced) return;
    file.unsynced = unsynced;
    file.offlineStore?.markUnsynced(unsynced);
    this.report();
  }

  /** Stops `file`'s connection and handlers; its document and offline store are the caller's to keep or end. */
  private detach(file: OpenFile): void {
    if (file.detached) return;
    file.detached = true;
    for (const dispose of file.disposers.splice(0)) dispose();
    file.provider.destroy();
    // The provider leaves its awareness running (a timer); the document may live on (moved).
    file.awareness.destroy();
  }

  /**
   * The server refused this copy (4409): the file was deleted and created again since it was made.
   * Its text is kept for the person (when it differs from the file's), its IndexedDB database
   * cleared, and a new document of the file opened in its place.
   */
  private replaceStale(file: OpenFile): void {
    const { path } = file;
    const kept = file.text.toString();
    this.detach(file);
    // Cleared before the new document's copy opens under the same name, so it never merges in.
    const cleared = file.offlineStore ? file.offlineStore.clearData() : Promise.resolve();
    this.files.delete(path);
    const fresh = this.attach(path, new Y.Doc(), { offlineAfter: cleared });
    this.emit({ type: 'replaced', path });
    file.doc.destroy();
    void fresh.ready.then(() => {
      if (fresh.detached || kept === '' || fresh.text.toString() === kept) return;
      this.options.onOfflineCopy?.({
        path,
        text: kept,
        message: `${path} was deleted and created again since this browser kept a copy of it, so your copy was not merged into it. Its text is kept here: restore it as a new file, or copy it.`,
      });
    });
  }

  /** `from` was renamed to `to`: the same document reconnects under `to`, its offline copy moves there. */
  private moveFile(file: OpenFile, to: string): void {
    const from = file.path;
    const offline = this.options.offline;
    // Whatever was kept under the new name is another file's (deleted since): cleared first.
    const cleared = offline ? offline.clear(offlineDatabaseName(this.options.workspace, this.options.change, to)) : undefined;
    this.detach(file);
    this.files.delete(from);
    const moved = this.attach(to, file.doc, { moved: file, ...(cleared ? { offlineAfter: cleared } : {}) });
    // The old copy goes once the new one holds the document.
    const old = file.offlineStore;
    if (old) void moved.offlineLoaded.then(() => old.clearData());
    this.emit({ type: 'moved', from, to });
  }

  /** `path` was deleted: its document closes; edits the server never received go to `onOfflineCopy`. */
  private closeFile(file: OpenFile, deletedBy: string | undefined): void {
    const kept = file.unsynced ? file.text.toString() : undefined;
    this.detach(file);
    this.files.delete(file.path);
    this.emit({ type: 'closed', path: file.path });
    void file.offlineStore?.clearData();
    file.doc.destroy();
    if (kept === undefined) return;
    const who = deletedBy === 'you' ? 'You' : deletedBy;
    this.options.onOfflineCopy?.({
      path: file.path,
      text: kept,
      message: `${who ? `${who} deleted` : `${this.options.change} no longer has`} ${file.path} while this browser held edits of it that had not reached the server. They are kept here: restore them as a new file, or copy them.`,
    });
  }

  /**
   * Copies this browser kept of files the change request no longer has under their name (the page
   * was closed while they were renamed or deleted): a renamed one's unsynced edits go to the file
   * under its new name (the same document: they merge), a deleted one's are handed to
   * `onOfflineCopy`; then the copy is deleted. Once, when the index is first known.
   */
  private async sweepOfflineCopies(): Promise<void> {
    const offline = this.options.offline;
    if (!offline) return;
    const prefix = offlineDatabaseName(this.options.workspace, this.options.change, '');
    const names = await offline.list(prefix).catch(() => []);
    for (const name of names) {
      const listed = new Set(this.index.getMap('files').keys());
      const path = name.slice(prefix.length);
      if (this.disposed || listed.size === 0) return;
      if (listed.has(path) || this.files.has(path)) continue;
      const doc = new Y.Doc();
      const copy = offline.open(name, doc);
      await copy.whenSynced;
      const unsynced = await copy.wasUnsynced();
      const renamed = new Map<string, RenameEntry>();
      for (const [from, entry] of this.index.getMap('renamed')) {
        const rename = renameOfEntry(entry);
        if (rename) renamed.set(from, rename);
      }
      const to = planIndexChanges([path], listed, renamed, () => epochOf(doc)).renames[0]?.to;
      const text = doc.getText('content').toString();
      if (unsynced && to !== undefined) await this.deliver(doc, to);
      else if (unsynced && text !== '') {
        this.options.onOfflineCopy?.({
          path,
          text,
          message: `${path} is no longer in ${this.options.change}, but this browser kept edits of it that never reached the server. They are kept here: restore them as a new file, or copy them.`,
        });
      }
      await copy.clearData();
      doc.destroy();
    }
  }

  /** Merges `doc` (a copy of the document of a file now called `to`) into that file's document on the server. */
  private async deliver(doc: Y.Doc, to: string): Promise<void> {
    const open = this.files.get(to);
    if (open) return Y.applyUpdate(open.doc, Y.encodeStateAsUpdate(doc));
    // Connected for as long as it takes to sync, then closed again (unless an editor took it meanwhile).
    const file = this.attach(to, doc, { offline: false });
    await new Promise<void>((resolve) => {
      const done = (synced: boolean) => synced && (file.provider.off('sync', done), resolve());
      file.provider.on('sync', done);
      file.disposers.push(resolve);
    });
    if (file.detached || file.isBound || this.files.get(to) !== file) return;
    this.detach(file);
    this.files.delete(to);
    this.report();
  }

  private emit(event: LiveFileEvent): void {
    for (const listener of [...this.fileListeners]) listener(event);
  }

  // --- the index -----------------------------------------------------------------------------

  private provider(room: string, doc: Y.Doc, connect = true): WebsocketProvider {
    const provider = new WebsocketProvider(this.options.serverUrl, room, doc, {
      connect,
      // Cross-tab BroadcastChannel off: the server is the one place edits meet (and checks access).
      disableBc: true,
      maxBackoffTime: this.options.maxBackoffTime ?? 5000,
      ...(this.options.WebSocket ? { WebSocketPolyfill: this.options.WebSocket } : {}),
    });
    provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') this.everConnected.add(provider);
      this.report();
    });
    return provider;
  }

  /** Every provider that may connect now (not those waiting for their offline copy). */
  private providers(): WebsocketProvider[] {
    return [this.indexProvider, ...[...this.files.values()].map((f) => f.provider).filter((p) => !this.holding.has(p))];
  }

  private updatePeople(): void {
    const people = peopleFromStates(this.indexProvider.awareness.getStates(), this.options.account);
    if (JSON.stringify(people) === JSON.stringify(this.people)) return;
    this.people = people;
    this.report();
  }

  /**
   * The index changed: renamed files move (documents, buffers, tabs), deleted ones close, then
   * the store reads what is new or has another version (`store.applyIndex`).
   */
  private applyIndex(): void {
    if (this.disposed) return;
    const index = new Map<string, string>();
    for (const [path, entry] of this.index.getMap('files')) {
      const version = versionOfEntry(entry);
      if (version !== undefined) index.set(path, version);
    }
    // An empty index is a server that keeps none (or has not made it yet), never a change request without files.
    if (index.size === 0) return;
    const renamed = new Map<string, RenameEntry>();
    for (const [from, entry] of this.index.getMap('renamed')) {
      const rename = renameOfEntry(entry);
      if (rename) renamed.set(from, rename);
    }
    const store = this.options.store;
    const shown = new Set([...[...store.state.files.values()].filter((f) => !f.isNew).map((f) => f.path), ...this.files.keys()]);
    const plan = planIndexChanges(shown, new Set(index.keys()), renamed, (path) => {
      const file = this.files.get(path);
      return file ? epochOf(file.doc) : undefined;
    });
    const states = this.indexProvider.awareness.getStates();
    const self = this.index.clientID;
    const change = this.options.change;
    for (const { from, to } of plan.renames) {
      // A chain (a→b→c) was announced one step at a time: the last step names who.
      const who = whoDid(states, { type: 'rename', from, to }, self) ?? lastRenamer(states, to, self);
      const open = isOpen(store.state, from);
      const file = this.files.get(from);
      // (A document already open under the new name is that file's: the old one only closes.)
      if (file) this.files.has(to) ? this.closeFile(file, who) : this.moveFile(file, to);
      store.renamePath(from, to);
      if (open && who !== 'you') store.notify('info', who ? `${who} renamed ${from} to ${to}.` : `${from} was renamed to ${to}.`);
    }
    for (const path of plan.deleted) {
      const who = whoDid(states, { type: 'delete', path }, self);
      const open = isOpen(store.state, path);
      const file = this.files.get(path);
      const unsynced = file?.unsynced ?? false;
      if (file) this.closeFile(file, who);
      if (open && !unsynced && who !== 'you') store.notify('info', who ? `${who} deleted ${path} from ${change}; its tab was closed.` : `${path} was deleted from ${change}; its tab was closed.`);
    }
    this.report();
    void store.applyIndex(index);
  }

  private status(): LiveStatus {
    const provider = this.indexProvider;
    const online = this.options.network?.online() ?? true;
    return {
      connection: liveConnection({ connected: provider.wsconnected, everConnected: this.everConnected.has(provider) }, online),
      unsynced: [...this.files.values()].some((f) => f.unsynced),
    };
  }

  /** Tells the store what changed (a new snapshot only when something did). */
  private report(): void {
    if (this.disposed) return;
    const files = new Map<string, LiveAccess | 'pending'>();
    for (const file of this.files.values()) files.set(file.path, file.isBound ? (file.access ?? { writable: true, reason: null }) : 'pending');
    const next: LiveState = { status: this.status(), people: this.people, files };
    const current = this.options.store.state.live;
    if (current && sameLive(current, next)) return;
    this.options.store.setLive(next);
  }
}

/** Close codes by which the server refuses what a client sent (not a network failure). */
const REFUSALS = new Set([1007, 1008, 1009]);

function activePath(state: WorkbenchState): string | undefined {
  return state.tabs.active;
}

/** True when `path` is open in a tab of either group. */
function isOpen(state: WorkbenchState, path: string): boolean {
  return [state.tabs.main, state.tabs.side].some((group) => group?.tabs.some((tab) => tab.path === path));
}

/** Who announced a rename to `to` (the last step of a chain), if anyone did. */
function lastRenamer(states: ReadonlyMap<number, unknown>, to: string, self: number): string | undefined {
  for (const state of states.values()) {
    const op = (state as { op?: { type?: unknown; from?: unknown; to?: unknown } } | null)?.op;
    if (op?.type === 'rename' && op.to === to && typeof op.from === 'string') return whoDid(states, { type: 'rename', from: op.from, to }, self);
  }
  return undefined;
}

function sameLive(a: LiveState, b: LiveState): boolean {
  if (a.status.connection !== b.status.connection || a.status.unsynced !== b.status.unsynced || a.people !== b.people || a.files.size !== b.files.size) return false;
  for (const [path, access] of a.files) {
    const other = b.files.get(path);
    if (other === undefined) return false;
    if (access === 'pending' || other === 'pending' ? access !== other : access.writable !== other.writable || access.reason !== other.reason) return false;
  }
  return true;
}
