/**
 * Where a live document's files are and how each begins.
 *
 * File names are the SHA-256 hex of the document's name (`index`,
 * `file/flows/card_lost.yaml`): a name holds slashes, dots and anything a
 * workspace path may hold, and a hash turns all of it into 64 safe characters,
 * so no name can reach outside the folder (path traversal is impossible by
 * construction, not by a check that could miss a case). The name itself is
 * recorded in each file's first record, so `ls live/` can be mapped back
 * (docs/reference/live-documents.md shows how) and a file renamed by hand or
 * a hash collision is noticed instead of loading the wrong document.
 *
 * Three files per document: the snapshot, the log, and, only while a
 * compaction runs (or after a crash in one), the next log, which takes the
 * appends while the snapshot of the log before it is written
 * (FileDocumentStorage, "Compaction").
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { decodeRecords, DocumentStorageCorruptError, encodeRecord } from './recordFraming.ts';

export type DocumentFileKind = 'log' | 'snapshot';

/**
 * 8 bytes at the start of each file: what it is and the format version, the
 * one written now first. A log of version 02 may end in zero bytes (space made
 * ahead of appends) and may have a next log beside it; version 01 (before
 * both) is read as well, and its magic number is rewritten to 02 when it is
 * opened for writing, so a server that knows only 01 refuses it instead of
 * missing a next log.
 */
const MAGIC: Record<DocumentFileKind, readonly string[]> = { log: ['CQYLOG02', 'CQYLOG01'], snapshot: ['CQYSNP01'] };
export const MAGIC_BYTES = 8;

/** The files of document `name` in `dir`. */
export interface DocumentPaths {
  readonly log: string;
  /** The log that takes appends while a compaction writes the snapshot of `log`; renamed to `log` once it is written. */
  readonly nextLog: string;
  readonly snapshot: string;
}

export function documentPaths(dir: string, name: string): DocumentPaths {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('a live document needs a non-empty name');
  const stem = createHash('sha256').update(name, 'utf8').digest('hex');
  return { log: join(dir, `${stem}.log`), nextLog: join(dir, `${stem}.next.log`), snapshot: join(dir, `${stem}.snapshot`) };
}

/** The magic number files of `kind` are written with now. */
export function currentMagic(kind: DocumentFileKind): Uint8Array {
  return new TextEncoder().encode(MAGIC[kind][0]);
}

/** The magic number and the header record naming the document: how every file of `kind` starts. */
export function encodeFileStart(kind: DocumentFileKind, name: string): Uint8Array {
  const magic = currentMagic(kind);
  const header = encodeRecord(new TextEncoder().encode(JSON.stringify({ document: name })));
  const out = new Uint8Array(magic.length + header.length);
  out.set(magic);
  out.set(header, magic.length);
  return out;
}

export interface ParsedDocumentFile {
  /** The records after the header. */
  readonly records: Uint8Array[];
  /** Offset just after the last whole record (the header's, when there are none). */
  readonly end: number;
  /** Bytes of a torn last record, to be cut off (0 when the file ends cleanly, maybe in zeros made ahead). */
  readonly tornBytes: number;
  /** Whether the file has the current magic number (false: an older version, still readable). */
  readonly current: boolean;
}

/**
 * Parses a file of `kind` that must belong to document `name`. A file whose
 * start is not whole was never made by `encodeFileStart` + an atomic write, so
 * it is corruption, never a torn tail.
 */
export function parseDocumentFile(bytes: Uint8Array, kind: DocumentFileKind, file: string, name: string): ParsedDocumentFile {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC_BYTES));
  const version = MAGIC[kind].indexOf(magic);
  if (version < 0) throw new DocumentStorageCorruptError(file, 0, `it does not start with ${MAGIC[kind].join(' or ')} (not a live-document ${kind}, or a newer format)`);
  const { records, end, tornBytes } = decodeRecords(bytes, MAGIC_BYTES, file);
  const [header, ...rest] = records;
  if (header === undefined) throw new DocumentStorageCorruptError(file, MAGIC_BYTES, 'its header record is missing');
  const recorded = readHeaderName(header);
  if (recorded !== name) {
    throw new DocumentStorageCorruptError(file, MAGIC_BYTES, `it holds document ${JSON.stringify(recorded)}, not ${JSON.stringify(name)} (a file renamed by hand?)`);
  }
  return { records: rest, end, tornBytes, current: version === 0 };
}

/** The document name a file's header records, or undefined for a header that is not JSON `{ document }`. */
function readHeaderName(header: Uint8Array): string | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(header)) as { document?: unknown };
    return typeof value.document === 'string' ? value.document : undefined;
  } catch {
    return undefined;
  }
}
