import { describe, expect, it } from 'vitest';
import type { RulesInput } from '../../src/kinds/index.ts';
import { analyseCell } from '../../src/rules/analyseCell.ts';
import type { CellConstraint } from '../../src/rules/cellConstraint.ts';
import { formatInterval } from '../../src/rules/numberSet.ts';

const score: RulesInput = { name: 'score', type: 'number' };
const tier: RulesInput = { name: 'tier', type: 'string', values: ['gold', 'silver'] };
const channel: RulesInput = { name: 'channel', type: 'string' };
const vip: RulesInput = { name: 'vip', type: 'boolean' };
const inputs = new Set(['score', 'tier', 'channel', 'vip', 'limit']);

const analyse = (cell: string | number | boolean, column: RulesInput | undefined = score) => analyseCell(cell, column, inputs);

/** A number constraint as FEEL text, e.g. `< 1, [3..5)`, plus whether it matches null. */
function numbers(constraint: CellConstraint): string {
  if (constraint.kind !== 'number') return constraint.kind;
  return `${constraint.numbers.map(formatInterval).join(', ')}${constraint.matchesNull ? ' | null' : ''}`;
}

describe('analyseCell: numbers become unions of intervals', () => {
  it.each([
    ['>= 0.8', '>= 0.8'],
    ['< 5', '< 5'],
    ['[1..5]', '[1..5]'],
    ['(1..5]', '(1..5]'],
    [']1..5[', '(1..5)'],
    ['[1..5[', '[1..5)'],
    ['[5..1]', '[1..5]'],
    ['5', '5'],
    ['-2.5', '-2.5'],
    ['< 1, [3..5), 9', '< 1, [3..5), 9'],
    ['[1..3], [2..6)', '[1..6)'],
    ['< 3, >= 3', '-'],
    ['not([1..5])', '< 1, > 5 | null'],
    ['not(5)', '< 5, > 5 | null'],
    ['!= 5', '< 5, > 5 | null'],
    ['null', ' | null'],
    ['not(null)', '-'],
    ['!= null', '-'],
    ['(5..5)', ''],
  ])('%s', (cell, expected) => {
    const result = analyse(cell);
    expect(result.problems).toEqual([]);
    expect(numbers(result.constraint)).toBe(expected);
  });

  it('a YAML number is an equality test', () => {
    expect(numbers(analyse(3).constraint)).toBe('3');
    expect(analyse(3).text).toBe('3');
  });

  it('`-` is any value, including values of other types', () => {
    expect(analyse('-').constraint).toEqual({ kind: 'any' });
  });
});

describe('analyseCell: texts and yes/no values', () => {
  it('texts become finite or co-finite sets', () => {
    const listed = analyse('"gold", "silver"', tier).constraint;
    expect(listed).toMatchObject({ kind: 'string', texts: { mode: 'only', values: new Set(['gold', 'silver']) }, matchesNull: false });
    const negated = analyse('not("gold")', tier).constraint;
    expect(negated).toMatchObject({ kind: 'string', texts: { mode: 'except', values: new Set(['gold']) }, matchesNull: true });
  });

  it('yes/no cells', () => {
    expect(analyse('true', vip).constraint).toEqual({ kind: 'boolean', booleans: { true: true, false: false }, matchesNull: false });
    expect(analyse(false, vip).constraint).toEqual({ kind: 'boolean', booleans: { true: false, false: true }, matchesNull: false });
    expect(analyse('not(true)', vip).constraint).toEqual({ kind: 'boolean', booleans: { true: false, false: true }, matchesNull: true });
  });
});

describe('analyseCell: cells that are not modelled', () => {
  it.each([
    ['starts with(?, "g")', channel],
    ['< "m"', channel],
    ['? > 3', score],
    ['< limit', score],
  ])('%s is opaque and reports nothing', (cell, column) => {
    const result = analyse(cell, column);
    expect(result.constraint.kind).toBe('opaque');
    expect(result.problems).toEqual([]);
    expect(result.broken).toBe(false);
  });

  it('a cell for an undeclared column is opaque', () => {
    expect(analyseCell('"chat"', undefined, inputs).constraint).toEqual({ kind: 'opaque', reason: 'unknown column' });
  });
});

describe('analyseCell: problems', () => {
  it('a syntax error has the position feelin gives and the cell never matches', () => {
    const result = analyse('"gold" "silver"', tier);
    expect(result.broken).toBe(true);
    expect(result.problems).toEqual([{ kind: 'syntax', from: 7, to: 15, message: 'unexpected `"silver"`', hint: 'separate alternatives with commas: `"a", "b"`' }]);
  });

  it('an incomplete test points at its last character', () => {
    const [problem] = analyse('>= ').problems;
    expect(problem).toMatchObject({ kind: 'syntax', from: 1, to: 2, message: 'the test is incomplete after `>=`' });
    expect(analyse('< 5,').problems[0]).toMatchObject({ from: 3, to: 4 });
  });

  it('an empty cell', () => {
    expect(analyse('').problems).toEqual([{ kind: 'syntax', from: 0, to: 0, message: 'the cell is empty', hint: 'write `-` to match any value' }]);
  });

  it('constructs feelin accepts but that do not test what they seem to', () => {
    expect(analyse('>= 5 and < 10').problems[0]).toMatchObject({ kind: 'syntax', message: '`and` does not combine tests in a cell' });
    expect(analyse('"a" or "b"', channel).problems[0]).toMatchObject({ kind: 'syntax', message: '`or` does not combine tests in a cell' });
    expect(analyse('== 5').problems[0]).toMatchObject({ kind: 'syntax', message: '`==` is not a FEEL comparison' });
    expect(analyse('- 5').problems[0]).toMatchObject({ kind: 'syntax', hint: 'write `-5`' });
    expect(analyse('1e3').problems[0]).toMatchObject({ kind: 'syntax', message: 'FEEL numbers have no exponent: `1e3` is read as 1' });
    expect(analyse('> true', vip).problems[0]).toMatchObject({ kind: 'syntax', message: '`>` cannot order yes/no values, so the test never holds' });
  });

  it('type mismatches, with the likely fix', () => {
    expect(analyse('5', tier).problems).toEqual([{ kind: 'typeMismatch', from: 0, to: 1, found: 'number', literal: '5', suggestion: '"5"' }]);
    expect(analyse('"5"', score).problems).toEqual([{ kind: 'typeMismatch', from: 0, to: 3, found: 'string', literal: '"5"', suggestion: '5' }]);
    expect(analyse('< "m"', score).problems[0]).toMatchObject({ kind: 'typeMismatch', found: 'string' });
    expect(analyse(true, score).problems[0]).toMatchObject({ kind: 'typeMismatch', found: 'boolean' });
    expect(analyse('"gold"', tier).constraint.kind).toBe('string');
    expect(analyse('5', tier).constraint).toEqual({ kind: 'opaque', reason: 'type mismatch' });
  });

  it('a text outside the declared values', () => {
    const result = analyse('"gold", "platinum"', tier);
    expect(result.problems).toEqual([{ kind: 'undeclaredValue', from: 8, to: 18, value: 'platinum' }]);
    expect(result.constraint.kind).toBe('string'); // still exact: the value just never occurs
  });

  it('bare words, with the quoted cell to write instead', () => {
    expect(analyse('gold, silver', tier).problems).toEqual([{ kind: 'bareWord', from: 0, to: 12, words: ['gold', 'silver'], suggestion: '"gold", "silver"' }]);
    expect(analyse('gold', tier).constraint).toEqual({ kind: 'opaque', reason: 'bare word' });
  });

  it('a bare word naming an input is a reference, not a mistake', () => {
    expect(analyse('limit').problems).toEqual([]);
  });

  it('a YAML number that is not finite', () => {
    const result = analyse(Number.POSITIVE_INFINITY);
    expect(result.broken).toBe(true);
    expect(result.problems[0]).toMatchObject({ kind: 'typeMismatch', found: 'unusable number' });
  });
});
