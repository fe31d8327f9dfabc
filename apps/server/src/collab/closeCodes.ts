/**
 * Close codes of the collaboration socket (RFC 6455 §7.4.1; 44xx are
 * application codes that, as y-websocket reads them, say "do not reconnect").
 * One place, so the docs, the tests and the studio agree.
 */
export const COLLAB_CLOSE = {
  /** The server is shutting down: reconnect (y-websocket does, with backoff). */
  goingAway: 1001,
  /** A message that is not the y-websocket protocol, or an update Yjs cannot decode. */
  malformed: 1007,
  /** Sending faster than throttling can absorb ("too many updates"), or an update that reaches beyond the file's text (clientUpdateScope.ts). */
  policy: 1008,
  /** A message above `maxMessageBytes` (`ws` closes it), or an update that would pass `maxDocumentBytes`. */
  tooLarge: 1009,
  /** The server could not store an update: nothing of it was applied; reconnect and it is sent again. */
  internalError: 1011,
  /** The document was being unloaded as the socket arrived: reconnect (it loads again). */
  tryAgain: 1013,
  /** The session ended (sign-out, expiry, account disabled): sign in again. */
  sessionEnded: 4401,
  /** The document's file was deleted from the change request, or the change request is gone. */
  gone: 4404,
  /**
   * The client's copy (`?epoch=`) is of an earlier life of the file: it was deleted and created again
   * since. Sent before anything else, so nothing of the copy merges into the new document.
   */
  staleCopy: 4409,
  /** The file was renamed: the same document goes on under the new path (reopen it there, same epoch). */
  renamed: 4410,
} as const;

/** The longest close reason a WebSocket allows, in UTF-8 bytes (RFC 6455 §5.5: 125-byte control frames, 2 for the code). */
const MAX_REASON_BYTES = 123;

/** `reason` cut to what a close frame holds, never inside a character (`ws` throws on a longer one). */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) return reason;
  let cut = '';
  for (const character of reason) {
    if (Buffer.byteLength(cut + character) > MAX_REASON_BYTES - 3) break;
    cut += character;
  }
  return `${cut}...`;
}
