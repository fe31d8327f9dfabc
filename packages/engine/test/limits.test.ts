import { describe, expect, it } from 'vitest';
import { AGENT } from './support/bank.ts';
import { engineFor, eventsOf, yaml } from './support/workspace.ts';

const flowFile = (nodes: string, start = 'first') => yaml`
  kind: flow
  version: 1
  id: odd
  title: Odd
  intents:
    go: { examples: [go] }
  slots:
    colour: { type: enum, values: { red: [scarlet], blue: [navy] } }
  start: ${start}
`.concat(nodes);

const oddEngine = (nodes: string, options: { allow?: string[]; maxStepsPerTurn?: number; start?: string } = {}) =>
  engineFor({ 'agent.yaml': AGENT, 'flows/odd.flow.yaml': flowFile(nodes, options.start) }, { go: 'go' }, options);

describe('run-time problems the runtime copes with', () => {
  it('hands over with the fallback handoff at a dead end: no matching route and no `next`', () => {
    const engine = oddEngine(
      yaml`
        nodes:
          first:
            ask: Which colour?
            fill: colour
            routes: { red: red }
          red:
            end: red
      `,
      { allow: ['CQ301'] },
    );
    const session = engine.startSession();
    session.turn('go');
    const turn = session.turn('navy');

    expect(eventsOf(turn.events, 'slot_filled')).toMatchObject([{ slot: 'colour', value: 'blue' }]);
    expect(eventsOf(turn.events, 'error')).toMatchObject([{ code: 'dead_end', flow: 'odd', node: 'first' }]);
    expect(turn).toMatchObject({ status: 'handed_off', flow: 'odd', node: 'first', handoff: { queue: 'general' }, messages: ['Let me get you a person.'] });
  });

  it('stops a flow that loops within one turn after 100 nodes and hands over', () => {
    const engine = oddEngine(
      yaml`
        nodes:
          first:
            say: Round and
            next: second
          second:
            say: round.
            next: first
      `,
      { allow: ['CQ302'] },
    );
    const turn = engine.startSession().turn('go');

    expect(eventsOf(turn.events, 'node_entered')).toHaveLength(100);
    expect(eventsOf(turn.events, 'error')).toMatchObject([{ code: 'loop_limit', flow: 'odd', node: 'first' }]);
    expect(turn).toMatchObject({ status: 'handed_off', handoff: { queue: 'general' } });
    expect(turn.messages.at(-1)).toBe('Let me get you a person.');
  });

  it('honours a configured step limit', () => {
    const engine = oddEngine(
      yaml`
        nodes:
          first: { next: second }
          second: { next: first }
      `,
      { allow: ['CQ302'], maxStepsPerTurn: 7 },
    );
    const turn = engine.startSession().turn('go');
    expect(eventsOf(turn.events, 'node_entered')).toHaveLength(7);
    expect(eventsOf(turn.events, 'error')).toMatchObject([{ code: 'loop_limit' }]);
  });

  it('hands over when a transition names a node that does not exist', () => {
    const engine = oddEngine(
      yaml`
        nodes:
          first: { say: Hi., next: nowhere }
      `,
      { allow: ['CQ201'] },
    );
    const turn = engine.startSession().turn('go');
    expect(eventsOf(turn.events, 'transition')).toMatchObject([{ from: 'first', to: 'nowhere', via: 'next' }]);
    expect(eventsOf(turn.events, 'error')).toMatchObject([{ code: 'unknown_node', node: 'first' }]);
    expect(turn).toMatchObject({ status: 'handed_off', messages: ['Hi.', 'Let me get you a person.'] });
  });

  it('hands over when the flow\'s start node does not exist', () => {
    const engine = oddEngine(
      yaml`
        nodes:
          first: { end: done }
      `,
      { allow: ['CQ217', 'CQ300'], start: 'missing' },
    );
    const turn = engine.startSession().turn('go');
    expect(eventsOf(turn.events, 'error')).toMatchObject([{ code: 'unknown_node', flow: 'odd' }]);
    expect(turn.status).toBe('handed_off');
  });

  it('hands over when `decide` names a table that does not exist and the node has no `next`', () => {
    const engine = oddEngine(
      yaml`
        nodes:
          first:
            decide: nothing_here
            routes: { a: done }
          done: { end: done }
      `,
      { allow: ['CQ202', 'CQ301'] },
    );
    const turn = engine.startSession().turn('go');
    expect(eventsOf(turn.events, 'error').map((e) => e.code)).toEqual(['unknown_table', 'dead_end']);
    expect(turn.status).toBe('handed_off');
  });
});
