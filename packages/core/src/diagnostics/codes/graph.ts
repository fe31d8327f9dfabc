import { defineCodes } from './codeInfo.ts';

/** CQ3xx: the shape of a flow's graph. */
export const graphCodes = defineCodes({
  CQ300: { title: 'Unreachable node', severity: 'warning', help: 'No path from `start` reaches this node. Connect it or delete it.' },
  CQ301: { title: 'Dead end', severity: 'error', help: 'The node neither ends, hands off nor routes anywhere: add `next`, `routes`, `end` or `handoff`.' },
  CQ302: { title: 'Cycle with no exit', severity: 'error', help: 'These nodes route only to each other, so a conversation that enters them never ends. Give one of them a way out.' },
  CQ303: { title: 'Conflicting node roles', severity: 'error', help: 'A node does one thing: ask, decide or act, then routes on; `end` and `handoff` finish the conversation and cannot be combined with routing.' },
  CQ304: { title: 'Flow cannot be entered', severity: 'warning', help: 'The flow declares no intents, so no user utterance starts it.' },
  CQ305: { title: 'Routes on a value that cannot occur', severity: 'warning', help: 'The route key is not a value this node can produce (slot value or action outcome).' },
});
