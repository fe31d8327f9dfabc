/**
 * The workspace content hash a simulation report records: which files, with
 * which bytes, it ran on. SHA-256 over every file sorted by path (code-unit
 * order), each written as `path`, a NUL, its length in bytes (decimal), a NUL
 * and its bytes; so moving text between files or renaming one changes it, and
 * the order files were read in does not.
 */
import { sha256Hex } from './sha256.ts';

export interface HashedFile {
  /** Workspace-relative, `/`-separated (as `readWorkspace` returns it). */
  readonly path: string;
  readonly content: string | Uint8Array;
}

const ENCODER = new TextEncoder();

export function workspaceHash(files: readonly HashedFile[]): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const file of sorted) {
    const content = typeof file.content === 'string' ? ENCODER.encode(file.content) : file.content;
    const header = ENCODER.encode(`${file.path}\u0000${content.length}\u0000`);
    parts.push(header, content);
    length += header.length + content.length;
  }
  const all = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return sha256Hex(all);
}
