import { describe, expect, it } from 'vitest';
import { reasonFor, spanOf, valueOf } from './helpers.ts';

const NUMBER = { type: 'number' } as const;

describe('number slots', () => {
  it('reads plain, separated, decimal and negative numerals', () => {
    expect(valueOf(NUMBER, '250')).toBe(250);
    expect(valueOf(NUMBER, 'about £1,250.50 please')).toBe(1250.5);
    expect(valueOf(NUMBER, '-3')).toBe(-3);
    expect(valueOf(NUMBER, 'it was 0.75')).toBe(0.75);
    expect(valueOf(NUMBER, '12,345,678')).toBe(12345678);
  });

  it('takes the first number of the answer', () => {
    expect(valueOf(NUMBER, '40 or maybe 50')).toBe(40);
    expect(spanOf(NUMBER, 'send 40 or maybe 50')).toBe('40');
  });

  it('does not read a hyphen or a malformed thousands group as part of the number', () => {
    expect(valueOf(NUMBER, 'flat-3')).toBe(3);
    expect(valueOf(NUMBER, '1,2345')).toBe(1);
  });

  it('reads numbers written in words', () => {
    expect(valueOf(NUMBER, 'five')).toBe(5);
    expect(valueOf(NUMBER, 'twenty-five pounds')).toBe(25);
    expect(valueOf(NUMBER, 'two hundred and fifty')).toBe(250);
    expect(valueOf(NUMBER, 'a thousand')).toBe(1000);
    expect(valueOf(NUMBER, 'three thousand four hundred and twelve')).toBe(3412);
    expect(spanOf(NUMBER, 'about twenty five quid')).toBe('twenty five');
  });

  it('keeps separate number words apart', () => {
    expect(valueOf(NUMBER, 'one, two')).toBe(1);
    expect(valueOf(NUMBER, 'five six')).toBe(5);
  });

  it('reads scale words and a k after numerals', () => {
    expect(valueOf(NUMBER, '2 thousand')).toBe(2000);
    expect(valueOf(NUMBER, '1.5 million')).toBe(1_500_000);
    expect(valueOf(NUMBER, '5k')).toBe(5000);
  });

  it('applies min and max', () => {
    const amount = { type: 'number', min: 1, max: 500 } as const;
    expect(valueOf(amount, '500')).toBe(500);
    expect(reasonFor(amount, '0')).toMatch(/minimum/);
    expect(reasonFor(amount, '501')).toMatch(/maximum/);
  });

  it('fails without a number', () => {
    expect(reasonFor(NUMBER, 'not sure')).toMatch(/no number/);
    expect(reasonFor(NUMBER, '')).toMatch(/no number/);
  });
});
