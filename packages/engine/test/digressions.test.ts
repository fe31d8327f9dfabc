import { describe, expect, it } from 'vitest';
import { AGENT, BANK_FILES, BANK_UTTERANCES } from './support/bank.ts';
import { converse, engineFor, eventsOf, yaml } from './support/workspace.ts';

const bank = () => engineFor(BANK_FILES, BANK_UTTERANCES);

describe('digressions', () => {
  it('pause the flow at its question, run the new intent\'s flow, then resume and ask the question again', () => {
    const { turns } = converse(bank(), ['I lost my card', 'what is my balance', '1234']);
    const digression = turns[1]!;

    expect(digression).toMatchObject({
      intent: 'check_balance',
      fallback: false,
      end: 'answered',
      status: 'waiting',
      flow: 'card_lost',
      node: 'ask_last4',
      messages: ['Your balance is 100 EUR.', 'What are the last four digits?'],
    });
    expect(digression.events.map((e) => e.type)).toEqual([
      'turn_started',
      'recognized',
      'digression',
      'flow_entered',
      'node_entered',
      'message',
      'end',
      'resumed',
      'message',
    ]);
    expect(eventsOf(digression.events, 'digression')).toEqual([{ type: 'digression', from: 'card_lost', to: 'balance', intent: 'check_balance' }]);
    expect(eventsOf(digression.events, 'flow_entered')).toMatchObject([{ flow: 'balance', digression: true }]);
    expect(eventsOf(digression.events, 'resumed')).toEqual([{ type: 'resumed', flow: 'card_lost', node: 'ask_last4' }]);
    // The paused flow carries on where it was.
    expect(turns[2]).toMatchObject({ flow: 'card_lost', end: 'resolved', slots: { card_last4: '1234' } });
  });

  it('keep the paused flow\'s slots apart from the digression\'s', () => {
    const { turns } = converse(bank(), ['I want to send money', '250', 'I lost my card', '1234']);
    expect(turns[2]).toMatchObject({ flow: 'card_lost', slots: {} });
    expect(turns[3]).toMatchObject({ flow: 'transfer', node: 'ask_confirm', slots: { amount: 250 }, messages: expect.arrayContaining(['Send 250 EUR?']) });
  });

  it('are not started by the intent of the flow that is already waiting: that is a failed answer', () => {
    const turn = converse(bank(), ['I lost my card', 'I lost my card']).turns[1]!;
    expect(turn).toMatchObject({ intent: 'report_lost_card', fallback: true, status: 'waiting', messages: ['Four digits, please.', 'What are the last four digits?'] });
    expect(eventsOf(turn.events, 'digression')).toEqual([]);
    expect(eventsOf(turn.events, 'slot_rejected')).toMatchObject([{ attempt: 1 }]);
  });

  it('are not started by the intent of a flow paused further down the stack', () => {
    const turn = converse(bank(), ['I want to send money', 'I lost my card', 'I want to send money']).turns[2]!;
    expect(eventsOf(turn.events, 'digression')).toEqual([]);
    expect(eventsOf(turn.events, 'slot_rejected')).toMatchObject([{ flow: 'card_lost', slot: 'card_last4' }]);
    expect(turn).toMatchObject({ flow: 'card_lost', node: 'ask_last4', status: 'waiting' });
  });

  it('finish the whole session when the digression hands over', () => {
    const { session, turns } = converse(bank(), ['I want to send money', 'I lost my card', '1234', '250'], { context: { tier: 'private' } });
    expect(turns[2]).toMatchObject({ status: 'handed_off', handoff: { queue: 'cards' } });
    expect(turns[3]).toMatchObject({ status: 'handed_off', messages: ['Connecting you to the cards team.'] });
    expect(session.status).toBe('handed_off');
  });
});

describe('digression depth', () => {
  // Seven flows, each waiting on a four-digit code, each started by its own intent.
  const files: Record<string, string> = { 'agent.yaml': AGENT };
  const utterances: Record<string, string> = {};
  for (let i = 1; i <= 7; i++) {
    files[`flows/f${i}.flow.yaml`] = yaml`
      kind: flow
      version: 1
      id: f${i}
      title: Flow ${i}
      intents:
        t${i}: { examples: [topic ${i}] }
      slots:
        code: { type: digits, length: 4 }
      start: ask
      nodes:
        ask:
          ask: Code for ${i}?
          fill: code
          next: done
        done:
          end: done
    `;
    utterances[`topic ${i}`] = `t${i}`;
  }

  it('nests up to five digressions; a sixth is treated as not understood', () => {
    const { turns } = converse(engineFor(files, utterances), ['topic 1', 'topic 2', 'topic 3', 'topic 4', 'topic 5', 'topic 6', 'topic 7', '1234']);

    expect(turns.slice(1, 6).map((t) => eventsOf(t.events, 'digression').length)).toEqual([1, 1, 1, 1, 1]);
    expect(turns[5]).toMatchObject({ flow: 'f6', messages: ['Code for 6?'] });

    const refused = turns[6]!;
    expect(eventsOf(refused.events, 'digression')).toEqual([]);
    expect(eventsOf(refused.events, 'error')).toMatchObject([{ code: 'digression_limit', flow: 'f6', node: 'ask' }]);
    expect(refused).toMatchObject({ fallback: true, flow: 'f6', node: 'ask', status: 'waiting', messages: ['Sorry, I did not get that.', 'Code for 6?'] });

    // The stack is intact: answering f6 resumes f5.
    expect(turns[7]).toMatchObject({ end: 'done', flow: 'f5', node: 'ask', messages: ['Code for 5?'] });
  });

  it('honours a smaller configured depth', () => {
    const { turns } = converse(engineFor(files, utterances, { maxDigressionDepth: 1 }), ['topic 1', 'topic 2', 'topic 3']);
    expect(eventsOf(turns[1]!.events, 'digression')).toHaveLength(1);
    expect(eventsOf(turns[2]!.events, 'error')).toMatchObject([{ code: 'digression_limit' }]);
  });
});
