import { describe, expect, it } from 'vitest';
import { reasonFor, spanOf, valueOf } from './helpers.ts';

const REFERENCE = { type: 'pattern', pattern: '^[A-Z]{2}[0-9]{6}$' } as const;

describe('pattern slots', () => {
  it('matches the whole answer', () => {
    expect(valueOf(REFERENCE, 'AB123456')).toBe('AB123456');
    expect(valueOf(REFERENCE, '  AB123456  ')).toBe('AB123456');
  });

  it('matches a word of the answer, with surrounding punctuation off', () => {
    expect(valueOf(REFERENCE, 'my reference is AB123456.')).toBe('AB123456');
    expect(spanOf(REFERENCE, 'it is (AB123456)')).toBe('AB123456');
  });

  it('stores the matched text of an unanchored pattern', () => {
    expect(valueOf({ type: 'pattern', pattern: '[0-9]{3}' }, 'room 404 please')).toBe('404');
  });

  it('is case-sensitive like the regular expression', () => {
    expect(reasonFor(REFERENCE, 'ab123456')).toMatch(/nothing matches/);
  });

  it('treats two different matching words as ambiguous', () => {
    expect(reasonFor(REFERENCE, 'AB123456 or CD654321')).toMatch(/more than one/);
  });

  it('never throws on an invalid regular expression', () => {
    expect(reasonFor({ type: 'pattern', pattern: '([A-Z' }, 'AB123456')).toMatch(/not a valid regular expression/);
    expect(reasonFor({ type: 'pattern', pattern: '\\' }, 'x')).toMatch(/not a valid regular expression/);
    expect(reasonFor({ type: 'pattern' }, 'x')).toMatch(/no `pattern`/);
  });

  it('refuses patterns that can backtrack catastrophically, quickly', () => {
    const evil = { type: 'pattern', pattern: '^(a+)+$' } as const;
    const start = performance.now();
    expect(reasonFor(evil, `${'a'.repeat(5_000)}!`)).toMatch(/too long to match/);
    expect(performance.now() - start).toBeLessThan(100);
  });

  it('only runs the pattern on bounded input', () => {
    const anything = { type: 'pattern', pattern: '^x+$' } as const;
    // A 10,000-character answer is not matched as a whole, only word by word.
    expect(reasonFor(anything, 'x'.repeat(10_000))).toMatch(/nothing matches/);
    expect(valueOf(anything, `${'y '.repeat(100)}xxx`)).toBe('xxx');
  });
});
