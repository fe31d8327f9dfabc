import { describe, expect, it } from 'vitest';
import { BANK_FILES, BANK_UTTERANCES } from './support/bank.ts';
import { converse, engineFor, eventsOf } from './support/workspace.ts';

describe('handoff', () => {
  it('sends the handoff message, hands over to the queue and finishes the session', () => {
    const { session, turns } = converse(engineFor(BANK_FILES, BANK_UTTERANCES), ['I lost my card', '1234'], { context: { tier: 'private' } });
    const turn = turns[1]!;

    expect(turn).toMatchObject({
      status: 'handed_off',
      flow: 'card_lost',
      node: 'to_agent',
      handoff: { queue: 'cards', reason: 'customer needs a person' },
      messages: ['Connecting you to the cards team.'],
      slots: { card_last4: '1234' },
    });
    expect(eventsOf(turn.events, 'handoff')).toMatchObject([{ flow: 'card_lost', node: 'to_agent', queue: 'cards', reason: 'customer needs a person' }]);
    expect(session.status).toBe('handed_off');
  });

  it('only repeats that a person is taking over on later turns, without recognising anything', () => {
    const { turns } = converse(engineFor(BANK_FILES, BANK_UTTERANCES), ['I lost my card', '1234', 'what is my balance', 'hello?'], {
      context: { tier: 'private' },
    });

    for (const later of turns.slice(2)) {
      expect(later).toMatchObject({ status: 'handed_off', messages: ['Connecting you to the cards team.'], handoff: undefined, intent: undefined });
      expect(later.events.map((e) => e.type)).toEqual(['turn_started', 'message']);
    }
  });
});
