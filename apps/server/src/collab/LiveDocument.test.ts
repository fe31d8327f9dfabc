/**
 * How LiveDocument relays a client's update: only once it is stored, a live edit's message as it
 * was received (before the document applies it), a sync step 2 and anything that completes updates
 * waiting for missing ones from the document's 'update' event. Real Y.Docs on both sides; the
 * storage is an in-memory one whose appends resolve when the test says (what the disk does).
 */
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LiveDocument, type Peer } from './LiveDocument.ts';
import type { DocumentStorage } from './persistence/index.ts';
import { updateMessage } from './protocol.ts';

/** Storage that holds each append until `flush` (the durable write returning). */
function heldStorage() {
  const held: (() => void)[] = [];
  const stored: Uint8Array[] = [];
  const storage: DocumentStorage = {
    load: async () => [],
    append: (update) =>
      new Promise<void>((resolve) =>
        held.push(() => {
          stored.push(update);
          resolve();
        }),
      ),
    compact: async () => undefined,
    storedBytes: 0,
    loggedUpdates: 0,
    close: async () => undefined,
  };
  return { storage, stored, flush: () => held.splice(0).forEach((release) => release()) };
}

/** A peer that keeps every message and applies the sync updates it gets to its own document. */
function peer() {
  const doc = new Y.Doc();
  const messages: Uint8Array[] = [];
  const self: Peer & { doc: Y.Doc; messages: Uint8Array[] } = {
    doc,
    messages,
    send(message) {
      messages.push(message);
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== 0) return;
      decoding.readVarUint(decoder); // step 2 or update
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
    },
  };
  return self;
}

/** A client's edits: each update it makes, and the message y-websocket sends for it. */
function client(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    doc,
    type(index: number, text: string) {
      doc.getText('content').insert(index, text);
      return updates.at(-1)!;
    },
  };
}

function liveDocument(storage: DocumentStorage) {
  return new LiveDocument('file/flows/a.flow.yaml', storage, { maxDocumentBytes: 1 << 20, compactAfterUpdates: 1000, onLoadProblem: () => undefined });
}

type TestPeer = ReturnType<typeof peer>;

/** A document on held storage with `count` peers connected (the first one writes). */
function documentWithPeers(count: number) {
  const held = heldStorage();
  const document = liveDocument(held.storage);
  const peers = Array.from({ length: count }, () => peer());
  for (const p of peers) document.addPeer(p);
  return { ...held, document, peers };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('LiveDocument relays a client update', () => {
  it('a live edit: nothing before it is stored, then its message as received to every other peer, once, and the document holds it', async () => {
    const { stored, flush, document, peers } = documentWithPeers(3);
    const [writer, other, third] = peers as [TestPeer, TestPeer, TestPeer];
    const alice = client(1);
    const update = alice.type(0, 'kind: flow\n');
    const frame = updateMessage(update);

    const submitted = document.submit(update, writer, frame);
    await tick();
    expect(other.messages).toEqual([]);
    expect(document.text).toBe('');

    flush();
    expect(await submitted).toBe('applied');
    expect(stored).toEqual([update]);
    // The very bytes received (not an encoding of its own), once, and not back to the writer.
    expect(other.messages).toHaveLength(1);
    expect(other.messages[0]).toBe(frame);
    expect(third.messages).toEqual([frame]);
    expect(writer.messages).toEqual([]);
    expect(document.text).toBe('kind: flow\n');
    expect(other.doc.getText('content').toString()).toBe('kind: flow\n');
  });

  it('a sync step 2 (no message to forward) is relayed from the document: what it did not have', async () => {
    const { flush, document, peers } = documentWithPeers(2);
    const [writer, other] = peers as [TestPeer, TestPeer];
    const alice = client(1);
    const first = alice.type(0, 'one ');
    const submittedFirst = document.submit(first, writer, updateMessage(first));
    flush();
    await submittedFirst;
    alice.type(4, 'two ');
    // A reconnecting client's step 2 holds everything it has, the first edit again included.
    const step2 = Y.encodeStateAsUpdate(alice.doc);
    const submitted = document.submit(step2, writer);
    flush();
    await submitted;
    expect(other.messages).toHaveLength(2);
    const relayed = other.messages[1]!;
    expect(relayed.length).toBeLessThan(updateMessage(step2).length);
    expect(other.doc.getText('content').toString()).toBe('one two ');
  });

  it('an edit that completes updates waiting for it is relayed with them, so every peer ends with the document', async () => {
    const { flush, document, peers } = documentWithPeers(2);
    const [writer, other] = peers as [TestPeer, TestPeer];
    const alice = client(1);
    const first = alice.type(0, 'one ');
    const second = alice.type(4, 'two ');
    // The second edit arrives first, in a sync step 2: the document keeps it waiting for the first,
    // and relays nothing of it.
    const early = document.submit(second, writer);
    flush();
    await early;
    expect(document.text).toBe('');
    expect(other.messages).toEqual([]);
    // Then the first arrives as a live edit: it completes the second, and both reach the other peer.
    const late = document.submit(first, writer, updateMessage(first));
    flush();
    await late;
    expect(document.text).toBe('one two ');
    expect(other.doc.getText('content').toString()).toBe('one two ');
  });
});
