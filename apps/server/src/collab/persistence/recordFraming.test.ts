import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRecords, DocumentStorageCorruptError, encodeRecord, RECORD_HEADER_BYTES } from './recordFraming.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const records = [bytes(1, 2, 3), bytes(), bytes(...Array.from({ length: 300 }, (_, i) => i % 256))];

function file(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const whole = file(...records.map(encodeRecord));
const decode = (data: Uint8Array) => decodeRecords(data, 0, 'doc.log');

describe('record framing', () => {
  it('reads back what it wrote, including an empty record', () => {
    expect(decode(whole)).toEqual({ records, end: whole.length, tornBytes: 0 });
  });

  describe('zeros made ahead of appends end the log: they are not a record, and not torn', () => {
    it('an all-zero header fails its length check (the CRC-32 of four zero bytes is not zero)', () => {
      expect(crc32(new Uint8Array(4))).not.toBe(0);
      expect(crc32(new Uint8Array(4))).not.toBe(crc32(new Uint8Array(0)));
      expect(decode(new Uint8Array(64))).toEqual({ records: [], end: 0, tornBytes: 0 });
    });

    it('records followed by zeros read back as the records, ending where the zeros start', () => {
      expect(decode(file(whole, new Uint8Array(4096)))).toEqual({ records, end: whole.length, tornBytes: 0 });
    });
  });

  it('starts at the given offset (after a magic number)', () => {
    expect(decodeRecords(file(bytes(9, 9, 9), whole), 3, 'doc.log').records).toEqual(records);
  });

  describe('a torn last record (a crash mid-append) is reported for cutting, and the records before it kept', () => {
    const last = encodeRecord(bytes(7, 7, 7, 7, 7, 7, 7, 7));
    it.each([
      ['an incomplete header', last.subarray(0, RECORD_HEADER_BYTES - 3)],
      ['a payload shorter than its length', last.subarray(0, last.length - 2)],
      ['a payload failing its checksum at the very end', file(last.subarray(0, last.length - 1), bytes(0))],
      ['a header with a zero-filled payload', file(last.subarray(0, RECORD_HEADER_BYTES), new Uint8Array(8))],
      // Written into zeros made ahead: the write stopped part way, and zeros follow.
      ['a payload written in part, then zeros', file(last.subarray(0, RECORD_HEADER_BYTES + 3), new Uint8Array(500))],
      ['a header written in part, then zeros', file(last.subarray(0, 6), new Uint8Array(500))],
      ['a whole record, then one written in part, then zeros (one batch)', file(encodeRecord(bytes(5, 5)), last.subarray(0, RECORD_HEADER_BYTES + 2), new Uint8Array(500))],
    ])('%s', (_, tail) => {
      const decoded = decode(file(whole, tail));
      expect(decoded.records.slice(0, records.length)).toEqual(records);
      expect(decoded.end + decoded.tornBytes).toBe(whole.length + tail.length);
      expect(decoded.tornBytes).toBeGreaterThan(0);
    });
  });

  describe('damage before the end is an error naming the file and the offset, never a silent cut', () => {
    const secondAt = encodeRecord(records[0]!).length;
    const thirdAt = secondAt + encodeRecord(records[1]!).length;

    it('a payload byte flipped in the middle', () => {
      const damaged = whole.slice();
      damaged[thirdAt + RECORD_HEADER_BYTES + 5]! ^= 0x01;
      const withMore = file(damaged, encodeRecord(bytes(4)));
      expect(() => decode(withMore)).toThrow(DocumentStorageCorruptError);
      expect(() => decode(withMore)).toThrow(`doc.log is damaged at byte ${thirdAt}: a record fails its checksum`);
    });

    it('a damaged record followed by good ones and then zeros made ahead', () => {
      const damaged = whole.slice();
      damaged[secondAt + RECORD_HEADER_BYTES - 1]! ^= 0x01;
      expect(() => decode(file(damaged, new Uint8Array(100)))).toThrow(`doc.log is damaged at byte ${secondAt}: a record fails its checksum`);
    });

    it('a record whose payload fails its check with data, not zeros, after it', () => {
      const damaged = whole.slice();
      damaged[thirdAt + RECORD_HEADER_BYTES + 1]! ^= 0x01;
      expect(() => decode(file(damaged, bytes(0, 0, 7), new Uint8Array(100)))).toThrow(`doc.log is damaged at byte ${thirdAt}: a record fails its checksum`);
    });

    it('a length that fails its check (which would otherwise look like a record running past the end)', () => {
      const damaged = whole.slice();
      damaged[secondAt + 2] = 0x7f;
      expect(() => decode(damaged)).toThrow(`doc.log is damaged at byte ${secondAt}: a record length fails its check`);
    });

    it('the error carries the file and offset for callers', () => {
      const damaged = whole.slice();
      damaged[0] = 0xff;
      try {
        decode(damaged);
        expect.unreachable();
      } catch (error) {
        expect(error).toMatchObject({ name: 'DocumentStorageCorruptError', file: 'doc.log', offset: 0 });
      }
    });
  });
});
