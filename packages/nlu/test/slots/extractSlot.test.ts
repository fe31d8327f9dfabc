import type { SlotDefinition } from '@colloquy/core';
import { extractSlot, prefillSlots } from '@colloquy/nlu';
import { describe, expect, it } from 'vitest';
import { TODAY } from './helpers.ts';

const OPTIONS = { today: TODAY };

/** One definition of every slot type of the flow schema. */
const EVERY_TYPE: Record<SlotDefinition['type'], SlotDefinition> = {
  text: { type: 'text' },
  number: { type: 'number', min: 0, max: 10_000 },
  digits: { type: 'digits', length: 4 },
  enum: { type: 'enum', values: { debit: ['debit card'], credit: ['credit card'] } },
  pattern: { type: 'pattern', pattern: '^[A-Z]{2}[0-9]{6}$' },
  date: { type: 'date' },
  boolean: { type: 'boolean' },
};

/** Answers no slot should choke on. */
const HOSTILE = [
  '',
  ' \t\n ',
  '😀🎉👍🏽',
  '\u0000\u0001\u0007\u001b[31m',
  '\u202Eyes 1234\u202C',
  'مرحبا ١٢٣٤',
  'שלום 12/03/2026',
  '\ud800\udfff\ud800',
  'ﬀ ｙｅｓ １２３４',
  'x'.repeat(100_000),
  '1 '.repeat(50_000),
  'yes '.repeat(25_000),
  'today '.repeat(20_000),
  'AB123456 '.repeat(10_000),
];

describe('extractSlot', () => {
  it('reads the same answer by the slot type', () => {
    const answer = 'card 1234, today';
    expect(extractSlot(EVERY_TYPE.text, answer, OPTIONS)).toMatchObject({ ok: true, value: answer });
    expect(extractSlot(EVERY_TYPE.number, answer, OPTIONS)).toMatchObject({ ok: true, value: 1234 });
    expect(extractSlot(EVERY_TYPE.digits, answer, OPTIONS)).toMatchObject({ ok: true, value: '1234' });
    expect(extractSlot(EVERY_TYPE.date, answer, OPTIONS)).toMatchObject({ ok: true, value: TODAY });
    expect(extractSlot(EVERY_TYPE.enum, answer, OPTIONS)).toMatchObject({ ok: false });
    expect(extractSlot(EVERY_TYPE.boolean, answer, OPTIONS)).toMatchObject({ ok: false });
  });

  it('fails on an unknown or missing type instead of throwing', () => {
    for (const definition of [{ type: 'colour' }, { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' }, {}, { type: 7 }, null, undefined]) {
      expect(extractSlot(definition as never, 'red', OPTIONS), JSON.stringify(definition)).toEqual({ ok: false, reason: 'unknown slot type' });
    }
  });

  it('never throws, hangs or points outside the answer, whatever the answer', () => {
    for (const [type, definition] of Object.entries(EVERY_TYPE)) {
      for (const answer of HOSTILE) {
        const start = performance.now();
        const result = extractSlot(definition, answer, OPTIONS);
        expect(performance.now() - start, `${type} on ${JSON.stringify(answer.slice(0, 20))}`).toBeLessThan(500);
        if (result.ok) {
          expect(result.start).toBeGreaterThanOrEqual(0);
          expect(result.end).toBeLessThanOrEqual(answer.length);
          expect(result.start).toBeLessThan(result.end);
        } else {
          expect(result.reason.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('never quotes the answer in a reason: slots may hold personal data', () => {
    const secrets = ['ZQ987654', '4321', '8765', 'Ravensworth'];
    const answer = `${secrets[0]} maybe ${secrets[1]} or ${secrets[2]}, at ${secrets[3]}`;
    for (const definition of Object.values(EVERY_TYPE)) {
      const result = extractSlot(definition, answer, OPTIONS);
      if (!result.ok) for (const secret of secrets) expect(result.reason).not.toContain(secret);
    }
  });
});

describe('prefillSlots', () => {
  it('fills only the types that cannot be mistaken for something else in a sentence', () => {
    const found = prefillSlots(EVERY_TYPE, 'yes, my debit card ending 1234 was taken today, ref AB123456, about 50 pounds', OPTIONS);
    expect(found).toEqual({ digits: '1234', enum: 'debit', date: TODAY, pattern: 'AB123456' });
  });

  it('leaves out a slot the utterance holds two values for', () => {
    const found = prefillSlots(EVERY_TYPE, 'the debit card or the credit card, 1234 or 5678', OPTIONS);
    expect(found).toEqual({});
  });

  it('returns nothing for an utterance without values, and never throws on hostile ones', () => {
    expect(prefillSlots(EVERY_TYPE, 'I lost my card', OPTIONS)).toEqual({});
    for (const answer of HOSTILE) expect(() => prefillSlots(EVERY_TYPE, answer, OPTIONS)).not.toThrow();
  });
});
