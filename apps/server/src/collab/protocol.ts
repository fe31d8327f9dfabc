/**
 * The y-websocket wire protocol as this server speaks it (notes: the
 * collaboration contract; docs/reference/server-api.md, "Live collaboration").
 *
 * Every message is one binary frame: a varUint message type, then its body.
 * Client → server: 0 sync (step 1: a state vector; step 2 or update: a Yjs
 * update), 1 awareness (an awareness update), 3 query awareness. Server →
 * client: 0 sync, 1 awareness, 100 access (`{ writable, reason }` as a JSON
 * varString), 101 persisted (a varUint count of the sender's updates on disk),
 * 102 refused (a varString reason: an edit of the client's was not taken because
 * the connection is read-only; once until it is writable again).
 *
 * `parseClientMessage` decodes a whole message before anything acts on it: a
 * truncated varint, an unknown type, trailing bytes, an update Yjs cannot
 * decode or awareness that is not JSON are refused as a `MalformedMessage`, so
 * nothing of a bad message is applied (the contract: "decode the update fully
 * before applying"). Pure: no sockets, no documents.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Server → client: whether this connection may edit, and why not. */
  access: 100,
  /** Server → client: how many of this connection's updates are on disk. */
  persisted: 101,
  /** Server → client: an edit was refused (read-only); once per read-only spell. */
  refused: 102,
} as const;

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** A Yjs update's structs and deletions (`Y.decodeUpdate`). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** A client message, decoded and checked. */
export type ClientMessage =
  | { readonly kind: 'sync-step-1'; readonly stateVector: Uint8Array }
  /** Step 2 (the client's answer to the server's step 1) and update carry the same thing: a Yjs update. */
  | { readonly kind: 'update'; readonly update: Uint8Array; readonly step2: boolean; readonly decoded: DecodedUpdate }
  | { readonly kind: 'awareness'; readonly states: readonly AwarenessEntry[] }
  | { readonly kind: 'query-awareness' };

/** One client's awareness state in an awareness update; `state` null means the client left. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly state: Record<string, unknown> | null;
}

/** A message that cannot be decoded; `reason` goes into the close frame. */
export class MalformedMessage extends Error {}

export function parseClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    switch (type) {
      case MESSAGE.sync:
        message = parseSync(decoder);
        break;
      case MESSAGE.awareness:
        message = { kind: 'awareness', states: parseAwareness(decoding.readVarUint8Array(decoder)) };
        break;
      case MESSAGE.queryAwareness:
        message = { kind: 'query-awareness' };
        break;
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the message');
    return message;
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    throw new MalformedMessage(`cannot decode it (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parseSync(decoder: decoding.Decoder): ClientMessage {
  const step = decoding.readVarUint(decoder);
  switch (step) {
    case SYNC_STEP_1: {
      const stateVector = decoding.readVarUint8Array(decoder);
      Y.decodeStateVector(stateVector);
      return { kind: 'sync-step-1', stateVector };
    }
    case SYNC_STEP_2:
    case SYNC_UPDATE: {
      const update = decoding.readVarUint8Array(decoder);
      // Throws on anything Yjs could not apply in full: the update is checked before it is stored or applied.
      const decoded = Y.decodeUpdate(update);
      return { kind: 'update', update, step2: step === SYNC_STEP_2, decoded };
    }
    default:
      throw new MalformedMessage(`unknown sync message type ${step}`);
  }
}

/** An awareness update (y-protocols/awareness `encodeAwarenessUpdate`), decoded. */
export function parseAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    let state: unknown;
    try {
      state = JSON.parse(decoding.readVarString(decoder));
    } catch {
      throw new MalformedMessage('an awareness state is not JSON');
    }
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new MalformedMessage('an awareness state is not a JSON object');
    entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the awareness update');
  return entries;
}

/** Encodes awareness entries as y-protocols' `applyAwarenessUpdate` reads them. */
export function encodeAwareness(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  return frame(MESSAGE.sync, (e) => {
    encoding.writeVarUint(e, SYNC_STEP_1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });
}

export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return frame(MESSAGE.sync, (e) => {
    encoding.writeVarUint(e, SYNC_STEP_2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  });
}

export function updateMessage(update: Uint8Array): Uint8Array {
  return frame(MESSAGE.sync, (e) => {
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  return frame(MESSAGE.awareness, (e) => encoding.writeVarUint8Array(e, update));
}

export interface AccessState {
  readonly writable: boolean;
  /** Why the connection is read-only (null when writable): shown to the person as is. */
  readonly reason: string | null;
}

export function accessMessage(access: AccessState): Uint8Array {
  return frame(MESSAGE.access, (e) => encoding.writeVarString(e, JSON.stringify({ writable: access.writable, reason: access.reason })));
}

export function refusedMessage(reason: string): Uint8Array {
  return frame(MESSAGE.refused, (e) => encoding.writeVarString(e, reason));
}

export function persistedMessage(count: number): Uint8Array {
  return frame(MESSAGE.persisted, (e) => encoding.writeVarUint(e, count));
}
