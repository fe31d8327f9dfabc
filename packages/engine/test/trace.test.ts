import { describe, expect, it } from 'vitest';
import { describeTraceEvent } from '../src/index.ts';
import { AGENT, BANK_FILES, BANK_UTTERANCES, CARD_FREEZE, CARD_LOST } from './support/bank.ts';
import { converse, engineFor, eventsOf, positionOf } from './support/workspace.ts';

const CARD_FILE = 'flows/card_lost.flow.yaml';

describe('trace positions', () => {
  const { session, turns } = converse(engineFor(BANK_FILES, BANK_UTTERANCES), ['I lost my card', '1234']);
  const [first, second] = [turns[0]!, turns[1]!];

  it('points node_entered at the node\'s key', () => {
    const entered = eventsOf(first.events, 'node_entered');
    expect(entered[0]!.at).toEqual({ file: CARD_FILE, ...positionOf(CARD_LOST, 'confirm:', 'nodes:') });
    expect(entered[1]!.at).toEqual({ file: CARD_FILE, ...positionOf(CARD_LOST, 'ask_last4:', 'nodes:') });
  });

  it('points flow_entered at the intent, messages at their field and transitions at `next` or the route key', () => {
    expect(eventsOf(first.events, 'flow_entered')[0]!.at).toEqual({ file: CARD_FILE, ...positionOf(CARD_LOST, 'report_lost_card:') });
    const messages = eventsOf(first.events, 'message');
    expect(messages[0]!.at).toEqual({ file: CARD_FILE, ...positionOf(CARD_LOST, 'say:', 'confirm:') });
    expect(messages[1]!.at).toEqual({ file: CARD_FILE, ...positionOf(CARD_LOST, 'ask:', 'ask_last4:') });
    expect(eventsOf(first.events, 'transition')[0]!.at).toEqual({ file: CARD_FILE, ...positionOf(CARD_LOST, 'next:', 'confirm:') });
    const route = eventsOf(second.events, 'transition').find((t) => t.via === 'route');
    expect(route).toMatchObject({ key: 'freeze', at: { file: CARD_FILE, ...positionOf(CARD_LOST, 'freeze:', 'decide:') } });
  });

  it('points slot_filled at `fill`, rule_fired at the row and action at `action`', () => {
    expect(eventsOf(second.events, 'slot_filled')[0]!.at).toEqual({ file: CARD_FILE, ...positionOf(CARD_LOST, 'fill:') });
    expect(eventsOf(second.events, 'rule_fired')[0]!.at).toEqual({ file: 'rules/card_freeze.rules.yaml', ...positionOf(CARD_FREEZE, 'id: everyone_else') });
    expect(eventsOf(second.events, 'action')[0]!.at).toEqual({ file: CARD_FILE, ...positionOf(CARD_LOST, 'action:') });
    expect(eventsOf(second.events, 'end')[0]!.at).toEqual({ file: CARD_FILE, ...positionOf(CARD_LOST, 'end:') });
  });

  it('points fallback events and fallback messages into agent.yaml', () => {
    const turn = engineFor(BANK_FILES, BANK_UTTERANCES).startSession().turn('gibberish');
    expect(eventsOf(turn.events, 'fallback')[0]!.at).toEqual({ file: 'agent.yaml', ...positionOf(AGENT, 'fallback:') });
    expect(eventsOf(turn.events, 'message')[0]!.at).toEqual({ file: 'agent.yaml', ...positionOf(AGENT, 'say:', 'fallback:') });
  });

  it('keeps the whole conversation in the session trace, turn after turn', () => {
    expect(session.trace).toEqual([...first.events, ...second.events]);
    expect(eventsOf(session.trace, 'turn_started').map((e) => e.turn)).toEqual([1, 2]);
  });

  it('describes every event in one line', () => {
    for (const event of session.trace) expect(describeTraceEvent(event)).not.toMatch(/\n|undefined/);
  });
});

describe('determinism', () => {
  it('gives identical turns and traces for the same inputs', () => {
    const script = ['hello?', 'I want to send money', 'I lost my card', 'abc', '1234', '250', 'yes', 'what is my balance'];
    const config = { context: { tier: 'gold' }, today: '2026-03-14' };
    const run = () => {
      const { session, turns } = converse(engineFor(BANK_FILES, BANK_UTTERANCES), script, config);
      return { trace: JSON.stringify(session.trace), turns: JSON.stringify(turns) };
    };
    const a = run();
    const b = run();
    expect(a.trace).toBe(b.trace);
    expect(a.turns).toBe(b.turns);
    // And the same engine gives the same result for a second session.
    const engine = engineFor(BANK_FILES, BANK_UTTERANCES);
    expect(JSON.stringify(converse(engine, script, config).session.trace)).toBe(JSON.stringify(converse(engine, script, config).session.trace));
  });
});
