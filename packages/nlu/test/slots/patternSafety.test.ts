import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extract, reasonFor, valueOf } from './helpers.ts';

const pattern = (source: string) => ({ type: 'pattern', pattern: source }) as const;

/** Answers built to make backtracking patterns fail slowly: long runs of what they repeat, then a character that breaks the match. */
const HOSTILE_ANSWERS = [
  `${'a'.repeat(499)}!`,
  `${'1'.repeat(499)}!`,
  `${'ab'.repeat(249)}!`,
  `${`${'a'.repeat(60)} `.repeat(30)}!`,
  `${'a b '.repeat(120)}!`,
  `${'a'.repeat(39)}!`,
];

/** Milliseconds to extract from the slowest hostile answer. */
function slowestMs(source: string): number {
  let slowest = 0;
  for (const answer of HOSTILE_ANSWERS) {
    const start = performance.now();
    extract(pattern(source), answer);
    slowest = Math.max(slowest, performance.now() - start);
  }
  return slowest;
}

describe('pattern safety', () => {
  // Including the examples of OWASP's "Regular expression Denial of Service" page and CWE-1333.
  it.each([
    '^(a+)+$',
    '(a*)*',
    '([a-zA-Z]+)*',
    '(a|aa)+',
    '(a|a?)+',
    '^(([a-z])+.)+[A-Z]([a-z])+$',
    '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
    '(?:[0-9]+)+',
    '(x+x+)+y',
    '^(\\w+\\s?)*$',
    '(\\s*,\\s*)*',
    '(a|ab)*',
    '^(a|b|ab)+$',
    '(a?)+',
    '(a{1,3})+',
  ])(
    'refuses %s, a repeated part that can itself match in several ways',
    (source) => {
      expect(reasonFor(pattern(source), 'aaaa')).toMatch(/repeats a part that can itself match in several ways.*too long to match/);
    },
  );

  it.each(['\\d+\\d+\\d+\\d+x', '^(.*a){10}$', '(.*a){12}', '(.*a){20}', '\\w+\\s?\\w+\\s?\\w+x', '[a-z]{1,50}[a-z]{1,50}[a-z]{1,50}x'])(
    'refuses %s, a chain of repetitions that can match the same characters',
    (source) => {
      expect(reasonFor(pattern(source), 'aaaa')).toMatch(/too many repetitions that can match the same characters.*too long to match/);
    },
  );

  it.each([
    ['^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$', 'SW1A 1AA'],
    ['^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', 'sam@example.co.uk'],
    ['^(GB|IE)\\d{2}[A-Z]{4}\\d{14}$', 'GB29NWBK60161331926819'],
    ['(\\d{4}[ -]?){4}', '1234 5678 9012 3456'],
    ['^([A-Z]{2}\\d{2} ?)+$', 'AB12 CD34'],
    ['^([a-z]|[0-9])+$', 'abc123'],
    ['^\\+?[0-9 ]{10,15}$', '+44 7700 900123'],
    ['\\bCASE-\\d+\\b', 'it is CASE-4711.'],
    ['^(?:\\d{3}-){2}\\d{4}$', '555-123-4567'],
  ])('accepts the ordinary pattern %s', (source, answer) => {
    expect(typeof valueOf(pattern(source), answer)).toBe('string');
  });

  it.each([
    String.raw`\\u{110000}`,
    String.raw`(?<n>a)\k<n>`,
    String.raw`\p{Script=Greek}+`,
    String.raw`[\]\\]+`,
    '[]',
    '[^]',
    String.raw`\cJ\0\x41\u0041`,
    String.raw`\u{1F600}+`,
    '(?<=a)b(?<!c)',
    'a{0}x{2,}?',
    '😀+😀+x',
  ])('checks the unusual but valid pattern %s without throwing', (source) => {
    expect(() => extract(pattern(source), 'a 😀😀x Ω 1 ]] \\uuu')).not.toThrow();
  });

  it('runs a pattern with chained repetitions on short answers only, so that it stays fast', () => {
    // Given a pattern that backtracks polynomially (\d+\d+ tries every split of a run of digits),
    const chained = pattern('\\d+\\d+x');
    // it still matches ordinary answers,
    expect(valueOf(chained, 'ref 12345x')).toBe('12345x');
    // and fails quickly on a long near-miss, which it is not run on in full.
    expect(slowestMs('\\d+\\d+x')).toBeLessThan(100);
  });

  it('refuses quickly: a refused pattern is never run', () => {
    const start = performance.now();
    expect(reasonFor(pattern('^(a+)+$'), `${'a'.repeat(5_000)}!`)).toMatch(/too long to match/);
    expect(performance.now() - start).toBeLessThan(100);
  });

  it('keeps every accepted pattern fast on hostile answers (generated patterns)', () => {
    // Patterns built from atoms, groups with alternatives and quantifiers: each is either refused or fails fast.
    const { node } = fc.letrec((tie) => ({
      atom: fc.constantFrom('a', 'b', '.', '\\w', '[ab]', '\\d', '[^b]', ' '),
      quantifier: fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '{0,40}'),
      sequence: fc.array(tie('node') as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((nodes) => nodes.join('')),
      group: fc.array(tie('sequence') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 }).map((alternatives) => `(?:${alternatives.join('|')})`),
      node: fc
        .tuple(fc.oneof({ depthSize: 'small' }, tie('atom') as fc.Arbitrary<string>, tie('group') as fc.Arbitrary<string>), tie('quantifier') as fc.Arbitrary<string>)
        .map(([atom, quantifier]) => atom + quantifier),
    }));
    const patterns = fc
      .tuple(fc.constantFrom('', '^'), fc.array(node, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '$', 'x'))
      .map(([start, nodes, end]) => start + nodes.join('') + end);
    fc.assert(
      fc.property(patterns, (source) => {
        const probe = extract(pattern(source), 'zzz');
        const unusable = !probe.ok && /too long to match|not a valid regular expression/.test(probe.reason);
        if (!unusable) expect(slowestMs(source), source).toBeLessThan(250);
      }),
      { numRuns: 300, seed: 20260320 },
    );
  });
});
