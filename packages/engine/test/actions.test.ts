import { describe, expect, it } from 'vitest';
import { AGENT, BANK_FILES, BANK_UTTERANCES, CARD_FREEZE } from './support/bank.ts';
import { converse, engineFor, eventsOf, yaml } from './support/workspace.ts';

describe('actions', () => {
  it('report the catalogue default when the session says nothing, and route on it', () => {
    const turn = converse(engineFor(BANK_FILES, BANK_UTTERANCES), ['I lost my card', '1234']).turns[1]!;

    expect(turn.actions).toEqual([{ action: 'cards.freeze', outcome: 'ok' }]);
    expect(eventsOf(turn.events, 'action')).toMatchObject([{ flow: 'card_lost', node: 'do_freeze', action: 'cards.freeze', outcome: 'ok' }]);
    // `ok` has no route: the node goes to `next`.
    expect(eventsOf(turn.events, 'transition')).toContainEqual(expect.objectContaining({ from: 'do_freeze', to: 'done', via: 'next' }));
    expect(turn.end).toBe('resolved');
  });

  it('report the outcome the session config gives, and route on it', () => {
    const engine = engineFor(BANK_FILES, BANK_UTTERANCES);
    const turn = converse(engine, ['I lost my card', '1234'], { actions: { 'cards.freeze': 'failed' } }).turns[1]!;

    expect(turn.actions).toEqual([{ action: 'cards.freeze', outcome: 'failed' }]);
    expect(eventsOf(turn.events, 'transition')).toContainEqual(expect.objectContaining({ from: 'do_freeze', to: 'to_agent', via: 'route', key: 'failed' }));
    expect(turn).toMatchObject({ status: 'handed_off', handoff: { queue: 'cards' } });
  });

  it('report `failed` with an error for an action outside the catalogue', () => {
    const flow = yaml`
      kind: flow
      version: 1
      id: mystery
      title: Mystery
      intents:
        do_mystery: { examples: [do the thing] }
      start: run
      nodes:
        run:
          action: cards.vanish
          routes: { failed: sorry }
          next: done
        sorry:
          say: That did not work.
          end: failed
        done:
          end: done
    `;
    const engine = engineFor(
      { 'agent.yaml': AGENT, 'flows/mystery.flow.yaml': flow, 'rules/card_freeze.rules.yaml': CARD_FREEZE },
      { 'do the thing': 'do_mystery' },
      { allow: ['CQ209', 'CQ212'] },
    );

    const turn = engine.startSession().turn('do the thing');
    expect(eventsOf(turn.events, 'error')).toMatchObject([{ code: 'unknown_action', flow: 'mystery', node: 'run' }]);
    expect(turn).toMatchObject({ actions: [{ action: 'cards.vanish', outcome: 'failed' }], end: 'failed', messages: ['That did not work.'] });

    // A session config can still give such an action an outcome (a test of a catalogue change in progress).
    const configured = engine.startSession({ actions: { 'cards.vanish': 'ok' } }).turn('do the thing');
    expect(eventsOf(configured.events, 'error')).toEqual([]);
    expect(configured.end).toBe('done');
  });
});
