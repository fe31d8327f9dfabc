import { describe, expect, it } from 'vitest';
import { reasonFor, spanOf, valueOf } from './helpers.ts';

const LAST4 = { type: 'digits', length: 4 } as const;
const SORT_CODE = { type: 'digits', length: 6 } as const;

describe('digits slots', () => {
  it('reads a run of exactly the length', () => {
    expect(valueOf(LAST4, '1234')).toBe('1234');
    expect(valueOf(LAST4, 'it ends in 0042.')).toBe('0042');
    expect(spanOf(LAST4, 'the card ending 1234 please')).toBe('1234');
  });

  it('joins digit groups separated by spaces or dashes', () => {
    expect(valueOf(SORT_CODE, '12-34-56')).toBe('123456');
    expect(valueOf(SORT_CODE, '12 34 56')).toBe('123456');
    expect(valueOf(SORT_CODE, '12 - 34 - 56')).toBe('123456');
  });

  it('reads spelled digits', () => {
    expect(valueOf(LAST4, 'one two three four')).toBe('1234');
  });

  it('never matches a run of another length', () => {
    expect(reasonFor(LAST4, '12345')).toMatch(/no 4-digit/);
    expect(reasonFor(LAST4, '123')).toMatch(/no 4-digit/);
    // Grouped digits are one run: an 8-digit number is not two 4-digit answers.
    expect(reasonFor(LAST4, '1234 5678')).toMatch(/no 4-digit/);
    expect(reasonFor(LAST4, 'a1234')).toMatch(/no 4-digit/);
  });

  it('ignores runs of other lengths beside the one that fits', () => {
    expect(valueOf(LAST4, 'my phone is 07700900123 and the card ends 9876')).toBe('9876');
  });

  it('treats two different matching runs as ambiguous, the same one twice as fine', () => {
    expect(reasonFor(LAST4, '1234, or maybe 5678')).toMatch(/more than one/);
    expect(valueOf(LAST4, '1234, yes 1234')).toBe('1234');
  });

  it('reports a definition without a usable length', () => {
    expect(reasonFor({ type: 'digits' }, '1234')).toMatch(/length/);
  });
});
