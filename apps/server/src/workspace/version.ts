import { createHash } from 'node:crypto';

/**
 * A file's version: the SHA-256 of its bytes, in hex. Content-addressed, so two
 * servers, a restart or a `git checkout` that restores the same bytes all agree
 * on it, and a save can tell whether the file changed since it was opened.
 */
export function versionOf(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}
