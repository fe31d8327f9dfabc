import { describe, expect, it } from 'vitest';
import { CARD_FLOW, edit, flowLines, lines, validate } from './workspaceBuilder.ts';

const F = 'flows/test_flow.flow.yaml';
const CARD = 'flows/card_lost.flow.yaml';
const withFlow = (flow: string) => validate({ [CARD]: flow });

describe('CQ217 unknown start node', () => {
  it('points at `start` and suggests the closest node', () => {
    expect(flowLines('confirm:\n  end: done', ['CQ217'], { start: 'confrim' })).toEqual([
      `${F}:13:8 error CQ217 \`start\` names \`confrim\`, which is not a node of flow \`test_flow\`; did you mean \`confirm\`?`,
    ]);
  });
});

describe('CQ201 unknown node', () => {
  it('reports next, route and on_fail targets at their values', () => {
    const nodes = 'a:\n  ask: "Agree?"\n  fill: agree\n  on_fail: to_agnt\n  routes: { "true": b, "false": c }\n  next: z\nz:\n  end: done\nto_agent:\n  handoff: { queue: general }';
    expect(flowLines(nodes, ['CQ201'])).toEqual([
      `${F}:18:14 error CQ201 node \`a\` goes on failure (\`on_fail\`) to \`to_agnt\`, which is not a node of flow \`test_flow\`; did you mean \`to_agent\`?`,
      `${F}:19:23 error CQ201 node \`a\` routes \`true\` to \`b\`, which is not a node of flow \`test_flow\`; did you mean \`a\`?`,
      `${F}:19:35 error CQ201 node \`a\` routes \`false\` to \`c\`, which is not a node of flow \`test_flow\`; did you mean \`a\`?`,
    ]);
  });

  it('matches the brief example for a misspelt route target', () => {
    const flow = edit(CARD_FLOW, 'escalate: to_agent }', 'escalate: to_agnt }');
    expect(lines(withFlow(flow), 'CQ201')).toEqual([
      `${CARD}:25:44 error CQ201 node \`decide\` routes \`escalate\` to \`to_agnt\`, which is not a node of flow \`card_lost\`; did you mean \`to_agent\`?`,
    ]);
  });

  it('does not take inherited object properties for nodes', () => {
    expect(flowLines('a:\n  say: hi\n  next: constructor', ['CQ201'])).toHaveLength(1);
  });
});

describe('CQ211 unknown slot in fill', () => {
  it('points at `fill` and suggests the closest slot', () => {
    const flow = edit(CARD_FLOW, 'fill: card_last4', 'fill: card_last5');
    expect(lines(withFlow(flow), 'CQ211')).toEqual([
      `${CARD}:15:11 error CQ211 node \`ask_last4\` fills \`card_last5\`, which is not a slot of flow \`card_lost\`; did you mean \`card_last4\`?`,
    ]);
  });

  it('says so when the flow declares no slots at all', () => {
    const flow = 'kind: flow\nversion: 1\nid: bare\ntitle: Bare\nintents: { bare: { examples: ["bare"] } }\nstart: a\nnodes:\n  a:\n    ask: "Name?"\n    fill: name\n    next: b\n  b:\n    end: done\n';
    expect(lines(validate({ 'flows/bare.flow.yaml': flow }), 'CQ211')).toEqual([
      'flows/bare.flow.yaml:10:11 error CQ211 node `a` fills `name`, but flow `bare` declares no `slots`',
    ]);
  });
});

describe('references into the agent file', () => {
  it('CQ209: an action missing from the catalogue', () => {
    const flow = edit(CARD_FLOW, 'action: cards.freeze', 'action: cards.frezee');
    expect(lines(withFlow(flow), 'CQ209', 'CQ212')).toEqual([
      `${CARD}:27:13 error CQ209 node \`do_freeze\` runs action \`cards.frezee\`, which is not in the action catalogue (\`actions\` in agent.yaml); did you mean \`cards.freeze\`?`,
    ]);
  });

  it('CQ212: an action route on an outcome the action never reports', () => {
    const flow = edit(CARD_FLOW, 'routes: { ok: done, failed: to_agent }', 'routes: { ok: done, faild: to_agent }');
    expect(lines(withFlow(flow), 'CQ212')).toEqual([
      `${CARD}:29:25 error CQ212 node \`do_freeze\` routes on \`faild\`, but action \`cards.freeze\` only reports \`ok\` and \`failed\`; did you mean \`failed\`?`,
    ]);
  });

  it('CQ301: an action node that routes some outcomes and has no `next`', () => {
    const flow = edit(CARD_FLOW, 'routes: { ok: done, failed: to_agent }', 'routes: { ok: done }');
    expect(lines(withFlow(flow), 'CQ301', 'CQ212')).toEqual([
      `${CARD}:29:5 error CQ301 node \`do_freeze\` has no route for \`failed\` (outcomes of action \`cards.freeze\`) and no \`next\`, so the conversation gets stuck here when it reports \`failed\`; add the missing routes or a \`next\``,
    ]);
    const withNext = edit(CARD_FLOW, 'routes: { ok: done, failed: to_agent }', 'routes: { ok: done }\n    next: to_agent');
    expect(lines(withFlow(withNext), 'CQ301')).toEqual([]);
  });

  it('CQ208: a handoff to an undeclared queue', () => {
    const flow = edit(CARD_FLOW, 'queue: cards', 'queue: card');
    expect(lines(withFlow(flow), 'CQ208')).toEqual([
      `${CARD}:34:23 error CQ208 node \`to_agent\` hands over to queue \`card\`, which is not declared under \`queues\` in agent.yaml; did you mean \`cards\`?`,
    ]);
  });

  it('CQ218: an intent tagged with an undeclared topic', () => {
    const flow = edit(CARD_FLOW, 'examples: ["I lost my card", "my card was stolen"]', 'examples: ["I lost my card", "my card was stolen"]\n    topics: [complaint, complaints, fraud]');
    expect(lines(withFlow(flow), 'CQ218')).toEqual([
      `${CARD}:8:25 warning CQ218 intent \`report_lost_card\` is tagged with topic \`complaints\`, which is not declared under \`topics\` in agent.yaml; did you mean \`complaint\`?`,
      `${CARD}:8:37 warning CQ218 intent \`report_lost_card\` is tagged with topic \`fraud\`, which is not declared under \`topics\` in agent.yaml (known: \`complaint\`)`,
    ]);
  });
});

describe('CQ210 placeholders in flow messages', () => {
  it('points at the placeholder inside the message', () => {
    const flow = edit(CARD_FLOW, '"Freeze the card ending {card_last4}?"', '"Freeze the card ending {card_last5}?"');
    expect(lines(withFlow(flow), 'CQ210')).toEqual([
      `${CARD}:20:34 error CQ210 the placeholder \`{card_last5}\` in the \`ask\` of node \`confirm\` is not a slot of flow \`card_lost\`, a context variable or an output of a rules table the flow decides with; did you mean \`card_last4\`?`,
    ]);
  });

  it('checks every message field: say lists, reprompt and the handoff message', () => {
    const nodes = 'a:\n  say: ["one {x}", "two"]\n  ask: "Name?"\n  fill: answer\n  reprompt: "Your name, {y}?"\n  next: z\nz:\n  handoff: { queue: general, say: "Bye {z}" }';
    expect(flowLines(nodes, ['CQ210']).map((l) => l.split(' ').slice(0, 1)[0])).toEqual([`${F}:16:16`, `${F}:19:27`, `${F}:22:42`]);
  });

  it('accepts slots, context variables and outputs of decided tables', () => {
    // The base flow uses {card_last4} (slot), {tier} (context) and {action} (card_freeze output).
    expect(lines(validate(), 'CQ210')).toEqual([]);
  });

  it('does not offer outputs of a table the flow does not decide with', () => {
    const nodes = 'a:\n  say: "{action}"\n  end: done';
    expect(flowLines(nodes, ['CQ210'])).toHaveLength(1);
  });

  it('stays quiet when the decided table is missing (CQ202 says why)', () => {
    const found = validate({ 'rules/card_freeze.rules.yaml': null });
    expect(found.map((d) => d.code).filter((c) => c === 'CQ210' || c === 'CQ202')).toEqual(['CQ202']);
  });

  it('stays quiet when agent.yaml is broken: the name may be a context variable', () => {
    const found = validate({ 'agent.yaml': 'kind: agent\nversion: 1\nname: [\n' });
    expect(found.filter((d) => d.code.startsWith('CQ2'))).toEqual([]);
  });
});
