/**
 * The collaboration server's own messages beside the y-websocket protocol
 * (the contract's "Access"): type 100 `{ writable, reason }` as a JSON string
 * (lib0 `writeVarString`), sent after connect and whenever it changes; type
 * 101 `persisted` (a varUint), which this studio only consumes; type 102
 * `refused` (a varString reason): an edit of ours was not taken because the
 * connection is read-only, said once per read-only spell. Pure.
 */
import type { LiveAccess } from '../state/editAccess.ts';

export const MESSAGE_ACCESS = 100;
export const MESSAGE_PERSISTED = 101;
export const MESSAGE_REFUSED = 102;

/**
 * The server's close codes (apps/server/src/collab/closeCodes.ts; the 44xx ones y-websocket does
 * not retry by itself). On a file document 4404, 4409 and 4410 concern that file only; only the
 * index document's 4404 ends the change request's live session.
 */
export const CLOSE = {
  /** The session ended (sign-out, expiry): sign in again, then reconnect. */
  sessionEnded: 4401,
  /** The file was deleted from the change request (on the index: the change request is gone). */
  gone: 4404,
  /** This copy of the file's document is older than the file: it was deleted and created again since. */
  staleCopy: 4409,
  /** The file was renamed; the index's `renamed` map says to what. */
  renamed: 4410,
} as const;

/** The access message's payload, or undefined for anything else (a newer server, a bug): then nothing changes. */
export function parseAccess(json: string): LiveAccess | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const v = value as { writable?: unknown; reason?: unknown } | null;
  if (typeof v !== 'object' || v === null || typeof v.writable !== 'boolean') return undefined;
  return { writable: v.writable, reason: typeof v.reason === 'string' && v.reason.trim() !== '' ? v.reason : null };
}

/** The index document's entry of a file (`{ version }`, a plain object or a Y.Map): its version, or undefined. */
export function versionOfEntry(entry: unknown): string | undefined {
  const e = entry as { version?: unknown; get?: (key: string) => unknown } | null;
  if (typeof e !== 'object' || e === null) return undefined;
  const version = typeof e.get === 'function' ? e.get('version') : e.version;
  return typeof version === 'string' ? version : undefined;
}
