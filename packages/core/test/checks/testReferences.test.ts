import { describe, expect, it } from 'vitest';
import { CARD_TEST, edit, lines, validate } from './workspaceBuilder.ts';

const T = 'tests/card_lost.test.yaml';
const withSuite = (suite: string) => validate({ [T]: suite });
const suiteWithTurn = (expect: string, header = 'flow: card_lost\n') =>
  `kind: test\nversion: 1\nid: probe\n${header}tests:\n  - id: t\n    turns:\n      - user: "hi"\n        expect: ${expect}\n`;
const probe = (expect: string, header?: string) => lines(validate({ 'tests/probe.test.yaml': suiteWithTurn(expect, header) })).map((l) => l.replace(/^tests\/probe\.test\.yaml:/, ''));

describe('test suites against what they test', () => {
  it('CQ205: the suite flow and expected flows must exist', () => {
    expect(lines(withSuite(edit(CARD_TEST, 'flow: card_lost', 'flow: card_lots')), 'CQ205')).toEqual([
      `${T}:4:7 error CQ205 the suite is about flow \`card_lots\`, which does not exist; did you mean \`card_lost\`?`,
    ]);
    expect(probe('{ flow: crd_lost }')).toEqual(['9:25 error CQ205 the test expects flow `crd_lost`, which does not exist; did you mean `card_lost`?']);
  });

  it('CQ206: expected intents must be declared by some flow', () => {
    expect(probe('{ intent: report_lost_crd }')).toEqual(['9:27 error CQ206 the test expects intent `report_lost_crd`, which no flow declares; did you mean `report_lost_card`?']);
  });

  it('CQ207: expected nodes are looked up in the expected flow, else the suite flow, else any flow', () => {
    expect(probe('{ node: ask_last5 }')).toEqual(['9:25 error CQ207 the test expects node `ask_last5`, which is not a node of flow `card_lost`; did you mean `ask_last4`?']);
    expect(probe('{ node: ask_last4 }', '')).toEqual([]);
    expect(probe('{ node: ask_last5 }', '')).toEqual(['8:25 error CQ207 the test expects node `ask_last5`, which no flow declares; did you mean `ask_last4`?']);
    // An unknown expected flow is reported once (CQ205), not again for its node.
    expect(probe('{ flow: nope, node: ask_last4 }').map((l) => l.split(' ')[2])).toEqual(['CQ205']);
  });

  it('CQ211: expected slots must be slots of that flow, pointing at the key', () => {
    expect(probe('{ slots: { card_last4: "1234", card_lst4: "1" } }')).toEqual([
      '9:48 error CQ211 the test expects slot `card_lst4`, which is not a slot of flow `card_lost`; did you mean `card_last4`?',
    ]);
  });

  it('CQ209 and CQ212: actions must be in the catalogue, with their outcomes', () => {
    const suite = edit(CARD_TEST, '    actions: { cards.freeze: ok }\n', '    actions: { cards.freez: ok, cards.freeze: broken }\n');
    expect(lines(withSuite(suite), 'CQ209', 'CQ212')).toEqual([
      `${T}:8:16 error CQ209 action \`cards.freez\` is not in the action catalogue (\`actions\` in agent.yaml); did you mean \`cards.freeze\`?`,
      `${T}:8:47 error CQ212 action \`cards.freeze\` never reports \`broken\`; its outcomes are \`ok\` and \`failed\``,
    ]);
    expect(probe('{ actions: { cards.freeze: fail } }')).toEqual(['9:44 error CQ212 action `cards.freeze` never reports `fail`; its outcomes are `ok` and `failed`']);
  });

  it('CQ208: expected handoff queues must be declared', () => {
    expect(probe('{ handoff: card }')).toEqual(['9:28 error CQ208 the test expects a handoff to queue `card`, which is not declared under `queues` in agent.yaml; did you mean `cards`?']);
  });

  it('CQ219: context variables must be declared, in the suite and in each test', () => {
    const suite = edit(CARD_TEST, 'context: { tier: gold }', 'context: { tier: gold, teir: gold }').replace('  - id: freezes\n', '  - id: freezes\n    context: { segment: retail }\n');
    expect(lines(withSuite(suite), 'CQ219')).toEqual([
      `${T}:5:24 error CQ219 the test sets context variable \`teir\`, which is not declared under \`context\` in agent.yaml; did you mean \`tier\`?`,
      `${T}:8:16 error CQ219 the test sets context variable \`segment\`, which is not declared under \`context\` in agent.yaml (known: \`tier\`)`,
    ]);
  });

  it('reports nothing that depends on a file that failed to load', () => {
    const brokenFlow = 'kind: flow\nversion: 1\nid: savings\ntitle: [\n';
    const found = validate({ 'flows/savings.flow.yaml': brokenFlow, 'tests/probe.test.yaml': suiteWithTurn('{ flow: savings, node: anything, intent: open_savings }', 'flow: savings\n') });
    expect(lines(found, 'CQ205', 'CQ206', 'CQ207')).toEqual([]);
  });
});
