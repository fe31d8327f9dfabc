/**
 * A file document's epoch: which life of the file a copy of its document
 * belongs to (notes/fileops-contract.md, "Epoch").
 *
 * A file deleted from a change request and created again gets a new
 * document. A client's offline copy (y-indexeddb) of the old one must never
 * merge into it: the two share no history, so Yjs would keep both texts, one
 * after the other. The epoch, a random 128-bit value the server writes into
 * the document when it seeds it, tells them apart: the client names the epoch
 * of its copy when it connects (`?epoch=`), and a different one is refused
 * before anything is sent (close 4409).
 *
 * It lives inside the document (`doc.getMap('document').get('epoch')`), not
 * beside it, so it is stored, compacted, moved by a rename and carried into
 * every client's copy by the ordinary sync, with nothing else to keep in step
 * (decision 0017, addendum).
 */
import { randomBytes } from 'node:crypto';
import type * as Y from 'yjs';

/** The map of a file document that holds what the server says about it. */
export const DOCUMENT_MAP = 'document';
export const EPOCH_KEY = 'epoch';

const EPOCH = /^[0-9a-f]{32}$/;

/** A new epoch: 128 random bits, hex. */
export function newEpoch(): string {
  return randomBytes(16).toString('hex');
}

/** Whether `value` has an epoch's shape (what `?epoch=` must be). */
export function isEpoch(value: unknown): value is string {
  return typeof value === 'string' && EPOCH.test(value);
}

/** The epoch `doc` holds, or undefined when it has none (a document stored before epochs, or not a file document). */
export function epochOf(doc: Y.Doc): string | undefined {
  const value = doc.getMap(DOCUMENT_MAP).get(EPOCH_KEY);
  return isEpoch(value) ? value : undefined;
}
