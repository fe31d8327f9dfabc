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
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { decodeRecords, DocumentStorageCorruptError, encodeRecord } from './recordFraming.ts';

export type DocumentFileKind = 'log' | 'snapshot';

/** 8 bytes at the start of each file: what it is and the format version. */
const MAGIC: Record<DocumentFileKind, string> = { log: 'CQYLOG01', snapshot: 'CQYSNP01' };
const MAGIC_BYTES = 8;

/** The two files of document `name` in `dir`. */
export function documentPaths(dir: string, name: string): Record<DocumentFileKind, string> {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('a live document needs a non-empty name');
  const stem = createHash('sha256').update(name, 'utf8').digest('hex');
  return { log: join(dir, `${stem}.log`), snapshot: join(dir, `${stem}.snapshot`) };
}

/** The magic number and the header record naming the document: how every file of `kind` starts. */
export function encodeFileStart(kind: DocumentFileKind, name: string): Uint8Array {
  const magic = new TextEncoder().encode(MAGIC[kind]);
  const header = encodeRecord(new TextEncoder().encode(JSON.stringify({ document: name })));
  const out = new Uint8Array(magic.length + header.length);
  out.set(magic);
  out.set(header, magic.length);
  return out;
}

export interface ParsedDocumentFile {
  /** The records after the header. */
  readonly records: Uint8Array[];
  /** Bytes of a torn last record, to be cut off. */
  readonly tornBytes: number;
}

/**
 * Parses a file of `kind` that must belong to document `name`. A file whose
 * start is not whole was never made by `encodeFileStart` + an atomic write, so
 * it is corruption, never a torn tail.
 */
export function parseDocumentFile(bytes: Uint8Array, kind: DocumentFileKind, file: string, name: string): ParsedDocumentFile {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC_BYTES));
  if (magic !== MAGIC[kind]) throw new DocumentStorageCorruptError(file, 0, `it does not start with ${MAGIC[kind]} (not a live-document ${kind}, or a newer format)`);
  const { records, tornBytes } = decodeRecords(bytes, MAGIC_BYTES, file);
  const [header, ...rest] = records;
  if (header === undefined) throw new DocumentStorageCorruptError(file, MAGIC_BYTES, 'its header record is missing');
  const recorded = readHeaderName(header);
  if (recorded !== name) {
    throw new DocumentStorageCorruptError(file, MAGIC_BYTES, `it holds document ${JSON.stringify(recorded)}, not ${JSON.stringify(name)} (a file renamed by hand?)`);
  }
  return { records: rest, tornBytes };
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
