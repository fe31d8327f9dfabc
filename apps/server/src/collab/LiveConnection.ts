/**
 * One client's socket on one live document: throttling, access and the
 * y-websocket messages (protocol.ts).
 *
 * Incoming messages queue and are handled at most `updatesPerSecond` a second
 * after a `burst` (a token bucket): a faster client is slowed down, not cut
 * off, unless its queue passes `maxBacklogMessages` / `maxBacklogBytes`
 * (close 1008). While the change request is being settled for a decision
 * (LiveDocuments.settle), the queue waits too.
 *
 * Every document update is checked against the connection's access at the
 * moment it is handled: a read-only connection's updates are dropped (never
 * applied, relayed or stored), and it stays connected to receive the others'.
 * Each bad message closes this connection only, with a code from
 * closeCodes.ts; nothing of it reaches the document.
 */
import { closeReason, COLLAB_CLOSE } from './closeCodes.ts';
import type { CollabSettings } from './collabSettings.ts';
import type { LiveDocument, Peer } from './LiveDocument.ts';
import { outsideText } from './clientUpdateScope.ts';
import { accessMessage, MalformedMessage, parseClientMessage, persistedMessage, refusedMessage, syncStep1Message, syncStep2Message, type AccessState, type ClientMessage, type DecodedUpdate } from './protocol.ts';

/** The part of a `ws` WebSocket used here. */
export interface CollabSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

const OPEN = 1;
/** Unsent bytes a client may leave waiting before it counts as not reading (then closed: it reconnects and resyncs). */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** An empty Yjs update (no structs, no deletions): what a client with nothing new sends in its sync step 2. */
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

export interface ConnectionHost {
  /** Resolves when the change request is not being settled; immediately most of the time. */
  gate(): Promise<void> | undefined;
  /** This connection's access right now (the change request's state, the account's roles, the document kind). */
  access(): AccessState;
  /** An update of `account` was accepted (for the audit record of the edit). */
  edited(account: string): void;
  closed(connection: LiveConnection): void;
}

export class LiveConnection implements Peer {
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private tokens: number;
  private refilledAt = performance.now();
  private draining = false;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private persistedCount = 0;
  private persistedScheduled = false;
  private lastAccess: AccessState | undefined;
  /** Whether this read-only spell's refused message went out (the typist is told once, not per keystroke). */
  private refusalSaid = false;

  constructor(
    private readonly socket: CollabSocket,
    readonly document: LiveDocument,
    readonly account: string,
    /** The session the socket was opened in: closed with 4401 when it ends. */
    readonly sessionKey: string,
    private readonly settings: CollabSettings,
    private readonly host: ConnectionHost,
  ) {
    this.tokens = settings.burst;
    socket.on('message', (data) => this.receive(toBytes(data)));
    socket.on('close', () => this.dispose());
    document.addPeer(this);
    this.send(syncStep1Message(document.doc));
    const awareness = document.awarenessSnapshot();
    if (awareness) this.send(awareness);
    this.refreshAccess();
  }

  send(message: Uint8Array): void {
    if (this.closed || this.socket.readyState !== OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) return this.close(COLLAB_CLOSE.policy, 'not reading: too much unsent');
    this.socket.send(message);
  }

  persisted(): void {
    this.persistedCount++;
    if (this.persistedScheduled) return;
    this.persistedScheduled = true;
    queueMicrotask(() => {
      this.persistedScheduled = false;
      this.send(persistedMessage(this.persistedCount));
    });
  }

  /**
   * Sends the access message when it differs from the last one sent (and the first time). When the
   * connection becomes writable again (a change request sent back for changes), it also asks the
   * client for what it has that the server lacks (a sync step 1): keystrokes refused while it was
   * read-only are still in the client's document, and its next edits build on them, so without them
   * those edits would wait on the server as missing dependencies, seen by nobody.
   */
  refreshAccess(): void {
    const access = this.host.access();
    const before = this.lastAccess;
    if (before && before.writable === access.writable && before.reason === access.reason) return;
    this.lastAccess = access;
    if (access.writable) this.refusalSaid = false;
    this.send(accessMessage(access));
    if (before && !before.writable && access.writable) this.send(syncStep1Message(this.document.doc));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.socket.close(code, closeReason(reason));
    this.dispose();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.wakeTimer);
    this.queue.length = 0;
    this.document.removePeer(this);
    this.host.closed(this);
  }

  private receive(data: Uint8Array): void {
    if (this.closed) return;
    if (data.length > this.settings.maxMessageBytes) return this.close(COLLAB_CLOSE.tooLarge, `message too large (${data.length} bytes; the limit is ${this.settings.maxMessageBytes})`);
    this.queue.push(data);
    this.queuedBytes += data.length;
    if (this.queue.length > this.settings.maxBacklogMessages || this.queuedBytes > this.settings.maxBacklogBytes) return this.close(COLLAB_CLOSE.policy, 'too many updates');
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const gate = this.host.gate();
        if (gate) {
          await gate;
          continue;
        }
        this.refill();
        if (this.tokens < 1) {
          const waitMs = Math.ceil(((1 - this.tokens) / this.settings.updatesPerSecond) * 1000);
          this.wakeTimer = setTimeout(() => void this.drain(), waitMs);
          return;
        }
        this.tokens--;
        const data = this.queue.shift()!;
        this.queuedBytes -= data.length;
        this.handle(data);
      }
    } finally {
      this.draining = false;
    }
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.settings.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.settings.updatesPerSecond);
    this.refilledAt = now;
  }

  private handle(data: Uint8Array): void {
    let message: ClientMessage;
    try {
      message = parseClientMessage(data);
    } catch (error) {
      if (error instanceof MalformedMessage) return this.close(COLLAB_CLOSE.malformed, `malformed message: ${error.message}`);
      throw error;
    }
    switch (message.kind) {
      case 'sync-step-1':
        return this.send(syncStep2Message(this.document.doc, message.stateVector));
      case 'update':
        // A live edit's message is forwarded as received once stored; a sync step 2 is not (LiveDocument.submit).
        return this.update(message.update, message.decoded, message.step2 ? undefined : data);
      case 'awareness':
        return this.document.applyAwareness(this, message.states, this.account);
      case 'query-awareness': {
        const awareness = this.document.awarenessSnapshot();
        if (awareness) this.send(awareness);
        return;
      }
      default:
        message satisfies never;
    }
  }

  private update(update: Uint8Array, decoded: DecodedUpdate, frame: Uint8Array | undefined): void {
    if (isEmptyUpdate(update)) return;
    // The state is checked on every update: a change request submitted a moment ago refuses this one.
    const access = this.host.access();
    if (!access.writable) {
      this.refreshAccess();
      // Keystrokes typed before the client learnt it is read-only stay in its document only: say so.
      if (!this.refusalSaid) {
        this.refusalSaid = true;
        this.send(refusedMessage(access.reason ?? 'This connection is read-only.'));
      }
      return;
    }
    const outside = outsideText(this.document.doc, decoded);
    if (outside) return this.close(COLLAB_CLOSE.policy, outside);
    this.document.submit(update, this, frame).then(
      (outcome) => {
        if (outcome === 'too-large') this.close(COLLAB_CLOSE.tooLarge, 'document too large');
        else this.host.edited(this.account);
      },
      () => this.close(COLLAB_CLOSE.internalError, 'the update could not be stored; reconnect to send it again'),
    );
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
