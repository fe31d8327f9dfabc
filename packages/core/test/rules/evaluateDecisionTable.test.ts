import { describe, expect, it } from 'vitest';
import { evaluateDecisionTable } from '../../src/index.ts';
import type { RulesInput } from '../../src/kinds/index.ts';
import { table } from './helpers.ts';

const score: RulesInput = { name: 'score', type: 'number' };
const tier: RulesInput = { name: 'tier', type: 'string', values: ['gold', 'silver', 'bronze'] };
const vip: RulesInput = { name: 'vip', type: 'boolean' };

/** The rows of a one-column table whose only cell is `cell`, matched against each value. */
function matches(cell: string | number | boolean, values: readonly unknown[], column: RulesInput = score): boolean[] {
  const t = table('collect', [column], [{ when: { [column.name]: cell } }]);
  return values.map((value) => evaluateDecisionTable(t, { [column.name]: value }).matchedRows.length === 1);
}

describe('evaluateDecisionTable: hit policies', () => {
  const overlapping = table(
    'first',
    [score, tier],
    [
      { id: 'high', when: { score: '>= 0.8' }, then: { route: 'escalate' } },
      { when: { score: '>= 0.5', tier: '"gold"' }, then: { route: 'freeze' } },
      { when: { tier: '"gold", "silver"' }, then: { route: 'review' } },
    ],
  );

  it('first: the first matching row, with every match listed in table order', () => {
    const result = evaluateDecisionTable(overlapping, { score: 0.9, tier: 'gold' });
    expect(result.matchedRows).toEqual([0, 1, 2]);
    expect(result.row).toBe(0);
    expect(result.outputs).toEqual({ route: 'escalate' });
    expect(result.collected).toEqual([{ route: 'escalate' }, { route: 'freeze' }, { route: 'review' }]);
  });

  it('unique: the single match, and no result when several rows match', () => {
    const unique = { ...overlapping, hit_policy: 'unique' as const };
    expect(evaluateDecisionTable(unique, { score: 0.1, tier: 'silver' })).toMatchObject({ matchedRows: [2], row: 2, outputs: { route: 'review' } });
    const several = evaluateDecisionTable(unique, { score: 0.9, tier: 'gold' });
    expect(several.matchedRows).toEqual([0, 1, 2]);
    expect(several.outputs).toBeUndefined();
    expect(several.row).toBeUndefined();
    expect(several.collected).toHaveLength(3);
  });

  it('priority: the match whose first output comes earliest in the declared values', () => {
    const priority = table(
      'priority',
      [score],
      [
        { when: { score: '>= 0' }, then: { route: 'allow' } },
        { when: { score: '>= 5' }, then: { route: 'escalate' } },
        { when: { score: '>= 3' }, then: { route: 'review' } },
      ],
      [{ name: 'route', type: 'string', values: ['escalate', 'review', 'allow'] }],
    );
    expect(evaluateDecisionTable(priority, { score: 6 })).toMatchObject({ row: 1, outputs: { route: 'escalate' }, matchedRows: [0, 1, 2] });
    expect(evaluateDecisionTable(priority, { score: 4 })).toMatchObject({ row: 2, outputs: { route: 'review' } });
    expect(evaluateDecisionTable(priority, { score: 1 })).toMatchObject({ row: 0, outputs: { route: 'allow' } });
  });

  it('priority: equal ranks and undeclared values fall back to table order', () => {
    const priority = table(
      'priority',
      [score],
      [
        { when: { score: '>= 0' }, then: { route: 'unlisted' } },
        { when: { score: '>= 0' }, then: { route: 'review' } },
        { when: { score: '>= 0' }, then: { route: 'review' } },
      ],
      [{ name: 'route', type: 'string', values: ['escalate', 'review'] }],
    );
    expect(evaluateDecisionTable(priority, { score: 1 }).row).toBe(1);
    const withoutOrder = { ...priority, outputs: [{ name: 'route', type: 'string' as const }] as typeof priority.outputs };
    expect(evaluateDecisionTable(withoutOrder, { score: 1 }).row).toBe(0);
  });

  it('collect: every match is collected; the result is the first match', () => {
    const collect = { ...overlapping, hit_policy: 'collect' as const };
    const result = evaluateDecisionTable(collect, { score: 0.6, tier: 'gold' });
    expect(result.matchedRows).toEqual([1, 2]);
    expect(result.collected).toEqual([{ route: 'freeze' }, { route: 'review' }]);
    expect(result.row).toBe(1);
    expect(result.outputs).toEqual({ route: 'freeze' });
  });

  it('no match: no result under every policy', () => {
    for (const policy of ['unique', 'first', 'priority', 'collect'] as const) {
      const result = evaluateDecisionTable({ ...overlapping, hit_policy: policy }, { score: 0.1, tier: 'bronze' });
      expect(result).toEqual({ matchedRows: [], outputs: undefined, collected: [], row: undefined });
    }
  });

  it('returns every output of the row, not only the first', () => {
    const t = table('first', [vip], [{ when: { vip: 'true' }, then: { route: 'priority_queue', wait: 0, notify: true } }], [
      { name: 'route', type: 'string' },
      { name: 'wait', type: 'number' },
      { name: 'notify', type: 'boolean' },
    ]);
    expect(evaluateDecisionTable(t, { vip: true }).outputs).toEqual({ route: 'priority_queue', wait: 0, notify: true });
  });

  it('gives the same answer when the compiled table is reused', () => {
    const first = evaluateDecisionTable(overlapping, { score: 0.6, tier: 'gold' });
    const again = evaluateDecisionTable(overlapping, { score: 0.6, tier: 'gold' });
    expect(again).toEqual(first);
    expect(evaluateDecisionTable(overlapping, { score: 0.9 }).matchedRows).toEqual([0]);
  });
});

describe('evaluateDecisionTable: number cells', () => {
  const values = [0.999, 1, 3, 5, 5.001];

  it('closed, open and half-open intervals in both notations', () => {
    expect(matches('[1..5]', values)).toEqual([false, true, true, true, false]);
    expect(matches('(1..5)', values)).toEqual([false, false, true, false, false]);
    expect(matches(']1..5[', values)).toEqual([false, false, true, false, false]);
    expect(matches('(1..5]', values)).toEqual([false, false, true, true, false]);
    expect(matches('[1..5)', values)).toEqual([false, true, true, false, false]);
  });

  it('a descending interval means the same as its ascending form', () => {
    expect(matches('[5..1]', values)).toEqual(matches('[1..5]', values));
  });

  it('comparisons, equality and lists', () => {
    expect(matches('< 3', values)).toEqual([true, true, false, false, false]);
    expect(matches('<= 3', values)).toEqual([true, true, true, false, false]);
    expect(matches('> 3', values)).toEqual([false, false, false, true, true]);
    expect(matches('>= 3', values)).toEqual([false, false, true, true, true]);
    expect(matches('3', values)).toEqual([false, false, true, false, false]);
    expect(matches('= 3', values)).toEqual([false, false, true, false, false]);
    expect(matches('!= 3', values)).toEqual([true, true, false, true, true]);
    expect(matches('< 1, 3, > 5', values)).toEqual([true, false, true, false, true]);
    expect(matches('>= -0.5', [-1, -0.5, 0])).toEqual([false, true, true]);
  });

  it('not(...) is the complement of the tests inside', () => {
    expect(matches('not([1..5])', values)).toEqual([true, false, false, false, true]);
    expect(matches('not(< 1, 3)', values)).toEqual([false, true, false, true, true]);
  });

  it('a YAML number means equality', () => {
    expect(matches(3, values)).toEqual([false, false, true, false, false]);
  });

  it('a missing input is null: comparisons fail, `!=` and `not(...)` hold, as in FEEL', () => {
    expect(matches('< 3', [null, undefined])).toEqual([false, false]);
    expect(matches('!= 3', [null])).toEqual([true]);
    expect(matches('not(< 3)', [null])).toEqual([true]);
    expect(matches('null', [null, 3])).toEqual([true, false]);
    expect(matches('not(null)', [null, 3])).toEqual([false, true]);
    expect(matches('-', [null, 3, 'text'])).toEqual([true, true, true]);
    const t = table('first', [score], [{ when: { score: '< 3' } }]);
    expect(evaluateDecisionTable(t, {}).matchedRows).toEqual([]);
  });
});

describe('evaluateDecisionTable: text and yes/no cells', () => {
  it('quoted texts, lists, negation and `!=`', () => {
    const values = ['gold', 'silver', 'bronze', 'Gold'];
    expect(matches('"gold"', values, tier)).toEqual([true, false, false, false]);
    expect(matches('"gold", "silver"', values, tier)).toEqual([true, true, false, false]);
    expect(matches('not("gold")', values, tier)).toEqual([false, true, true, true]);
    expect(matches('!= "gold"', values, tier)).toEqual([false, true, true, true]);
    expect(matches('"gold"', [null], tier)).toEqual([false]);
    expect(matches('not("gold")', [null], tier)).toEqual([true]);
  });

  it('escaped quotes in a text', () => {
    expect(matches('"say \\"hi\\""', ['say "hi"', 'say hi'], tier)).toEqual([true, false]);
  });

  it('yes/no cells compare strictly', () => {
    expect(matches('true', [true, false, null, 'true', 1], vip)).toEqual([true, false, false, false, false]);
    expect(matches(false, [true, false], vip)).toEqual([false, true]);
    expect(matches('not(true)', [true, false, null], vip)).toEqual([false, true, true]);
  });
});

describe('evaluateDecisionTable: cells left to feelin', () => {
  it('function calls are evaluated', () => {
    expect(matches('starts with(?, "go")', ['gold', 'silver'], tier)).toEqual([true, false]);
  });

  it('a bare word naming another input compares with that input', () => {
    const limits = table('first', [score, { name: 'limit', type: 'number' }], [{ when: { score: '< limit' } }]);
    expect(evaluateDecisionTable(limits, { score: 3, limit: 5 }).matchedRows).toEqual([0]);
    expect(evaluateDecisionTable(limits, { score: 7, limit: 5 }).matchedRows).toEqual([]);
  });

  it('values of another type than the cell follow FEEL, not JavaScript', () => {
    // FEEL equality is type-strict: the text "3" is not the number 3.
    expect(matches('3', ['3'])).toEqual([false]);
    expect(matches('"gold"', [5], tier)).toEqual([false]);
  });

  it('a row with a cell feelin cannot parse never matches, and evaluation does not throw', () => {
    const broken = table('first', [score], [{ when: { score: '>= ' } }, { when: { score: '-' } }]);
    expect(evaluateDecisionTable(broken, { score: 3 }).matchedRows).toEqual([1]);
  });

  it('a cell for an input the table does not declare reads that input', () => {
    const t = table('first', [score], [{ when: { score: '-', channel: '"chat"' } }]);
    expect(evaluateDecisionTable(t, { score: 1, channel: 'chat' }).matchedRows).toEqual([0]);
    expect(evaluateDecisionTable(t, { score: 1, channel: 'phone' }).matchedRows).toEqual([]);
  });
});
