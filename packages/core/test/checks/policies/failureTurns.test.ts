import { describe, expect, it } from 'vitest';
import type { FlowFile, FlowNode } from '../../../src/index.ts';
import { computeFailureTurns } from '../../../src/checks/policies/failureTurns.ts';
import { formatNodePath } from '../../../src/checks/policies/nodePaths.ts';

const flowOf = (nodes: Record<string, FlowNode>): Pick<FlowFile, 'nodes'> => ({ nodes });
const HANDOFF: FlowNode = { handoff: { queue: 'general' } };

describe('failure turns', () => {
  it('leaves a loop of nodes that take no turn by its worst exit', () => {
    // `log` and `again` go round without asking anything; `log` can leave to a
    // person or to a question with three retries.
    const flow = flowOf({
      ask: { ask: 'Why?', fill: 'reason', retries: 0, on_fail: 'log' },
      log: { action: 'cases.log', routes: { ok: 'again', failed: 'to_agent', retry: 'ask_more' } },
      again: { say: 'One moment.', next: 'log' },
      ask_more: { ask: 'More?', fill: 'reason', retries: 3 },
      to_agent: HANDOFF,
    });
    const turns = computeFailureTurns(flow, 2);
    expect(turns.turnsFrom('again')).toBe(4);
    const walk = turns.walkFrom('ask');
    expect(walk.turns).toBe(5);
    expect(walk.questions.map((q) => [q.node, q.turns])).toEqual([
      ['ask', 1],
      ['ask_more', 4],
    ]);
    expect(formatNodePath(walk.path)).toBe('ask (on_fail) → log (route retry) → ask_more');
    expect(formatNodePath(turns.walkFrom('again').path)).toBe('again → log (route retry) → ask_more');
    expect(walk.ending).toEqual({ type: 'fallback' });
  });

  it('makes everything that leads into a loop through a question endless', () => {
    const flow = flowOf({
      first: { ask: 'A?', fill: 'a', retries: 0, on_fail: 'second' },
      second: { ask: 'B?', fill: 'b', retries: 1, on_fail: 'third' },
      third: { ask: 'C?', fill: 'c', retries: 0, on_fail: 'second' },
    });
    const turns = computeFailureTurns(flow, 2);
    expect(turns.turnsFrom('first')).toBe(Infinity);
    const walk = turns.walkFrom('first');
    expect(walk.ending).toEqual({ type: 'loop', node: 'second' });
    expect(formatNodePath(walk.path)).toBe('first (on_fail) → second (on_fail) → third (on_fail) → second');
  });

  it('hands over at a dead end and at a loop with no way out', () => {
    const flow = flowOf({
      ask: { ask: 'A?', fill: 'a', retries: 1, on_fail: 'stuck' },
      stuck: { say: 'Hmm.' },
      spin: { ask: 'B?', fill: 'b', retries: 0, on_fail: 'round' },
      round: { say: 'Round', next: 'about' },
      about: { say: 'About', next: 'round' },
    });
    const turns = computeFailureTurns(flow, 2);
    expect(turns.walkFrom('ask')).toMatchObject({ turns: 2, ending: { type: 'fallback' } });
    expect(turns.walkFrom('spin')).toMatchObject({ turns: 1, ending: { type: 'fallback' } });
  });

  it('charges `fallback.max_failures` for an end on the failure path', () => {
    const flow = flowOf({ ask: { ask: 'A?', fill: 'a', on_fail: 'bye' }, bye: { end: 'abandoned' } });
    expect(computeFailureTurns(flow, 4).walkFrom('ask')).toMatchObject({ turns: 7, ending: { type: 'end', node: 'bye', outcome: 'abandoned' } });
    expect(computeFailureTurns(flow, 1).turnsFrom('ask')).toBe(4);
  });
});

describe('node paths', () => {
  it('keeps the beginning and end of a long path and counts the middle', () => {
    const steps = Array.from({ length: 20 }, (_, i) => ({ node: `n${i}` }));
    expect(formatNodePath(steps, { fromStart: true, last: '(end: done)' })).toBe(
      'start → n0 → n1 → n2 → n3 → … 9 more … → n13 → n14 → n15 → n16 → n17 → n18 → n19 (end: done)',
    );
  });
});
