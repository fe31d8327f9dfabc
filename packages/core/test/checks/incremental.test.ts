import { describe, expect, it } from 'vitest';
import { WorkspaceValidator } from '../../src/index.ts';
import { AGENT, BASE_WORKSPACE, CARD_FLOW, edit } from './workspaceBuilder.ts';

const codesOf = (validator: WorkspaceValidator) => validator.validate().diagnostics.map((d) => `${d.file} ${d.code}`);

describe('cross-file checks with an incremental validator', () => {
  it('re-resolve a flow against a changed agent.yaml while the flow itself stays cached', () => {
    // Given a valid workspace
    const validator = new WorkspaceValidator();
    for (const [path, content] of Object.entries(BASE_WORKSPACE)) validator.set(path, content);
    expect(codesOf(validator)).toEqual([]);

    // When the context variable the flow, the table and the test use is renamed
    validator.set('agent.yaml', edit(AGENT, '  tier: { type: string', '  segment: { type: string'));

    // Then the flow's placeholder and the table input are reported, and the test's context too
    expect(codesOf(validator)).toEqual([
      'flows/card_lost.flow.yaml CQ215',
      'flows/card_lost.flow.yaml CQ210',
      'tests/card_lost.test.yaml CQ219',
    ]);

    // And restoring it clears them
    validator.set('agent.yaml', AGENT);
    expect(codesOf(validator)).toEqual([]);
  });

  it('forgets what it learnt from an old version of a flow', () => {
    const validator = new WorkspaceValidator();
    for (const [path, content] of Object.entries(BASE_WORKSPACE)) validator.set(path, content);
    validator.set('flows/card_lost.flow.yaml', edit(CARD_FLOW, '{card_last4}?', '{card_last5}?'));
    expect(codesOf(validator)).toEqual(['flows/card_lost.flow.yaml CQ210']);
    validator.set('flows/card_lost.flow.yaml', CARD_FLOW);
    expect(codesOf(validator)).toEqual([]);
  });
});
