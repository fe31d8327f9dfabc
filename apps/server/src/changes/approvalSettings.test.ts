import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_APPROVAL_RULES, requiredApprovals } from '@colloquy/governance';
import { describe, expect, it } from 'vitest';
import { approvalSettings, changedFile, DEFAULT_MIN_PASS_RATE, evidenceRunSettings } from './approvalSettings.ts';

const EXAMPLE_AGENT = readFileSync(fileURLToPath(new URL('../../../../flows/agent.yaml', import.meta.url)), 'utf8');

const flow = (risk: string, topics: string[] = []) =>
  `kind: flow\nversion: 1\nid: f\nrisk: ${risk}\nintents:\n  a:\n    examples: [x]\n${topics.length > 0 ? `    topics: [${topics.join(', ')}]\n` : ''}start: s\nnodes:\n  s: { say: hi, end: resolved }\n`;

describe("agent.yaml's approval rules in governance's terms", () => {
  const example = approvalSettings(EXAMPLE_AGENT);
  const needs = (files: ReturnType<typeof changedFile>[]) => requiredApprovals(example.rules, files).map((r) => `${r.role}:${r.count}`);

  it("reads the example workspace's rules and gate", () => {
    expect(example.gates).toEqual({ minGeneratedPassRate: 95 });
    expect(example.evidence).toEqual({ generators: ['noise', 'blank', 'sensitive', 'injection', 'multi_turn'] });
    expect(needs([changedFile('flows/balance.flow.yaml', flow('low'), flow('low'))])).toEqual(['ops_manager:1']);
    expect(needs([changedFile('flows/close.flow.yaml', flow('high'), flow('high'))])).toEqual(['ops_manager:1', 'rai_lead:1']);
    expect(needs([changedFile('policies/p.policy.yaml', null, 'kind: policy\nversion: 1\n')])).toEqual(['ops_manager:1', 'rai_lead:1']);
    expect(needs([changedFile('flows/complaint.flow.yaml', flow('medium', ['complaint']), flow('medium', ['complaint']))])).toEqual(['ops_manager:1', 'rai_lead:1']);
  });

  it('counts both sides of a change: lowering the risk, deleting a policy, untagging a topic still need the sign-off', () => {
    expect(needs([changedFile('flows/close.flow.yaml', flow('high'), flow('low'))])).toEqual(['ops_manager:1', 'rai_lead:1']);
    expect(needs([changedFile('policies/p.policy.yaml', 'kind: policy\nversion: 1\n', null)])).toEqual(['ops_manager:1', 'rai_lead:1']);
    expect(needs([changedFile('flows/c.flow.yaml', flow('low', ['retention']), flow('low'))])).toEqual(['ops_manager:1', 'rai_lead:1']);
  });

  it('applies a rule when the change touches anything its `when` names, and counts a role listed twice as two', () => {
    const settings = approvalSettings(
      'kind: agent\napproval:\n  rules:\n    - when: { risk: [high], kinds: [rules] }\n      require: [ops_manager, ops_manager]\n  min_pass_rate: 0.8\n',
    );
    expect(settings.gates.minGeneratedPassRate).toBe(80);
    const count = (files: ReturnType<typeof changedFile>[]) => requiredApprovals(settings.rules, files).map((r) => `${r.role}:${r.count}`);
    expect(count([changedFile('rules/r.rules.yaml', null, 'kind: rules\n')])).toEqual(['ops_manager:2']);
    expect(count([changedFile('flows/f.flow.yaml', null, flow('high'))])).toEqual(['ops_manager:2']);
    expect(count([changedFile('flows/f.flow.yaml', null, flow('low'))])).toEqual([]);
  });

  it("falls back to governance's defaults without rules, and to the default gate without min_pass_rate", () => {
    for (const agent of [undefined, 'kind: agent\n', ': not yaml [', 'kind: agent\napproval: {}\n']) {
      const settings = approvalSettings(agent);
      expect(settings.rules).toBe(DEFAULT_APPROVAL_RULES);
      expect(settings.gates.minGeneratedPassRate).toBe(DEFAULT_MIN_PASS_RATE * 100);
    }
  });

  it("reads approval.evidence (in the simulator's generator order, keeping only what is well formed) and resolves a run: the request's settings, then agent.yaml's, then the defaults", () => {
    const evidence = approvalSettings('kind: agent\napproval:\n  evidence:\n    generators: [injection, noise, nonsense]\n    per_intent: 2\n').evidence;
    expect(evidence).toEqual({ generators: ['noise', 'injection'], perIntent: 2 });
    expect(approvalSettings('kind: agent\napproval:\n  evidence: { per_intent: -1, seed: 7 }\n').evidence).toEqual({});
    expect(evidenceRunSettings({}, evidence)).toEqual({ seed: 'colloquy', perIntent: 2, generators: ['noise', 'injection'], overrides: ['generators', 'perIntent'] });
    expect(evidenceRunSettings({ perIntent: 5, seed: 's' }, evidence)).toEqual({ seed: 's', perIntent: 5, generators: ['noise', 'injection'], overrides: ['generators', 'perIntent', 'seed'] });
    // Nothing named anywhere: the simulator's defaults (every generator), which the flows' own settings may refine.
    expect(evidenceRunSettings({}, approvalSettings(undefined).evidence)).toEqual({ seed: 'colloquy', perIntent: 3, overrides: [] });
  });

  it('says what a changed file is, whatever its name', () => {
    expect(changedFile('flows/x.yaml', null, flow('medium', ['bereavement', 'complaint']))).toEqual({
      path: 'flows/x.yaml',
      kind: 'flow',
      risk: 'medium',
      topics: ['bereavement', 'complaint'],
      sensitiveIntent: true,
    });
    expect(changedFile('notes.yaml', 'just: data\n', 'kind: [broken\n')).toEqual({ path: 'notes.yaml', kind: 'other' });
    expect(changedFile('tests/t.test.yaml', 'kind: test\n', 'kind: test\n')).toEqual({ path: 'tests/t.test.yaml', kind: 'test' });
  });
});
