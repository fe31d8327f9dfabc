import { describe, expect, it } from 'vitest';
import { hasImplicitExit, isTerminal, nodeRole, nodeRoles, nodeSuccessors, reachableNodes, type FlowNode } from '../../src/index.ts';
import { stronglyConnectedComponents } from '../../src/checks/stronglyConnected.ts';

describe('nodeRole', () => {
  it('names what the node does, in runtime order, and `say` for a talking node', () => {
    expect(nodeRole({ ask: 'q?', fill: 's' })).toBe('ask');
    expect(nodeRole({ decide: 't', routes: { a: 'x' } })).toBe('decide');
    expect(nodeRole({ action: 'cards.freeze' })).toBe('action');
    expect(nodeRole({ handoff: { queue: 'q' } })).toBe('handoff');
    expect(nodeRole({ end: 'resolved' })).toBe('end');
    expect(nodeRole({ say: 'hi', next: 'x' })).toBe('say');
  });

  it('gives one answer for a conflicting node and lists every role it has', () => {
    const node: FlowNode = { ask: 'q?', decide: 't', end: 'done' };
    expect(nodeRole(node)).toBe('ask');
    expect(nodeRoles(node)).toEqual(['ask', 'decide', 'end']);
  });
});

describe('nodeSuccessors', () => {
  it('lists routes in file order, then next, then on_fail', () => {
    const node: FlowNode = { ask: 'q?', fill: 's', on_fail: 'agent', next: 'after', routes: { b: 'to_b', a: 'to_a' } };
    expect(nodeSuccessors(node)).toEqual([
      { to: 'to_b', via: 'route', key: 'b' },
      { to: 'to_a', via: 'route', key: 'a' },
      { to: 'after', via: 'next' },
      { to: 'agent', via: 'on_fail' },
    ]);
  });

  it('is empty for a node without transitions', () => {
    expect(nodeSuccessors({ end: 'resolved' })).toEqual([]);
  });
});

describe('exits', () => {
  it('treats end and handoff as terminal', () => {
    expect(isTerminal({ end: 'x' })).toBe(true);
    expect(isTerminal({ handoff: { queue: 'q' } })).toBe(true);
    expect(isTerminal({ say: 'x', next: 'y' })).toBe(false);
  });

  it('gives a question without on_fail the fallback handoff as a way out', () => {
    expect(hasImplicitExit({ ask: 'q?', fill: 's', next: 'a' })).toBe(true);
    expect(hasImplicitExit({ ask: 'q?', fill: 's', next: 'a', on_fail: 'b' })).toBe(false);
    expect(hasImplicitExit({ say: 'x', next: 'a' })).toBe(false);
  });
});

describe('reachableNodes', () => {
  const flow = {
    start: 'a',
    nodes: {
      a: { say: 'a', next: 'b' },
      b: { ask: 'b?', fill: 's', routes: { x: 'c' }, on_fail: 'd' },
      c: { end: 'done', next: 'e' },
      d: { handoff: { queue: 'q' } },
      e: { say: 'e', next: 'ghost' },
      lonely: { end: 'never' },
    } satisfies Record<string, FlowNode>,
  };

  it('follows next, routes and on_fail from start and skips unknown targets', () => {
    expect([...reachableNodes(flow)]).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('can stop at nodes that finish the conversation', () => {
    expect(reachableNodes(flow, { stopAtTerminal: true }).has('e')).toBe(false);
  });

  it('starts anywhere, and from an unknown node reaches nothing', () => {
    expect([...reachableNodes(flow, { from: 'e' })]).toEqual(['e']);
    expect(reachableNodes(flow, { from: 'nope' }).size).toBe(0);
  });

  it('does not mistake inherited object properties for nodes', () => {
    expect(reachableNodes({ start: 'constructor', nodes: { a: { end: 'x' } } }).size).toBe(0);
  });
});

describe('stronglyConnectedComponents', () => {
  const graph: Record<string, string[]> = { a: ['b'], b: ['c', 'a'], c: ['d'], d: ['c'], e: ['e'], f: [] };
  const components = stronglyConnectedComponents(Object.keys(graph), (id) => graph[id]!);

  it('groups nodes that reach each other', () => {
    const sorted = components.map((c) => [...c].sort().join(''));
    expect(sorted.sort()).toEqual(['ab', 'cd', 'e', 'f']);
  });

  it('emits a component before the components that lead to it', () => {
    const position = (id: string) => components.findIndex((c) => c.includes(id));
    expect(position('c')).toBeLessThan(position('a'));
  });

  it('handles long chains without recursion', () => {
    const n = 50_000;
    const next = (id: string) => (Number(id) < n - 1 ? [String(Number(id) + 1)] : ['0']);
    const ids = Array.from({ length: n }, (_, i) => String(i));
    expect(stronglyConnectedComponents(ids, next)).toHaveLength(1);
  });
});
