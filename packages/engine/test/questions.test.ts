import { describe, expect, it } from 'vitest';
import { AGENT, BANK_FILES, BANK_UTTERANCES } from './support/bank.ts';
import { converse, engineFor, eventsOf, yaml } from './support/workspace.ts';

const bank = () => engineFor(BANK_FILES, BANK_UTTERANCES);

describe('asking for a slot', () => {
  it('fills the slot from the answer and routes on', () => {
    const { turns } = converse(bank(), ['I want to send money', '250', 'yes']);

    expect(turns[1]).toMatchObject({ node: 'ask_confirm', status: 'waiting', slots: { amount: 250 }, messages: ['Send 250 EUR?'] });
    expect(eventsOf(turns[1]!.events, 'slot_filled')).toMatchObject([{ flow: 'transfer', slot: 'amount', value: 250, source: 'answer' }]);
    expect(turns[2]).toMatchObject({ end: 'transferred', slots: { amount: 250, confirmed: true }, messages: ['Sent 250 EUR.'] });
  });

  it('routes on the slot value compared as text (`true`/`false`)', () => {
    const { turns } = converse(bank(), ['I want to send money', '250', 'no']);
    expect(eventsOf(turns[2]!.events, 'transition')).toMatchObject([{ from: 'ask_confirm', to: 'cancelled', via: 'route', key: 'false' }]);
    expect(turns[2]).toMatchObject({ end: 'cancelled', messages: ['Cancelled.'] });
  });

  it('reprompts a failed answer with `reprompt`, then goes to `on_fail` when the retries are used up', () => {
    // ask_last4 has retries: 1, a reprompt and on_fail: to_agent
    const { session, turns } = converse(bank(), ['I lost my card', 'no idea', 'still no idea']);

    expect(turns[1]).toMatchObject({
      fallback: true,
      status: 'waiting',
      node: 'ask_last4',
      messages: ['Four digits, please.', 'What are the last four digits?'],
    });
    expect(eventsOf(turns[1]!.events, 'slot_rejected')).toMatchObject([{ flow: 'card_lost', slot: 'card_last4', text: 'no idea', attempt: 1 }]);
    expect(turns[2]).toMatchObject({
      status: 'handed_off',
      node: 'to_agent',
      handoff: { queue: 'cards', reason: 'customer needs a person' },
      messages: ['Connecting you to the cards team.'],
    });
    expect(eventsOf(turns[2]!.events, 'transition')).toMatchObject([{ from: 'ask_last4', to: 'to_agent', via: 'on_fail' }]);
    expect(session.status).toBe('handed_off');
  });

  it('reprompts with the fallback message by default and hands over with the fallback handoff after the default 2 retries', () => {
    // ask_amount has no reprompt, no retries, no on_fail
    const { turns } = converse(bank(), ['I want to send money', 'lots', 'plenty', 'loads']);

    expect(turns[1]!.messages).toEqual(['Sorry, I did not get that.', 'How much?']);
    expect(turns[2]!.messages).toEqual(['Sorry, I did not get that.', 'How much?']);
    expect(eventsOf(turns[2]!.events, 'slot_rejected')).toMatchObject([{ attempt: 2 }]);
    expect(turns[3]).toMatchObject({
      status: 'handed_off',
      flow: 'transfer',
      node: 'ask_amount',
      handoff: { queue: 'general', reason: 'not understood' },
      messages: ['Let me get you a person.'],
    });
  });

  it('resets the retry count when the question is answered', () => {
    const { turns } = converse(bank(), ['I want to send money', 'lots', '250', 'maybe', 'perhaps']);
    // A failure at the second question starts counting at one, and it still has both retries.
    expect(eventsOf(turns[3]!.events, 'slot_rejected')).toMatchObject([{ slot: 'confirmed', attempt: 1 }]);
    expect(turns[4]).toMatchObject({ status: 'waiting', node: 'ask_confirm' });
  });

  it('does not count failed answers as not-understood utterances towards the fallback handoff', () => {
    const { turns } = converse(bank(), ['I want to send money', 'lots', 'plenty']);
    expect(turns.map((t) => t.status)).toEqual(['waiting', 'waiting', 'waiting']);
    expect(eventsOf(turns[2]!.events, 'fallback')).toEqual([]);
  });
});

describe('pre-filling slots from the first utterance', () => {
  it('fills unambiguous slot types and skips their questions', () => {
    const turn = bank().startSession().turn('I lost my card ending 4321');

    expect(eventsOf(turn.events, 'slot_filled')).toMatchObject([{ slot: 'card_last4', value: '4321', source: 'prefill' }]);
    expect(turn.messages).toEqual(["I'm sorry to hear that.", 'Done, the card ending 4321 is frozen (freeze).']);
    expect(turn).toMatchObject({ end: 'resolved', status: 'idle', slots: { card_last4: '4321' } });
    // The question node was entered and routed on without asking.
    expect(eventsOf(turn.events, 'node_entered').map((e) => e.node)).toEqual(['confirm', 'ask_last4', 'decide', 'do_freeze', 'done']);
  });

  it('does not pre-fill numbers, which could be any number in the sentence', () => {
    const turn = bank().startSession().turn('send 250 euros');
    expect(turn).toMatchObject({ node: 'ask_amount', status: 'waiting', slots: {}, messages: ['How much?'] });
    expect(eventsOf(turn.events, 'slot_filled')).toEqual([]);
  });

  it('does not pre-fill yes/no slots: a yes only answers the question it was given to', () => {
    const { turns } = converse(bank(), ['yes, I want to send money', '250']);
    expect(eventsOf(turns[0]!.events, 'slot_filled')).toEqual([]);
    // The confirmation is still asked, not taken from the opening "yes".
    expect(turns[1]).toMatchObject({ node: 'ask_confirm', status: 'waiting', slots: { amount: 250 }, messages: ['Send 250 EUR?'] });
  });
});

describe('question variants', () => {
  const flow = yaml`
    kind: flow
    version: 1
    id: survey
    title: Survey
    intents:
      take_survey: { examples: [take the survey] }
    slots:
      score: { type: number, min: 0, max: 10 }
    start: ask_score
    nodes:
      ask_score:
        ask: From 0 to 10?
        fill: score
        retries: 0
        on_fail: ask_comment
        next: thanks
      ask_comment:
        ask: Anything else to tell us?
        next: thanks
      thanks:
        say: Thanks ({score}).
        end: done
  `;
  const engine = () => engineFor({ 'agent.yaml': AGENT, 'flows/survey.flow.yaml': flow }, { 'take the survey': 'take_survey' }, { allow: ['CQ306'] });

  it('with `retries: 0`, goes to `on_fail` at the first failed answer', () => {
    const turn = converse(engine(), ['take the survey', 'eleven out of ten']).turns[1]!;
    expect(eventsOf(turn.events, 'slot_rejected')).toMatchObject([{ slot: 'score', attempt: 1 }]);
    expect(turn).toMatchObject({ node: 'ask_comment', status: 'waiting', messages: ['Anything else to tell us?'] });
  });

  it('rejects a number outside `min`/`max`', () => {
    const turn = converse(engine(), ['take the survey', '11']).turns[1]!;
    expect(eventsOf(turn.events, 'slot_rejected')).toHaveLength(1);
  });

  it('accepts any answer to an `ask` without `fill`, and stores it nowhere', () => {
    const turn = converse(engine(), ['take the survey', 'nope', 'it was fine']).turns[2]!;
    expect(eventsOf(turn.events, 'slot_filled')).toEqual([]);
    expect(turn).toMatchObject({ end: 'done', slots: {}, messages: ['Thanks ({score}).'] });
  });
});
