import { normalizeUtterance } from '@colloquy/nlu';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('normalizeUtterance', () => {
  it('lower-cases, drops accents and apostrophes inside words, and writes every digit 0', () => {
    expect(normalizeUtterance("  I DON'T know Café’s  PIN 1234!! ")).toBe('i dont know cafes pin 0000');
    expect(normalizeUtterance('ｆｕｌｌ ｗｉｄｔｈ ١٢٣')).toBe('full width 000');
  });

  it('turns punctuation, symbols and control characters into single spaces', () => {
    expect(normalizeUtterance('card\u0000lost\t\n--now😀please')).toBe('card lost now please');
    expect(normalizeUtterance('?!😀\u202E')).toBe('');
  });

  it('reads only the first 2,000 characters', () => {
    expect(normalizeUtterance('a'.repeat(100_000)).length).toBe(2_000);
  });

  it('is idempotent, and its result holds only letters, digits 0 and single spaces (generated)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const normalized = normalizeUtterance(text);
        expect(normalizeUtterance(normalized)).toBe(normalized);
        expect(normalized).toMatch(/^(?:[\p{L}0]+(?: [\p{L}0]+)*)?$/u);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
