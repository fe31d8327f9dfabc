import { describe, expect, it } from 'vitest';
import { checkPolicies } from '../../../src/checks/policies/index.ts';
import { WorkspaceValidator, validateWorkspace } from '../../../src/index.ts';
import { agentYaml, flowYaml, policyYaml } from './policyWorkspace.ts';

/** A flow of `length` questions in a row, each failing over to a person; every tenth is a complaint that can end. */
function chainFlow(index: number, length: number): string {
  const nodes: string[] = [];
  for (let i = 0; i < length; i++) {
    const next = i + 1 < length ? `q${i + 1}` : 'done';
    nodes.push(`q${i}:\n  ask: "Question ${i}?"\n  fill: ${i % 2 === 0 ? 'reason' : 'callback'}\n  retries: 1\n  on_fail: to_agent\n  next: ${next}`);
  }
  nodes.push('done:\n  end: resolved', 'to_agent:\n  handoff: { queue: complaints }');
  const topics = index % 10 === 0 ? '\n  topics: [complaint]' : '';
  return flowYaml({ id: `flow_${index}`, intents: `intent_${index}:\n  examples: ["help me with ${index}"]${topics}`, start: 'q0', nodes: nodes.join('\n') });
}

const POLICIES = [
  { path: 'policies/complaints.policy.yaml', content: policyYaml('complaints', 'error', '{ type: topic_handoff, topics: [complaint] }') },
  { path: 'policies/consent.policy.yaml', content: policyYaml('consent', 'error', '{ type: pii_consent }') },
  { path: 'policies/person.policy.yaml', content: policyYaml('person', 'error', '{ type: human_within_turns, max_turns: 3 }') },
];

describe('policy checks at scale', () => {
  it('checks 1,000 flows against 3 policies in a few milliseconds once the flows are analysed', () => {
    const flows = Array.from({ length: 1000 }, (_, i) => ({ path: `flows/flow_${i}.flow.yaml`, content: chainFlow(i, 20) }));
    // Validation analyses every flow once, as the studio does on opening a workspace.
    const { workspace, diagnostics } = validateWorkspace([{ path: 'agent.yaml', content: agentYaml() }, ...POLICIES, ...flows]);
    expect(diagnostics.filter((d) => d.policy !== undefined)).toHaveLength(100);

    // The fastest of several runs: timers on a busy machine only ever add noise.
    let fastest = Infinity;
    for (let i = 0; i < 10; i++) {
      const startedAt = performance.now();
      const results = checkPolicies(workspace);
      fastest = Math.min(fastest, performance.now() - startedAt);
      expect(results).toHaveLength(100);
    }
    // Typically well under a millisecond; anything per-pair quadratic takes seconds.
    expect(fastest).toBeLessThan(10);
    // Loading and schema-validating 1,000 files takes seconds on a busy runner.
  }, 60_000);

  it('re-checks only the flow that changed', () => {
    // Given a validated workspace with two complaint flows that can end
    const validator = new WorkspaceValidator();
    validator.set('agent.yaml', agentYaml());
    for (const policy of POLICIES) validator.set(policy.path, policy.content);
    validator.set('flows/flow_0.flow.yaml', chainFlow(0, 3));
    validator.set('flows/flow_10.flow.yaml', chainFlow(10, 3));
    const before = validator.validate().diagnostics.filter((d) => d.policy !== undefined);
    expect(before.map((d) => d.file)).toEqual(['flows/flow_0.flow.yaml', 'flows/flow_10.flow.yaml']);

    // When one flow is edited
    validator.set('flows/flow_10.flow.yaml', chainFlow(10, 4));
    const after = validator.validate().diagnostics.filter((d) => d.policy !== undefined);

    // Then the other flow's result is the very same object, and the edited one is new
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]?.message).toContain('q3 → done (end: resolved)');
  });
});
