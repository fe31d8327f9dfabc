import type { TurnExpectation } from '@colloquy/core';
import { describe, expect, it } from 'vitest';
import { compareTurn } from '../src/compare/compareTurn.ts';
import { turnResult } from './support/workspace.ts';

const messagesOf = (expectation: TurnExpectation, result = turnResult()) => compareTurn(expectation, result).map((m) => m.message);

describe('compareTurn', () => {
  it('checks nothing when the turn has no expectations', () => {
    expect(compareTurn(undefined, turnResult({ intent: 'anything', node: 'x' }))).toEqual([]);
    expect(compareTurn({}, turnResult({ intent: 'anything' }))).toEqual([]);
  });

  it('checks only the listed fields', () => {
    // Given a turn that went somewhere unexpected, when only the intent is listed, then only the intent is compared.
    const result = turnResult({ intent: 'report_lost_card', flow: 'card_lost', node: 'confirm_freeze', handoff: { queue: 'cards' } });
    expect(compareTurn({ intent: 'report_lost_card' }, result)).toEqual([]);
  });

  it('reports ids as `field: expected X, got Y`', () => {
    const result = turnResult({ intent: 'check_balance', flow: 'balance', node: 'confirm_freeze', end: 'answered' });
    expect(messagesOf({ intent: 'report_lost_card', flow: 'card_lost', node: 'ask_last4', end: 'resolved' }, result)).toEqual([
      'intent: expected report_lost_card, got check_balance',
      'flow: expected card_lost, got balance',
      'node: expected ask_last4, got confirm_freeze',
      'end: expected resolved, got answered',
    ]);
  });

  it('says what is missing when the turn has no intent, flow, node, handoff or end', () => {
    expect(messagesOf({ intent: 'a', flow: 'b', node: 'c', handoff: 'cards', end: 'resolved' }, turnResult({ fallback: true }))).toEqual([
      'intent: expected a, got none (not understood)',
      'flow: expected b, got no flow',
      'node: expected c, got no node',
      'handoff: expected cards, got no handoff',
      'end: expected resolved, got no end',
    ]);
  });

  it('compares fallback both ways', () => {
    expect(messagesOf({ fallback: true }, turnResult({ fallback: false }))).toEqual(['fallback: expected true, got false']);
    expect(messagesOf({ fallback: false }, turnResult({ fallback: true }))).toEqual(['fallback: expected false, got true']);
    expect(messagesOf({ fallback: true }, turnResult({ fallback: true }))).toEqual([]);
  });

  describe('bot and not_bot', () => {
    const result = turnResult({ messages: ["I'm sorry to hear that.", 'What are the last\n4 digits?'] });

    it('finds each text anywhere in the joined reply, ignoring case, spacing and typographic quotes', () => {
      expect(messagesOf({ bot: ['SORRY to hear', 'last 4 digits', 'I’m sorry', 'that. what'] }, result)).toEqual([]);
    });

    it('reports each missing text with the whole reply', () => {
      expect(compareTurn({ bot: ['sorry', 'frozen'] }, result)).toEqual([
        {
          field: 'bot',
          key: 'frozen',
          expected: 'a reply containing "frozen"',
          actual: '"I\'m sorry to hear that.\\nWhat are the last\\n4 digits?"',
          message: 'bot: expected a reply containing "frozen", got "I\'m sorry to hear that.\\nWhat are the last\\n4 digits?"',
          path: ['expect', 'bot', 1],
        },
      ]);
    });

    it('points a single text at the field itself', () => {
      expect(compareTurn({ bot: 'frozen' }, result)[0]?.path).toEqual(['expect', 'bot']);
    });

    it('says when there was no reply at all', () => {
      expect(messagesOf({ bot: 'hello' }, turnResult())).toEqual(['bot: expected a reply containing "hello", got no reply']);
    });

    it('reports texts the reply must not contain', () => {
      expect(messagesOf({ not_bot: ['frozen', 'LAST 4'] }, result)).toEqual([
        'not_bot: expected a reply without "LAST 4", got "I\'m sorry to hear that.\\nWhat are the last\\n4 digits?"',
      ]);
    });
  });

  describe('slots', () => {
    it('compares each listed slot and ignores the others', () => {
      const result = turnResult({ slots: { card_last4: '1234', amount: 250, extra: 'x' } });
      expect(messagesOf({ slots: { card_last4: '1234', amount: 250 } }, result)).toEqual([]);
    });

    it('treats numbers and their written form as equal, and booleans and "true"/"false"', () => {
      const result = turnResult({ slots: { amount: 250, card_last4: '0193', consent: true, price: 1250.5 } });
      expect(messagesOf({ slots: { amount: '250', card_last4: 193, consent: 'true', price: '1,250.50' } }, result)).toEqual([]);
    });

    it('keeps texts exact and quotes them so that types show', () => {
      const result = turnResult({ slots: { card_last4: '0193', amount: 250 } });
      expect(messagesOf({ slots: { card_last4: '193', amount: 'two hundred and fifty', missing: 'x' } }, result)).toEqual([
        'slots.card_last4: expected "193", got "0193"',
        'slots.amount: expected "two hundred and fifty", got 250',
        'slots.missing: expected "x", got no value',
      ]);
    });

    it('reports the slot path for the source position', () => {
      expect(compareTurn({ slots: { card_last4: '1' } }, turnResult())[0]).toMatchObject({ field: 'slots', key: 'card_last4', path: ['expect', 'slots', 'card_last4'] });
    });

    it('does not read inherited properties as slot values', () => {
      expect(messagesOf({ slots: { constructor: 'x' } }, turnResult())).toEqual(['slots.constructor: expected "x", got no value']);
    });
  });

  describe('actions', () => {
    it('passes when each listed action ran in the turn with that outcome', () => {
      const result = turnResult({ actions: [{ action: 'cards.freeze', outcome: 'ok' }, { action: 'cards.reissue', outcome: 'failed' }] });
      expect(messagesOf({ actions: { 'cards.reissue': 'failed' } }, result)).toEqual([]);
    });

    it('says which outcome the action had, or that it did not run', () => {
      const result = turnResult({ actions: [{ action: 'cards.freeze', outcome: 'failed' }] });
      expect(messagesOf({ actions: { 'cards.freeze': 'ok', 'cards.reissue': 'ok' } }, result)).toEqual([
        'actions.cards.freeze: expected ok, got failed',
        'actions.cards.reissue: expected ok, got not run',
      ]);
    });
  });

  it('compares the handoff queue', () => {
    expect(messagesOf({ handoff: 'cards' }, turnResult({ handoff: { queue: 'general', reason: 'x' } }))).toEqual(['handoff: expected cards, got general']);
    expect(messagesOf({ handoff: 'cards' }, turnResult({ handoff: { queue: 'cards' } }))).toEqual([]);
  });

  it('lists mismatches in field order whatever order the test wrote them in', () => {
    const expectation = { end: 'x', slots: { a: 1 }, node: 'n', intent: 'i' } as TurnExpectation;
    expect(compareTurn(expectation, turnResult()).map((m) => m.field)).toEqual(['intent', 'node', 'slots', 'end']);
  });
});
