/**
 * One change request's live session in this page: the index document (who is
 * here, which files exist at which version) and one document per file opened
 * in an editor, each synced with the server over y-websocket
 * (`/api/collab/<room>`, rooms.ts) and, in a browser, kept in IndexedDB so
 * edits made offline survive a reload. It reports to the store: the
 * connection, the other people, the files bound to live documents and what
 * the server said about access; the index goes to `store.applyIndex`.
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
import { MESSAGE_ACCESS, MESSAGE_PERSISTED, parseAccess, versionOfEntry } from './protocol.ts';
import { fileRoom, indexRoom, offlineDatabaseName } from './rooms.ts';

/** What keeps a document across reloads (y-indexeddb's IndexeddbPersistence has this shape). */
export interface OfflineStore {
  readonly whenSynced: Promise<unknown>;
  destroy(): Promise<void> | void;
}

/** The browser's network state (`navigator.onLine` and its events); always online without one. */
export interface NetworkState {
  online(): boolean;
  subscribe(listener: () => void): () => void;
}

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
  /** Makes a file document's offline store (y-indexeddb in the browser); none: edits live only in memory. */
  readonly offline?: (name: string, doc: Y.Doc) => OfflineStore;
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
   * Called once when the server ends the change request's live session for good (a close code
   * 4400–4499 other than 4401, a session that ended: 4404 when the change was published or
   * withdrawn), with its reason. y-websocket does not reconnect after those.
   */
  readonly onEnded?: (reason: string) => void;
  /** Longest wait between reconnection attempts, ms (y-websocket's `maxBackoffTime`). */
  readonly maxBackoffTime?: number;
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
  readonly offlineStore: OfflineStore | undefined;
  access: LiveAccess | undefined;
  isBound: boolean;
  unsynced: boolean;
}

export class LiveChange {
  private readonly index = new Y.Doc();
  private readonly indexProvider: WebsocketProvider;
  private readonly files = new Map<string, OpenFile>();
  private readonly everConnected = new WeakSet<WebsocketProvider>();
  private readonly disposers: (() => void)[] = [];
  private people: readonly Person[] = [];
  private indexSynced = false;
  private disposed = false;

  constructor(private readonly options: LiveChangeOptions) {
    this.indexProvider = this.provider(indexRoom(options.change), this.index);
    // The index is read-only for every client: its access message says nothing new.
    this.indexProvider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => void decoding.readVarString(decoder);
    this.indexProvider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => void decoding.readVarUint(decoder);
    let ended = false;
    this.indexProvider.on('connection-close', (event: CloseEvent | null) => {
      if (!event || ended || event.code < 4400 || event.code >= 4500 || event.code === 4401) return;
      ended = true;
      options.onEnded?.(event.reason || `The server ended ${options.change}'s live session (${event.code}).`);
    });
    const awareness = this.indexProvider.awareness;
    awareness.setLocalState(localPresence(options.account, activePath(options.store.state)));
    const onPeople = () => this.updatePeople();
    awareness.on('change', onPeople);
    this.disposers.push(() => awareness.off('change', onPeople));
    const onSync = (synced: boolean) => {
      if (synced && !this.indexSynced) (this.indexSynced = true), this.applyIndex();
    };
    this.indexProvider.on('sync', onSync);
    const files = this.index.getMap('files');
    const onIndex = () => this.indexSynced && this.applyIndex();
    files.observeDeep(onIndex);
    this.disposers.push(() => files.unobserveDeep(onIndex));
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

  /** The live document of `path`, opened (and connected) on first use. */
  open(path: string): LiveFile {
    const known = this.files.get(path);
    if (known) return known;
    const doc = new Y.Doc();
    const text = doc.getText('content');
    const provider = this.provider(fileRoom(this.options.change, path), doc);
    provider.awareness.setLocalStateField('user', localPresence(this.options.account, undefined).user);
    const offlineStore = this.options.offline?.(offlineDatabaseName(this.options.workspace, this.options.change, path), doc);
    const fromServer = new Promise<void>((resolve) => {
      const onSync = (synced: boolean) => synced && (provider.off('sync', onSync), resolve());
      provider.on('sync', onSync);
    });
    // Offline after a reload: what IndexedDB kept is the content to show (it merges when back online).
    const fromOffline = offlineStore ? offlineStore.whenSynced.then(() => (text.length > 0 ? undefined : fromServer)) : fromServer;
    const file: OpenFile = {
      path,
      doc,
      text,
      awareness: provider.awareness,
      provider,
      offlineStore,
      ready: Promise.race([fromServer, fromOffline]),
      access: undefined,
      isBound: false,
      unsynced: false,
      bound: () => {
        file.isBound = true;
        this.report();
      },
    };
    provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
      const access = parseAccess(decoding.readVarString(decoder));
      if (!access || (access.writable === file.access?.writable && access.reason === file.access?.reason)) return;
      const changed = file.access !== undefined;
      file.access = access;
      this.report();
      if (changed || !access.writable) this.options.onAccessChanged?.();
    };
    provider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => void decoding.readVarUint(decoder);
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && REFUSALS.has(event.code)) this.options.onRefused?.(path, event.reason || `closed with ${event.code}`);
    });
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider && origin !== offlineStore && !provider.wsconnected && !file.unsynced) (file.unsynced = true), this.report();
    });
    provider.on('sync', (synced: boolean) => synced && file.unsynced && ((file.unsynced = false), this.report()));
    if (this.options.network && !this.options.network.online()) provider.disconnect();
    this.files.set(path, file);
    this.report();
    return file;
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
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const file of this.files.values()) {
      file.provider.destroy();
      void file.offlineStore?.destroy();
      file.doc.destroy();
    }
    this.files.clear();
    this.indexProvider.destroy();
    this.index.destroy();
    this.options.store.setLive(undefined);
  }

  private provider(room: string, doc: Y.Doc): WebsocketProvider {
    const provider = new WebsocketProvider(this.options.serverUrl, room, doc, {
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

  private providers(): WebsocketProvider[] {
    return [this.indexProvider, ...[...this.files.values()].map((f) => f.provider)];
  }

  private updatePeople(): void {
    const people = peopleFromStates(this.indexProvider.awareness.getStates(), this.options.account);
    if (JSON.stringify(people) === JSON.stringify(this.people)) return;
    this.people = people;
    this.report();
  }

  private applyIndex(): void {
    const index = new Map<string, string>();
    for (const [path, entry] of this.index.getMap('files')) {
      const version = versionOfEntry(entry);
      if (version !== undefined) index.set(path, version);
    }
    // An empty index is a server that keeps none (or has not made it yet), never a change request without files.
    if (index.size > 0) void this.options.store.applyIndex(index);
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

function sameLive(a: LiveState, b: LiveState): boolean {
  if (a.status.connection !== b.status.connection || a.status.unsynced !== b.status.unsynced || a.people !== b.people || a.files.size !== b.files.size) return false;
  for (const [path, access] of a.files) {
    const other = b.files.get(path);
    if (other === undefined) return false;
    if (access === 'pending' || other === 'pending' ? access !== other : access.writable !== other.writable || access.reason !== other.reason) return false;
  }
  return true;
}
