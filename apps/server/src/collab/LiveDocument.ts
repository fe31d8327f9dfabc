/**
 * One live document in memory: a Y.Doc, its awareness, its durable storage
 * and the peers connected to it. Transport-free: a peer is anything with
 * `send` (LiveConnection wraps a socket), so the document logic runs without
 * a port.
 *
 * Durability rule (the contract's "Durability"): every update, a client's or
 * the server's own, is appended to the storage and on disk BEFORE it is
 * applied to the shared Y.Doc or relayed. Answering a sync reads that Y.Doc,
 * and a relay is either the stored update as it was received or the Y.Doc's
 * own 'update' event (`submit`), so nobody ever sees an update a crash could
 * lose.
 * Appends start at once (the storage batches those arriving during one fsync
 * into the next: group commit); applies happen in arrival order on one chain.
 *
 * Compaction (snapshot + empty log) runs when the log holds
 * `compactAfterUpdates` updates and nothing is in flight, when the document
 * nears its size limit, and when it is closed. Updates do not wait for it.
 */
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DOCUMENT_MAP, EPOCH_KEY, epochOf } from './documentEpoch.ts';
import type { DocumentStorage } from './persistence/index.ts';
import { awarenessMessage, encodeAwareness, updateMessage, type AwarenessEntry } from './protocol.ts';
import { mergeReplacement } from './textDiff.ts';

/** Someone connected to the document. */
export interface Peer {
  send(message: Uint8Array): void;
  /** Called once this peer's update is on disk and applied (for the "persisted" signal). */
  persisted?(): void;
}

/** Where an update came from: a peer, or the server itself (seeding, REST edits, the file index). */
export type UpdateOrigin = Peer | 'server' | 'storage';

export type SubmitOutcome = 'applied' | 'too-large';

/** An entry of the index document's `renamed` map: where a file went, and the epoch of the document that went with it. */
export interface RenameEntry {
  readonly to: string;
  readonly epoch: string;
}

export interface LiveDocumentOptions {
  readonly maxDocumentBytes: number;
  readonly compactAfterUpdates: number;
  /** A stored update could not be applied at load (it is skipped); the document still opens. */
  readonly onLoadProblem: (message: string) => void;
}

export class LiveDocument {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  private readonly peers = new Map<Peer, Set<number>>();
  /** Which peer announced each awareness client id: nobody else may change or remove it. */
  private readonly awarenessOwners = new Map<number, Peer>();
  private tail: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private pendingBytes = 0;
  private compacting: Promise<void> | null = null;
  /** The peer whose update is being applied after it was forwarded as received (`submit`): not relayed again. */
  private forwarded: Peer | undefined;
  /** Counts applied updates: a cheap "has the text changed since" check. */
  revision = 0;

  constructor(
    /** `index` or `file/<path>`: the storage name. */
    readonly name: string,
    private readonly storage: DocumentStorage,
    private readonly options: LiveDocumentOptions,
  ) {
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: UpdateOrigin) => {
      this.revision++;
      if (origin === 'storage' || origin === this.forwarded) return;
      const message = updateMessage(update);
      for (const peer of this.peers.keys()) if (peer !== origin) peer.send(message);
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const changed = [...added, ...updated, ...removed];
      const message = awarenessMessage(encodeAwarenessUpdate(this.awareness, changed));
      for (const peer of this.peers.keys()) peer.send(message);
    });
  }

  /** Applies what storage holds; false when it holds nothing (a new document). */
  async load(): Promise<boolean> {
    const stored = await this.storage.load();
    for (const [index, update] of stored.entries()) {
      try {
        Y.applyUpdate(this.doc, update, 'storage');
      } catch (error) {
        this.options.onLoadProblem(`live document ${this.name}: stored update ${index} cannot be applied and is skipped (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    return stored.length > 0;
  }

  get text(): string {
    return this.doc.getText('content').toString();
  }

  /** The file document's epoch (documentEpoch.ts); undefined before `seed` gave it one. */
  get epoch(): string | undefined {
    return epochOf(this.doc);
  }

  get peerCount(): number {
    return this.peers.size;
  }

  get storedBytes(): number {
    return this.storage.storedBytes;
  }

  addPeer(peer: Peer): void {
    this.peers.set(peer, new Set());
  }

  removePeer(peer: Peer): void {
    const owned = this.peers.get(peer);
    if (!owned) return;
    this.peers.delete(peer);
    for (const id of owned) this.awarenessOwners.delete(id);
    removeAwarenessStates(this.awareness, [...owned], peer);
  }

  /**
   * Stores `update`, then relays and applies it. Resolves `too-large` when it would take the
   * stored document above the limit even after compaction (nothing stored or applied); rejects when
   * storing fails (nothing applied or relayed).
   *
   * `frame`: the peer's message that carries exactly this update (a live edit, decoded and checked),
   * forwarded as received to the other peers once the update is stored, before the document applies
   * it, so the apply and a new encoding are not on the path of the relay. Without it (a sync step 2,
   * which carries the client's whole delete set; the server's own edits), the update is relayed from
   * the document's 'update' event, which carries only what the document did not have.
   */
  async submit(update: Uint8Array, origin: Peer | 'server', frame?: Uint8Array): Promise<SubmitOutcome> {
    if (this.wouldExceed(update.length)) {
      await this.compact();
      if (this.wouldExceed(update.length)) return 'too-large';
    }
    this.inFlight++;
    this.pendingBytes += update.length;
    // Not behind a compaction: the storage takes appends while it writes the snapshot.
    const stored = this.storage.append(update);
    const applied = this.tail.then(() => stored).then(() => this.integrate(update, origin, frame));
    this.tail = applied.catch(() => undefined);
    try {
      await applied;
    } finally {
      this.inFlight--;
      this.pendingBytes -= update.length;
    }
    if (origin !== 'server') origin.persisted?.();
    if (this.inFlight === 0 && this.storage.loggedUpdates >= this.options.compactAfterUpdates) void this.compact().catch(() => undefined);
    return 'applied';
  }

  /** Applies a stored update, relaying it as `submit` says. */
  private integrate(update: Uint8Array, origin: Peer | 'server', frame: Uint8Array | undefined): void {
    // With updates waiting for missing ones, this one may complete them, and the document's 'update'
    // event then carries them too: only that relays them all.
    const pending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    if (frame === undefined || origin === 'server' || pending) return Y.applyUpdate(this.doc, update, origin);
    for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
    this.forwarded = origin;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } finally {
      this.forwarded = undefined;
    }
  }

  /**
   * Writes `content`, written against `base`, as a server update (stored first): the span it
   * changes, merged with live edits made since `base` (textDiff.ts `mergeReplacement`). Without a
   * base (seeding), the smallest replacement of the whole text.
   */
  async replaceText(content: string, base?: string): Promise<SubmitOutcome> {
    return this.serverEdit((doc) => {
      const text = doc.getText('content');
      const current = text.toString();
      const change = mergeReplacement(base ?? current, current, content);
      if (!change) return;
      if (change.remove > 0) text.delete(change.index, change.remove);
      if (change.insert !== '') text.insert(change.index, change.insert);
    });
  }

  /**
   * Seeds a file document as one server update: `epoch` unless it has one already (a document stored
   * before epochs gets it at its next load), and `content` as its text when its text is empty (a new
   * document). Nothing when there is nothing to add.
   */
  async seed(epoch: string, content = ''): Promise<SubmitOutcome> {
    return this.serverEdit((doc) => {
      if (epochOf(doc) === undefined) doc.getMap(DOCUMENT_MAP).set(EPOCH_KEY, epoch);
      const text = doc.getText('content');
      if (content !== '' && text.length === 0) text.insert(0, content);
    });
  }

  /**
   * Updates the file index as one server update: in the `files` map each path to `{ version }`, or
   * removed for null (`complete` also removes every path not in `changes`); in the `renamed` map each
   * rename in `renames` (from → `{ to, epoch }`), and no entry for a path that is a file again (it was
   * created again, or renamed back: its document is another one, and a chain must never loop).
   */
  async updateIndex(changes: ReadonlyMap<string, string | null>, complete: boolean, renames: ReadonlyMap<string, RenameEntry> = new Map()): Promise<SubmitOutcome> {
    return this.serverEdit((doc) => {
      const files = doc.getMap<{ version: string }>('files');
      if (complete) for (const path of [...files.keys()]) if (!changes.has(path)) files.delete(path);
      for (const [path, version] of changes) {
        if (version === null) files.delete(path);
        else if (files.get(path)?.version !== version) files.set(path, { version });
      }
      const renamed = doc.getMap<RenameEntry>('renamed');
      for (const [from, entry] of renames) renamed.set(from, entry);
      for (const from of [...renamed.keys()]) if (files.has(from)) renamed.delete(from);
    });
  }

  /**
   * A server edit is made on a copy of the document, and the copy's update goes through `submit`
   * like a client's: stored before it is applied here.
   */
  private async serverEdit(edit: (doc: Y.Doc) => void): Promise<SubmitOutcome> {
    await this.idle();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    const updates: Uint8Array[] = [];
    copy.on('update', (update: Uint8Array) => updates.push(update));
    copy.transact(() => edit(copy));
    copy.destroy();
    if (updates.length === 0) return 'applied';
    return this.submit(Y.mergeUpdates(updates), 'server');
  }

  /**
   * Applies a peer's awareness entries: only for client ids that peer announced first (nobody can
   * move or remove another's cursor), with `user.name` set to `account` (the session's, not the claim).
   */
  applyAwareness(peer: Peer, entries: readonly AwarenessEntry[], account: string): void {
    const owned = this.peers.get(peer);
    if (!owned) return;
    const accepted: AwarenessEntry[] = [];
    for (const entry of entries) {
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner !== undefined && owner !== peer) continue;
      if (owner === undefined && entry.state !== null) {
        this.awarenessOwners.set(entry.clientId, peer);
        owned.add(entry.clientId);
      }
      accepted.push({ ...entry, state: entry.state === null ? null : withName(entry.state, account) });
    }
    if (accepted.length > 0) applyAwarenessUpdate(this.awareness, encodeAwareness(accepted), peer);
  }

  /** Every awareness state, for a new peer or a query. Null when there is none. */
  awarenessSnapshot(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length === 0 ? null : awarenessMessage(encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Resolves once every update submitted so far is applied (or failed). */
  async idle(): Promise<void> {
    while (this.inFlight > 0) await this.tail;
    if (this.compacting) await this.compacting;
  }

  /** Snapshot + empty log, once nothing is in flight. Appends arriving meanwhile wait for it. */
  async compact(): Promise<void> {
    await this.idle();
    if (this.compacting) return this.compacting;
    if (this.storage.loggedUpdates === 0) return;
    this.compacting = this.storage.compact(Y.encodeStateAsUpdate(this.doc)).finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  /** Compacts, releases the storage and the Y.Doc. Peers must have been removed. */
  async close(options: { readonly compact: boolean } = { compact: true }): Promise<void> {
    try {
      if (options.compact) await this.compact();
      else await this.idle();
    } finally {
      await this.storage.close();
      this.awareness.destroy();
      this.doc.destroy();
    }
  }

  private wouldExceed(bytes: number): boolean {
    return this.storage.storedBytes + this.pendingBytes + bytes > this.options.maxDocumentBytes;
  }
}

function withName(state: Record<string, unknown>, account: string): Record<string, unknown> {
  const user = state['user'];
  return { ...state, user: { ...(typeof user === 'object' && user !== null && !Array.isArray(user) ? user : {}), name: account } };
}
