import { describe, expect, it } from 'vitest';
import { agentYaml, flowYaml, policyResults, policyYaml, resultLines, validateFiles } from './policyWorkspace.ts';

const POLICY_PATH = 'policies/person.policy.yaml';
const FLOW_PATH = 'flows/help.flow.yaml';

const policy = (maxTurns: number, severity: 'error' | 'warning' = 'error') =>
  policyYaml('person_within_turns', severity, `{ type: human_within_turns, max_turns: ${maxTurns} }`);
const helpFlow = (nodes: string) => flowYaml({ id: 'help', start: 'ask_reason', nodes });
const messages = (nodes: string, maxTurns: number, maxFailures = 2) =>
  policyResults({ 'agent.yaml': agentYaml({ maxFailures }), [FLOW_PATH]: helpFlow(nodes), [POLICY_PATH]: policy(maxTurns) }).map((d) => d.message);

const ASK_REASON = (fields: string) => `
ask_reason:
  ask: "What can I help with?"
  fill: reason
  next: done
${fields}
done:
  end: resolved
to_agent:
  handoff: { queue: general }
`;

const WHO = 'a customer who is not understood at `ask_reason`';

describe('human_within_turns policy', () => {
  it('reports a fallback that hands over later than the policy allows, on agent.yaml', () => {
    const files = { 'agent.yaml': agentYaml({ maxFailures: 4 }), [FLOW_PATH]: helpFlow(ASK_REASON('  retries: 0')), [POLICY_PATH]: policy(3) };
    expect(resultLines(files)).toEqual([
      'agent.yaml:8:17 error CQ502 a customer who is not understood outside a question is handed over only after 4 failed messages in a row (`fallback.max_failures`), more than the 3 that policy `person_within_turns` allows [policy person_within_turns]',
    ]);
  });

  it('counts the default two retries plus the failure that gives up', () => {
    expect(messages(ASK_REASON(''), 3)).toEqual([]);
    expect(messages(ASK_REASON(''), 2)).toEqual([
      `${WHO} reaches a person only after 3 failed turns, more than the 2 that policy \`person_within_turns\` allows: 3 at \`ask_reason\` (2 retries + 1), then the fallback handoff (no \`on_fail\`)`,
    ]);
  });

  it('follows `on_fail` through messages to a handoff', () => {
    const nodes = `${ASK_REASON('  retries: 2\n  on_fail: sorry')}\nsorry:\n  say: "Let me find a colleague."\n  next: to_agent`;
    expect(messages(nodes, 3)).toEqual([]);
    expect(messages(nodes, 2)).toEqual([
      `${WHO} reaches a person only after 3 failed turns, more than the 2 that policy \`person_within_turns\` allows: 3 at \`ask_reason\` (2 retries + 1), then the handoff at \`to_agent\`; failure path: ask_reason (on_fail) → sorry → to_agent`,
    ]);
  });

  it('adds up the failed turns of further questions on the failure path', () => {
    const nodes = `${ASK_REASON('  retries: 1\n  on_fail: ask_again')}
ask_again:
  ask: "In a few words, what is it about?"
  fill: reason
  retries: 0
  on_fail: to_agent
  next: done`;
    // ask_again alone takes 1 failed turn, within the limit; ask_reason takes 2 + 1.
    expect(messages(nodes, 2)).toEqual([
      `${WHO} reaches a person only after 3 failed turns, more than the 2 that policy \`person_within_turns\` allows: 2 at \`ask_reason\` (1 retry + 1), 1 at \`ask_again\` (0 retries + 1), then the handoff at \`to_agent\`; failure path: ask_reason (on_fail) → ask_again (on_fail) → to_agent`,
    ]);
    expect(messages(nodes, 3)).toEqual([]);
  });

  it('counts the agent fallback after a failure path that ends the flow', () => {
    const nodes = `${ASK_REASON('  retries: 0\n  on_fail: bye')}\nbye:\n  say: "Let's try again later."\n  end: abandoned`;
    expect(messages(nodes, 3, 2)).toEqual([]);
    expect(messages(nodes, 2, 2)).toEqual([
      `${WHO} reaches a person only after 3 failed turns, more than the 2 that policy \`person_within_turns\` allows: 1 at \`ask_reason\` (0 retries + 1), then \`bye\` ends the flow (end: abandoned) and 2 more failed messages (\`fallback.max_failures\`) lead to the fallback handoff; failure path: ask_reason (on_fail) → bye`,
    ]);
  });

  it('takes the worst outcome of an action on the failure path', () => {
    const nodes = `${ASK_REASON('  retries: 0\n  on_fail: log_case')}
log_case:
  action: cases.log
  routes: { ok: to_agent, failed: ask_again }
ask_again:
  ask: "Could you describe it once more?"
  fill: reason
  retries: 1
  next: done`;
    expect(messages(nodes, 2)).toEqual([
      `${WHO} reaches a person only after 3 failed turns, more than the 2 that policy \`person_within_turns\` allows: 1 at \`ask_reason\` (0 retries + 1), 2 at \`ask_again\` (1 retry + 1), then the fallback handoff (no \`on_fail\`); failure path: ask_reason (on_fail) → log_case (route failed) → ask_again`,
    ]);
  });

  it('reports a failure path that comes back to the question', () => {
    const nodes = `${ASK_REASON('  retries: 0\n  on_fail: start_over')}\nstart_over:\n  say: "Let's start over."\n  next: ask_reason`;
    expect(messages(nodes, 5)).toEqual([
      `${WHO} may never reach a person: the failure path loops back to \`ask_reason\` (ask_reason (on_fail) → start_over → ask_reason), so the questions repeat for as long as the customer fails, while policy \`person_within_turns\` allows 5 failed turns`,
    ]);
  });

  it('ignores questions that no path from start reaches', () => {
    const nodes = `${ASK_REASON('  retries: 0')}\nleftover:\n  ask: "Anything else?"\n  fill: reason\n  retries: 9\n  next: done`;
    expect(messages(nodes, 1, 1)).toEqual([]);
  });

  it('takes the severity from the policy file and sets the policy id', () => {
    const found = policyResults({ [FLOW_PATH]: helpFlow(ASK_REASON('')), [POLICY_PATH]: policy(2, 'warning') });
    expect(found).toMatchObject([{ code: 'CQ502', severity: 'warning', policy: 'person_within_turns', file: FLOW_PATH }]);
    expect(found[0]?.range.start.line).toBe(16);
  });

  it('reports on the policy when the workspace has no agent.yaml', () => {
    const found = validateFiles({ 'agent.yaml': null, [FLOW_PATH]: helpFlow(ASK_REASON('')), [POLICY_PATH]: policy(2) }).filter((d) => d.policy);
    expect(found).toMatchObject([{ code: 'CQ502', file: POLICY_PATH, range: { start: { line: 6, column: 47 } } }]);
    expect(found[0]?.message).toMatch(/^the workspace has no agent\.yaml, so nothing hands a customer who is not understood over to a person/);
  });

  it('stays quiet while agent.yaml fails to load', () => {
    const files = { 'agent.yaml': agentYaml().replace('max_failures: 2', 'max_failures: many'), [FLOW_PATH]: helpFlow(ASK_REASON('')), [POLICY_PATH]: policy(2) };
    expect(validateFiles(files).filter((d) => d.policy)).toEqual([]);
  });
});
