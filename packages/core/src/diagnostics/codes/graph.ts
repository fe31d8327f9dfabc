import { defineCodes } from './codeInfo.ts';

/** CQ3xx: the shape of a flow's graph. */
export const graphCodes = defineCodes({
  CQ300: { title: 'Unreachable node', severity: 'warning', help: 'No path from `start` reaches this node. Connect it or delete it.' },
  CQ301: { title: 'Dead end', severity: 'error', help: 'The conversation can get stuck at this node: it neither ends, hands off nor routes anywhere, or it is a yes/no or enum question or an action whose `routes` miss some answers or outcomes and it has no `next`. Add `next`, the missing routes, `end` or `handoff`.' },
  CQ302: { title: 'Cycle with no exit', severity: 'error', help: 'These nodes route only to each other, so a conversation that enters them never ends. Give one of them a way out: a route or `next` to a node that ends or hands over. (A question without `on_fail` counts as a way out: when its retries run out the fallback handoff takes over.)' },
  CQ303: { title: 'Conflicting node roles', severity: 'error', help: 'A node does one thing: it asks, decides or acts and then routes on, or it finishes with `end` or `handoff`. Split a node that does two things into two nodes joined by `next`, and remove fields its role does not use.' },
  CQ304: { title: 'Flow cannot be entered', severity: 'warning', help: 'The flow declares no intents, so nothing a customer says starts it. Add an intent with examples, or delete the flow.' },
  CQ305: { title: 'Routes on a value that cannot occur', severity: 'warning', help: 'The question routes on a value its slot can never hold: a yes/no slot holds `true` or `false`, an enum slot one of its value names. Fix the key or the slot.' },
  CQ306: { title: 'Question fills no slot', severity: 'error', help: 'An `ask` node stores the answer in the slot named by `fill`. Add `fill` with a slot declared under `slots`.' },
});
