import { decideIntent } from '@colloquy/nlu';
import { describe, expect, it } from 'vitest';

const ranking = (...scores: number[]) => scores.map((score, i) => ({ intent: `intent_${i}`, score }));

/** The threshold and margin rules every recognizer shares (docs/reference/runtime.md). */
describe('decideIntent', () => {
  it('accepts the best intent at or above the threshold', () => {
    expect(decideIntent(ranking(0.5, 0.2), { threshold: 0.5 })).toMatchObject({ intent: 'intent_0', confidence: 0.5 });
    expect(decideIntent(ranking(0.4999, 0.2), { threshold: 0.5 })).toMatchObject({ intent: null, confidence: 0.4999, rejected: 'out_of_scope' });
  });

  it('rejects as ambiguous when the runner-up is closer than the margin, accepting a lead of exactly the margin', () => {
    expect(decideIntent(ranking(0.55, 0.51), { threshold: 0.5, margin: 0.05 })).toMatchObject({ intent: null, rejected: 'ambiguous' });
    expect(decideIntent(ranking(0.55, 0.5), { threshold: 0.5, margin: 0.05 })).toMatchObject({ intent: 'intent_0' });
    expect(decideIntent(ranking(0.55), { threshold: 0.5, margin: 0.05 })).toMatchObject({ intent: 'intent_0' });
    expect(decideIntent(ranking(0.55, 0.55), { threshold: 0.5 })).toMatchObject({ intent: 'intent_0' });
  });

  it('rejects an empty ranking as out of scope, and any score when the threshold is not a number', () => {
    expect(decideIntent([], { threshold: 0 })).toMatchObject({ intent: null, confidence: 0, rejected: 'out_of_scope' });
    expect(decideIntent(ranking(0.9), { threshold: Number.NaN })).toMatchObject({ intent: null, rejected: 'out_of_scope' });
  });

  it('keeps the ranking it was given and fills no slots', () => {
    const given = ranking(0.9, 0.1);
    const recognition = decideIntent(given, { threshold: 0.5 });
    expect(recognition.ranking).toBe(given);
    expect(recognition.slots).toEqual({});
  });
});
