import { defineCodes } from './codeInfo.ts';

/** CQ2xx: names that must resolve, within a file and across the workspace. */
export const referenceCodes = defineCodes({
  CQ200: { title: 'Duplicate id', severity: 'error', help: 'Two files of the same kind declare the same `id` (or two tests in one file share a test id, or there is more than one agent file). Ids are unique across the workspace: rename one.' },
  CQ201: { title: 'Unknown node', severity: 'error', help: 'A transition names a node that the flow does not declare. Fix the name or add the node.' },
  CQ202: { title: 'Unknown rules table', severity: 'error', help: '`decide` names a rules table that no `rules/*.rules.yaml` declares.' },
  CQ203: { title: 'Route the rules table never returns', severity: 'error', help: 'A `routes` key is not a value the table\'s first output can take (its declared `values`; `true`/`false` for a boolean output; otherwise the values its rows return). Fix the key or the table\'s output values.' },
  CQ204: { title: 'Rules outcome with no route', severity: 'warning', help: 'The table can return this value but the node has no route (and no `next`) for it, so such a conversation would stop there. Add a route, or a `next` for every other value.' },
  CQ205: { title: 'Unknown flow in test', severity: 'error', help: 'The test names a flow that does not exist.' },
  CQ206: { title: 'Unknown intent', severity: 'error', help: 'The intent is not declared by any flow.' },
  CQ207: { title: 'Unknown node in test', severity: 'error', help: 'The test expects a node that the flow does not declare.' },
  CQ208: { title: 'Unknown handoff queue', severity: 'error', help: 'Handoffs go to a queue declared under `queues` in agent.yaml.' },
  CQ209: { title: 'Unknown action', severity: 'error', help: 'Actions must be declared in the action catalogue (`actions` in agent.yaml).' },
  CQ210: { title: 'Placeholder names no slot', severity: 'error', help: 'A `{name}` placeholder in a message must name a slot of the flow, a context variable declared in agent.yaml, or an output of a rules table the flow decides with. In agent.yaml messages only context variables are available.' },
  CQ211: { title: 'Unknown slot', severity: 'error', help: 'The slot is not declared under `slots` in the flow.' },
  CQ212: { title: 'Unknown action outcome', severity: 'error', help: 'The outcome is not among the `outcomes` the action catalogue in agent.yaml declares for this action (in a route key, a test, or the action\'s own `default`).' },
  CQ213: { title: 'Intent claimed by two flows', severity: 'error', help: 'An intent starts exactly one flow. Remove it from one of them or merge the flows.' },
  CQ214: { title: 'Same training example in two intents', severity: 'warning', help: 'The same example (ignoring case, punctuation and spacing) trains two intents, which confuses recognition. Keep it in one.' },
  CQ215: { title: 'Rules input not available', severity: 'error', help: 'A rules table input must be a slot of the flow that decides it, or a context variable declared in agent.yaml.' },
  CQ216: { title: 'No agent.yaml', severity: 'error', help: 'A workspace needs exactly one `agent.yaml` at its root.' },
  CQ217: { title: 'Unknown start node', severity: 'error', help: '`start` must name a node of the flow.' },
  CQ218: { title: 'Unknown topic', severity: 'warning', help: 'Topics are declared under `topics` in agent.yaml so that policies, approval rules and intents agree on their names.' },
  CQ219: { title: 'Unknown context variable', severity: 'error', help: 'Context variables are declared under `context` in agent.yaml.' },
  CQ220: { title: 'Two generation settings for one flow', severity: 'error', help: 'Only one test file per flow may have a `simulate` block (the flow\'s generators, cases per intent and seed). Keep the settings in one of them.' },
});
