import { describe, expect, it } from 'vitest';
import { BANK_FILES, BANK_UTTERANCES } from './support/bank.ts';
import { converse, engineFor, eventsOf } from './support/workspace.ts';

const bank = () => engineFor(BANK_FILES, BANK_UTTERANCES);

describe('routing by intent', () => {
  it('starts the flow that declares the recognised intent and walks to its first question', () => {
    const session = bank().startSession();
    const turn = session.turn('I lost my card');

    expect(turn).toMatchObject({
      turn: 1,
      intent: 'report_lost_card',
      confidence: 1,
      fallback: false,
      flow: 'card_lost',
      node: 'ask_last4',
      status: 'waiting',
      messages: ["I'm sorry to hear that.", 'What are the last four digits?'],
    });
    expect(eventsOf(turn.events, 'flow_entered')).toMatchObject([{ flow: 'card_lost', intent: 'report_lost_card', digression: false }]);
    expect(eventsOf(turn.events, 'node_entered').map((e) => e.node)).toEqual(['confirm', 'ask_last4']);
    expect(eventsOf(turn.events, 'transition')).toMatchObject([{ from: 'confirm', to: 'ask_last4', via: 'next' }]);
    expect(session.status).toBe('waiting');
  });

  it('orders a turn\'s events: turn_started, recognized, flow_entered, then the walk', () => {
    const turn = bank().startSession().turn('what is my balance');
    expect(turn.events.map((e) => e.type)).toEqual(['turn_started', 'recognized', 'flow_entered', 'node_entered', 'message', 'end']);
  });

  it('returns to idle after an end, and a new intent then starts its flow', () => {
    const { session, turns } = converse(bank(), ['what is my balance', 'I lost my card']);

    expect(turns[0]).toMatchObject({ end: 'answered', status: 'idle', flow: 'balance', node: 'tell', messages: ['Your balance is 100 EUR.'] });
    expect(turns[1]).toMatchObject({ intent: 'report_lost_card', flow: 'card_lost', node: 'ask_last4', status: 'waiting', end: undefined });
    expect(session.status).toBe('waiting');
  });

  it('treats an intent that no flow declares as not understood and records the mismatch', () => {
    const engine = engineFor(BANK_FILES, { ...BANK_UTTERANCES, 'open an account': 'open_account' });
    const turn = engine.startSession().turn('open an account');

    expect(turn).toMatchObject({ intent: 'open_account', fallback: true, status: 'idle', messages: ['Sorry, I did not get that.'] });
    expect(eventsOf(turn.events, 'error')).toMatchObject([{ code: 'unknown_flow' }]);
    expect(eventsOf(turn.events, 'fallback')).toMatchObject([{ reason: 'out_of_scope', consecutive: 1 }]);
  });
});

describe('fallback counting', () => {
  it('says the fallback message, then hands over with the fallback handoff after max_failures in a row', () => {
    const { session, turns } = converse(bank(), ['blah', 'blah blah']);

    expect(turns[0]).toMatchObject({ fallback: true, status: 'idle', messages: ['Sorry, I did not get that.'], handoff: undefined });
    expect(eventsOf(turns[0]!.events, 'fallback')).toMatchObject([{ reason: 'out_of_scope', consecutive: 1 }]);
    expect(turns[1]).toMatchObject({
      fallback: true,
      status: 'handed_off',
      handoff: { queue: 'general', reason: 'not understood' },
      messages: ['Let me get you a person.'],
    });
    expect(eventsOf(turns[1]!.events, 'fallback')).toMatchObject([{ consecutive: 2 }]);
    expect(session.status).toBe('handed_off');
  });

  it('reports why an utterance was not understood', () => {
    const turn = bank().startSession().turn('   ');
    expect(eventsOf(turn.events, 'fallback')).toMatchObject([{ reason: 'empty' }]);
  });

  it('resets the count when an intent is recognised', () => {
    // Given one failure, then a flow that runs to its end
    const { turns } = converse(bank(), ['blah', 'what is my balance', 'blah', 'blah']);

    // Then the next failure counts from one again
    expect(eventsOf(turns[2]!.events, 'fallback')).toMatchObject([{ consecutive: 1 }]);
    expect(turns[2]!.status).toBe('idle');
    expect(turns[3]).toMatchObject({ status: 'handed_off', handoff: { queue: 'general' } });
  });

  it('resets the count when a question is answered', () => {
    const { turns } = converse(bank(), ['blah', 'I lost my card', '1234', 'blah']);
    expect(turns[2]).toMatchObject({ end: 'resolved', status: 'idle' });
    expect(eventsOf(turns[3]!.events, 'fallback')).toMatchObject([{ consecutive: 1 }]);
  });
});
