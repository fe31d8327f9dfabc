import { describe, expect, it } from 'vitest';
import { CARD_FLOW, CARD_RULES, CARD_TEST, edit, lines, validate } from './workspaceBuilder.ts';

describe('CQ200 duplicate ids', () => {
  it('reports the later file of each kind, with a related location at the first', () => {
    const found = validate({
      'flows/z_copy.flow.yaml': CARD_FLOW.replace('report_lost_card', 'report_lost_card_copy').replace(/"I lost my card", "my card was stolen"/, '"copy"'),
      'rules/z_copy.rules.yaml': CARD_RULES,
      'tests/z_copy.test.yaml': CARD_TEST,
      'policies/a.policy.yaml': 'kind: policy\nversion: 1\nid: consent\ntitle: Consent\nseverity: error\ncheck: { type: pii_consent }\n',
      'policies/b.policy.yaml': 'kind: policy\nversion: 1\nid: consent\ntitle: Consent again\nseverity: error\ncheck: { type: pii_consent }\n',
    });
    expect(lines(found, 'CQ200')).toEqual([
      'flows/z_copy.flow.yaml:3:5 error CQ200 flow id `card_lost` is already used by flows/card_lost.flow.yaml; ids are unique across the workspace, so rename one',
      'policies/b.policy.yaml:3:5 error CQ200 policy id `consent` is already used by policies/a.policy.yaml; ids are unique across the workspace, so rename one',
      'rules/z_copy.rules.yaml:3:5 error CQ200 rules table id `card_freeze` is already used by rules/card_freeze.rules.yaml; ids are unique across the workspace, so rename one',
      'tests/z_copy.test.yaml:3:5 error CQ200 test suite id `card_lost_tests` is already used by tests/card_lost.test.yaml; ids are unique across the workspace, so rename one',
    ]);
    const flowDuplicate = found.find((d) => d.code === 'CQ200' && d.file === 'flows/z_copy.flow.yaml')!;
    expect(flowDuplicate.related).toEqual([
      { file: 'flows/card_lost.flow.yaml', range: expect.objectContaining({ start: expect.objectContaining({ line: 3, column: 5 }) }), message: 'the first flow with id `card_lost`' },
    ]);
  });

  it('allows the same id in different kinds', () => {
    const rules = edit(CARD_RULES, 'id: card_freeze', 'id: card_lost');
    const flow = edit(CARD_FLOW, 'decide: card_freeze', 'decide: card_lost');
    expect(lines(validate({ 'rules/card_freeze.rules.yaml': rules, 'flows/card_lost.flow.yaml': flow }), 'CQ200')).toEqual([]);
  });

  it('reports a test id used twice in one file', () => {
    const suite = `${CARD_TEST}  - id: freezes\n    turns:\n      - user: "hello"\n`;
    expect(lines(validate({ 'tests/card_lost.test.yaml': suite }), 'CQ200')).toEqual([
      'tests/card_lost.test.yaml:16:9 error CQ200 test id `freezes` is already used by test 1 of this file (line 7); give each test its own id',
    ]);
  });
});
