import { describe, expect, it } from 'vitest';
import type { SlotDefinition } from '@colloquy/core';
import { reasonFor, spanOf, valueOf } from './helpers.ts';

const CARD: SlotDefinition = {
  type: 'enum',
  values: {
    debit: ['debit card', 'bank card'],
    credit: ['credit card', 'visa'],
    business_card: ['company card'],
  },
};

describe('enum slots', () => {
  it('reads a value name or a synonym, case-insensitively', () => {
    expect(valueOf(CARD, 'debit')).toBe('debit');
    expect(valueOf(CARD, 'my VISA')).toBe('credit');
    expect(valueOf(CARD, 'the Credit Card one')).toBe('credit');
  });

  it('reads multi-word value names written with underscores or spaces', () => {
    expect(valueOf(CARD, 'my business card')).toBe('business_card');
    expect(valueOf(CARD, 'business_card')).toBe('business_card');
  });

  it('matches whole words only', () => {
    expect(reasonFor(CARD, 'my visage')).toMatch(/none of the values/);
    expect(reasonFor(CARD, 'debits')).toMatch(/none of the values/);
  });

  it('ignores accents and typographic apostrophes', () => {
    const mood: SlotDefinition = { type: 'enum', values: { cafe: ['café'], dont_know: ["don't know"] } };
    expect(valueOf(mood, 'the CAFE')).toBe('cafe');
    expect(valueOf(mood, 'I don’t know')).toBe('dont_know');
  });

  it('chooses the longest match where matches overlap', () => {
    const card: SlotDefinition = { type: 'enum', values: { debit: ['debit card'], any: ['card'] } };
    expect(valueOf(card, 'my debit card')).toBe('debit');
    expect(spanOf(card, 'my debit card')).toBe('debit card');
    expect(valueOf(card, 'just a card')).toBe('any');
  });

  it('treats two different values as ambiguous', () => {
    expect(reasonFor(CARD, 'debit or credit, not sure')).toMatch(/more than one/);
  });

  it('treats a synonym listed under two values as ambiguous', () => {
    const shared: SlotDefinition = { type: 'enum', values: { gold: ['premium'], platinum: ['premium'] } };
    expect(reasonFor(shared, 'premium')).toMatch(/more than one/);
  });

  it('accepts the same value said twice', () => {
    expect(valueOf(CARD, 'debit, the debit card')).toBe('debit');
  });

  it('reports a definition without values', () => {
    expect(reasonFor({ type: 'enum' }, 'debit')).toMatch(/values/);
  });
});
