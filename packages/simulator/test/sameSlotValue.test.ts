import { describe, expect, it } from 'vitest';
import { parseNumberText, sameSlotValue } from '../src/compare/sameSlotValue.ts';

describe('sameSlotValue', () => {
  it.each([
    ['1234', '1234'],
    [250, '250'],
    ['250', 250],
    [193, '0193'],
    [1250.5, '1,250.50'],
    ['-3', -3],
    [0.5, '.5'],
    [true, 'true'],
    ['FALSE', false],
    [true, true],
    [2, 2],
  ] as const)('%j equals %j', (expected, actual) => {
    expect(sameSlotValue(expected, actual)).toBe(true);
  });

  it.each([
    ['1234', '01234'],
    ['193', '0193'],
    ['Gold', 'gold'],
    [0, ''],
    [0, ' '],
    [1, true],
    ['1', true],
    ['yes', true],
    [250, '250 EUR'],
    [1250, '12,50'],
    [1, undefined],
  ] as const)('%j differs from %j', (expected, actual) => {
    expect(sameSlotValue(expected, actual)).toBe(false);
  });
});

describe('parseNumberText', () => {
  it('reads plain numbers, signs, decimals, exponents and thousands separators', () => {
    expect(['42', '-3', '+7', '3.', '.25', '1e3', '2.5E-1', '1,234', '12,345,678.9', ' 8 '].map(parseNumberText)).toEqual([
      42, -3, 7, 3, 0.25, 1000, 0.25, 1234, 12345678.9, 8,
    ]);
  });

  it('refuses what is not plainly a number', () => {
    for (const text of ['', '-', '.', 'e3', '1e', '1,23', '1234,567', ',123', '1,,234', '12 34', '0x10', 'Infinity', 'NaN', '1_000', '1e999']) {
      expect(parseNumberText(text), text).toBeUndefined();
    }
  });
});
