/**
 * closeReason: a close frame holds at most 123 bytes of reason, and `ws`
 * throws on a longer one, so a reason naming a long non-ASCII path is cut,
 * never inside a character.
 */
import { describe, expect, it } from 'vitest';
import { closeReason } from './closeCodes.ts';

describe('closeReason', () => {
  it('keeps a short reason, and cuts a long one to 123 UTF-8 bytes at a character boundary', () => {
    expect(closeReason('renamed to flows/b.flow.yaml')).toBe('renamed to flows/b.flow.yaml');
    const long = `renamed to flows/${'é'.repeat(60)}😀${'ü'.repeat(60)}.flow.yaml`;
    const cut = closeReason(long);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(123);
    expect(cut.endsWith('...')).toBe(true);
    expect(long.startsWith(cut.slice(0, -3))).toBe(true);
    expect(cut).not.toContain('\uFFFD');
    expect(closeReason('x'.repeat(123))).toBe('x'.repeat(123));
    expect(Buffer.byteLength(closeReason('x'.repeat(124)))).toBe(123);
  });
});
