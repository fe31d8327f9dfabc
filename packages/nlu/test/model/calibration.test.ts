// chooseThreshold is not (yet) exported from the package entry; the lead may add it to src/index.ts.
import { chooseThreshold } from '../../src/model/calibration.ts';
import { describe, expect, it } from 'vitest';

const correct = (confidence: number) => ({ confidence, correct: true });
const wrong = (confidence: number) => ({ confidence, correct: false });

describe('choosing the out-of-scope threshold', () => {
  // Ten in-scope examples (eight right) and four out-of-scope ones, by hand.
  const inScope = [correct(0.95), correct(0.9), correct(0.85), correct(0.8), correct(0.7), correct(0.6), correct(0.5), correct(0.3), wrong(0.4), wrong(0.2)];
  const outOfScope = [0.1, 0.35, 0.55, 0.75];

  it('keeps the most in-scope accuracy among thresholds rejecting at least the target share', () => {
    // Rejecting 2 of 4 (50%) needs t > 0.35; the accuracy stays 7/10 up to t = 0.5, so the highest tie is 0.5.
    expect(chooseThreshold(inScope, outOfScope, { outOfScopeRecall: 0.5 })).toBe(0.5);
    // Rejecting 3 of 4 needs t > 0.55: 0.6 keeps 6 right, and 0.6 is the highest with that accuracy.
    expect(chooseThreshold(inScope, outOfScope, { outOfScopeRecall: 0.75 })).toBe(0.6);
  });

  it('defaults to a 55% out-of-scope recall floor', () => {
    expect(chooseThreshold(inScope, outOfScope)).toBe(chooseThreshold(inScope, outOfScope, { outOfScopeRecall: 0.55 }));
    expect(chooseThreshold(inScope, outOfScope)).toBe(0.6);
  });

  it('takes the best recall when no threshold reaches the target', () => {
    // Every threshold up to 1 rejects at most all four; 1.01 is not on the grid, so a confidence of 1 can never be rejected.
    expect(chooseThreshold([correct(0.9)], [1, 1, 0.2], { outOfScopeRecall: 0.9 })).toBe(0.21);
  });

  it('without out-of-scope examples, accepts the given share of the correctly recognised ones', () => {
    expect(chooseThreshold(inScope, [], { keep: 0.75 })).toBe(0.6);
    expect(chooseThreshold([])).toBe(0);
  });
});
