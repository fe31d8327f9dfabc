import { describe, expect, it } from 'vitest';
import { CARD_FLOW, CARD_RULES, edit, lines, validate } from './workspaceBuilder.ts';

const CARD = 'flows/card_lost.flow.yaml';
const RULES = 'rules/card_freeze.rules.yaml';

describe('CQ202 unknown rules table', () => {
  it('points at `decide` and suggests the closest table', () => {
    const flow = edit(CARD_FLOW, 'decide: card_freeze', 'decide: card_freez');
    expect(lines(validate({ [CARD]: flow }), 'CQ202', 'CQ203', 'CQ204', 'CQ215')).toEqual([
      `${CARD}:24:13 error CQ202 node \`decide\` decides with \`card_freez\`, which is not a rules table in this workspace; did you mean \`card_freeze\`?`,
    ]);
  });

  it('is not reported for a table whose file failed to load', () => {
    const broken = edit(CARD_RULES, 'hit_policy: first', 'hit_policy: frist');
    const found = validate({ [RULES]: broken });
    expect(found.some((d) => d.file === RULES && d.code === 'CQ113')).toBe(true);
    expect(lines(found, 'CQ202', 'CQ203', 'CQ204', 'CQ215', 'CQ210')).toEqual([]);
  });
});

describe('CQ203 route the table never returns', () => {
  it('reports the route key and suggests the declared value', () => {
    const flow = edit(CARD_FLOW, 'escalate: to_agent }', 'escalte: to_agent }');
    expect(lines(validate({ [CARD]: flow }), 'CQ203', 'CQ204')).toEqual([
      `${CARD}:25:34 error CQ203 node \`decide\` routes on \`escalte\`, but table \`card_freeze\` never returns it as \`action\` (it can return \`freeze\` and \`escalate\`); did you mean \`escalate\`?`,
    ]);
  });

  it('uses the first output only', () => {
    const rules = edit(CARD_RULES, 'outputs:\n', 'outputs:\n  - { name: lane, type: string, values: [fast, slow] }\n')
      .replace('then: { action: escalate }', 'then: { lane: slow, action: escalate }')
      .replace('then: { action: freeze }', 'then: { lane: fast, action: freeze }');
    const found = lines(validate({ [RULES]: rules }), 'CQ203');
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('never returns it as `lane`');
  });

  it('knows boolean outputs return true and false', () => {
    const rules = CARD_RULES.replace('{ name: action, type: string, values: [freeze, escalate] }', '{ name: action, type: boolean }')
      .replace('{ action: escalate }', '{ action: false }')
      .replace('{ action: freeze }', '{ action: true }');
    const flow = edit(CARD_FLOW, 'routes: { freeze: do_freeze, escalate: to_agent }', 'routes: { true: do_freeze, false: to_agent }').replace(' is now {action}d', '');
    expect(lines(validate({ [RULES]: rules, [CARD]: flow }), 'CQ203', 'CQ204')).toEqual([]);
  });

  it('falls back to the values the rows return when the output declares none', () => {
    const rules = CARD_RULES.replace('{ name: action, type: string, values: [freeze, escalate] }', '{ name: action, type: string }');
    const flow = edit(CARD_FLOW, 'escalate: to_agent }', 'review: to_agent }');
    expect(lines(validate({ [RULES]: rules, [CARD]: flow }), 'CQ203')).toEqual([
      `${CARD}:25:34 error CQ203 node \`decide\` routes on \`review\`, but table \`card_freeze\` never returns it as \`action\` (its rows return \`escalate\` and \`freeze\`)`,
    ]);
  });
});

describe('CQ204 rules outcome with no route', () => {
  it('warns when a value has no route and the node no `next`', () => {
    const rules = CARD_RULES.replace('values: [freeze, escalate]', 'values: [freeze, escalate, review]');
    expect(lines(validate({ [RULES]: rules }), 'CQ204')).toEqual([
      `${CARD}:25:5 warning CQ204 table \`card_freeze\` can return \`review\` as \`action\`, but node \`decide\` has no route for it and no \`next\`; add a route or a \`next\``,
    ]);
  });

  it('accepts a `next` as the route for every other value', () => {
    const rules = CARD_RULES.replace('values: [freeze, escalate]', 'values: [freeze, escalate, review]');
    const flow = edit(CARD_FLOW, 'routes: { freeze: do_freeze, escalate: to_agent }', 'routes: { freeze: do_freeze }\n    next: to_agent');
    expect(lines(validate({ [RULES]: rules, [CARD]: flow }), 'CQ204')).toEqual([]);
  });
});

describe('CQ215 rules input not available', () => {
  it('reports an input that is neither a slot nor a context variable, on the decide node', () => {
    const rules = CARD_RULES.replace('{ name: card_last4, type: string }', '{ name: risk_score, type: number }');
    expect(lines(validate({ [RULES]: rules }), 'CQ215')).toEqual([
      `${CARD}:24:13 error CQ215 node \`decide\` decides with table \`card_freeze\`, which reads \`risk_score\`; that is neither a slot of flow \`card_lost\` nor a context variable in agent.yaml`,
    ]);
  });

  it('accepts slots and context variables, and skips context when agent.yaml cannot be read', () => {
    const rules = CARD_RULES.replace('{ name: card_last4, type: string }', '{ name: risk_score, type: number }');
    expect(lines(validate({ [RULES]: rules, 'agent.yaml': 'kind: agent\nversion: 1\n' }), 'CQ215')).toEqual([]);
  });
});
