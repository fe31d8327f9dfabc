/**
 * The framing of live-document files: a magic number, then length-prefixed,
 * checksummed records. Why each part:
 *
 * - `length` (u32 LE) and `lengthCheck` (CRC-32 of the 4 length bytes): a
 *   damaged length would otherwise make the rest of the file look like one
 *   record that runs past the end, that is like a torn tail, and a load would
 *   cut off good records silently. With its own check it is reported instead.
 * - `payloadCheck` (CRC-32 of the payload): a flipped bit in an update is
 *   found before Yjs sees it.
 *
 * A log may end in zero bytes: space made ahead of its appends
 * (preallocated, see UpdateLog), so that an append writes into the file
 * without growing it. Zeros are never a record: the CRC-32 of four zero
 * length bytes is 0x2144df1c, not 0, so an all-zero header fails its length
 * check. Where everything left is zero, the log ends (`end`).
 *
 * A crash in the middle of an append leaves the file's last write incomplete.
 * The last record is therefore *torn* (nobody was told it was stored, so it is
 * cut off) when it is unfinished: its header is incomplete, its length runs
 * past the end of the file, its payload check fails and it ends exactly at the
 * end of the file or only zeros follow it (the write stopped inside space
 * made ahead), or its header fails its check and only zeros follow the header
 * (the write stopped inside the header). Any other bad record is corruption:
 * `DocumentStorageCorruptError`, naming the file and offset; nothing is ever
 * dropped silently from the middle of a log.
 */
import { crc32 } from 'node:zlib';

/** Bytes before a record's payload: length, length check, payload check. */
export const RECORD_HEADER_BYTES = 12;
/** A record larger than this is corruption, not data (the server refuses documents far smaller). */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export class DocumentStorageCorruptError extends Error {
  override readonly name = 'DocumentStorageCorruptError';
  constructor(
    readonly file: string,
    readonly offset: number,
    reason: string,
  ) {
    super(`${file} is damaged at byte ${offset}: ${reason}; the file was not changed (restore it from a backup, or move it aside to drop what it holds)`);
  }
}

/** One record as written to disk. */
export function encodeRecord(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(RECORD_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(4, crc32(out.subarray(0, 4)), true);
  view.setUint32(8, crc32(payload), true);
  out.set(payload, RECORD_HEADER_BYTES);
  return out;
}

/** The records of a file's bytes (after its magic number), where they end, and how many bytes after that are a torn record. */
export interface DecodedRecords {
  readonly records: Uint8Array[];
  /** Offset just after the last whole record: where the next append goes once a torn record is cut off. */
  readonly end: number;
  /**
   * Bytes from `end` to the end of the file when they hold an unfinished record (to be cut off); 0
   * when the file ends cleanly, either at `end` or in zeros made ahead of appends.
   */
  readonly tornBytes: number;
}

/**
 * Decodes the records in `bytes` from `start`. `file` names the file in
 * errors. Torn tails are reported in `tornBytes`, corruption is thrown.
 */
export function decodeRecords(bytes: Uint8Array, start: number, file: string): DecodedRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let offset = start;
  const torn = (): DecodedRecords => ({ records, end: offset, tornBytes: bytes.length - offset });
  while (offset < bytes.length) {
    if (allZero(bytes, offset)) return { records, end: offset, tornBytes: 0 };
    if (bytes.length - offset < RECORD_HEADER_BYTES) return torn();
    const length = view.getUint32(offset, true);
    if (view.getUint32(offset + 4, true) !== crc32(bytes.subarray(offset, offset + 4)) || length > MAX_RECORD_BYTES) {
      if (allZero(bytes, offset + RECORD_HEADER_BYTES)) return torn();
      throw new DocumentStorageCorruptError(file, offset, 'a record length fails its check');
    }
    const end = offset + RECORD_HEADER_BYTES + length;
    if (end > bytes.length) return torn();
    const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, end);
    if (view.getUint32(offset + 8, true) !== crc32(payload)) {
      if (allZero(bytes, end)) return torn();
      throw new DocumentStorageCorruptError(file, offset, 'a record fails its checksum');
    }
    records.push(payload);
    offset = end;
  }
  return { records, end: offset, tornBytes: 0 };
}

/** Whether every byte of `bytes` from `from` on is zero (true for none). */
function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
