import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../../src/view/confusionMatrix.ts';

const pair = (expected: string, recognised: string, count: number) => ({ expected, recognised, count, examples: [] });

describe('confusionMatrix', () => {
  it('puts the most confused expected and recognised labels first and sums their counts', () => {
    const matrix = confusionMatrix([pair('lost_card', 'card_fees', 3), pair('lost_card', '(not understood)', 2), pair('(not understood)', 'card_fees', 4), pair('balance', 'card_fees', 1)]);
    expect(matrix.rows).toEqual(['lost_card', '(not understood)', 'balance']);
    expect(matrix.columns).toEqual(['card_fees', '(not understood)']);
    expect(matrix.counts).toEqual([[3, 2], [4, 0], [1, 0]]);
    expect(matrix.max).toBe(4);
  });

  it('keeps only the top labels, ties in label order', () => {
    const matrix = confusionMatrix([pair('b', 'x', 1), pair('a', 'y', 1), pair('c', 'z', 5)], 2);
    expect(matrix.rows).toEqual(['c', 'a']);
    expect(matrix.columns).toEqual(['z', 'x']);
    expect(matrix.counts).toEqual([[5, 0], [0, 0]]);
  });

  it('is empty when nothing was confused', () => {
    expect(confusionMatrix([])).toEqual({ rows: [], columns: [], counts: [], max: 0 });
  });
});
