import { describe, expect, it } from 'vitest';
import { contextDeclarations, formatContextValue, parseContextValue, type ContextDeclaration } from '@colloquy/simulator';

/** Typed-in context values, as `colloquy chat --context` and the studio's Try-it settings read them. */
describe('parseContextValue', () => {
  const tier: ContextDeclaration = { name: 'tier', type: 'string', values: ['standard', 'gold'] };
  const branch: ContextDeclaration = { name: 'branch', type: 'string' };
  const score: ContextDeclaration = { name: 'fraud_score', type: 'number' };
  const authenticated: ContextDeclaration = { name: 'authenticated', type: 'boolean' };

  it('reads a value as its declared type', () => {
    expect(parseContextValue('gold', tier)).toEqual({ ok: true, value: 'gold' });
    expect(parseContextValue(' 0.92 ', score)).toEqual({ ok: true, value: 0.92 });
    expect(parseContextValue('false', authenticated)).toEqual({ ok: true, value: false });
    // A declared text stays text, even when it looks like a number
    expect(parseContextValue('0042', branch)).toEqual({ ok: true, value: '0042' });
  });

  it('refuses what does not fit, saying what would', () => {
    expect(parseContextValue('platinum', tier)).toEqual({ ok: false, reason: 'tier is one of standard, gold' });
    expect(parseContextValue('high', score)).toEqual({ ok: false, reason: 'fraud_score is a number, e.g. 0.5' });
    expect(parseContextValue('yes', authenticated)).toEqual({ ok: false, reason: 'authenticated is true or false' });
  });

  it('guesses the type of an undeclared variable: true/false, a number, else text', () => {
    expect(parseContextValue('true')).toEqual({ ok: true, value: true });
    expect(parseContextValue('12.5')).toEqual({ ok: true, value: 12.5 });
    expect(parseContextValue('Leeds')).toEqual({ ok: true, value: 'Leeds' });
  });

  it('treats empty input as not set, and formats values back into what it reads', () => {
    expect(parseContextValue('  ', tier)).toEqual({ ok: true, value: undefined });
    expect(parseContextValue('')).toEqual({ ok: true, value: undefined });
    for (const value of ['gold', 0.92, false] as const) {
      const declared = typeof value === 'number' ? score : typeof value === 'boolean' ? authenticated : tier;
      expect(parseContextValue(formatContextValue(value), declared)).toEqual({ ok: true, value });
    }
    expect(formatContextValue(undefined)).toBe('');
  });

  it('takes its declarations from agent.yaml context', () => {
    const declared = contextDeclarations({ tier: { type: 'string', values: ['standard', 'gold'], default: 'standard' }, score: { type: 'number' } });
    expect(declared.get('tier')).toEqual(tier);
    expect(declared.get('score')).toEqual({ name: 'score', type: 'number' });
    expect(contextDeclarations(undefined).size).toBe(0);
  });
});
