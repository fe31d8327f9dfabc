import { describe, expect, it } from 'vitest';
import { flowYaml, policyResults, policyYaml, resultLines, validateFiles } from './policyWorkspace.ts';

const POLICY_PATH = 'policies/complaints.policy.yaml';
const FLOW_PATH = 'flows/complaint.flow.yaml';

const policy = (topics = '[complaint]', severity: 'error' | 'warning' = 'error') =>
  policyYaml('complaints_need_a_person', severity, `{ type: topic_handoff, topics: ${topics} }`);

const COMPLAINT_INTENT = 'make_complaint:\n  examples: ["I want to complain"]\n  topics: [complaint]';

const complaintFlow = (nodes: string, intents = COMPLAINT_INTENT) => flowYaml({ id: 'complaint', intents, start: 'ack', nodes });

/** Acknowledges, logs the case and closes it, unless logging fails. */
const ENDS_AUTOMATICALLY = `
ack:
  say: "I'm sorry to hear that."
  next: log_case
log_case:
  action: cases.log
  routes: { failed: to_agent }
  next: done
done:
  say: "Your complaint is logged."
  end: resolved
to_agent:
  handoff: { queue: complaints }
`;

const ALWAYS_HANDS_OVER = `
ack:
  say: "I'm sorry to hear that."
  next: log_case
log_case:
  action: cases.log
  next: to_agent
to_agent:
  handoff: { queue: complaints }
`;

describe('topic_handoff policy', () => {
  it('reports an end node a tagged intent can reach, with the path to it', () => {
    // Given a complaint flow whose happy path ends automatically
    const files = { [FLOW_PATH]: complaintFlow(ENDS_AUTOMATICALLY), [POLICY_PATH]: policy() };
    // Then the end node is reported once, naming intent, topic and path
    expect(resultLines(files)).toEqual([
      `${FLOW_PATH}:24:3 error CQ500 intent \`make_complaint\` (topic complaint) can end without a person: start → ack → log_case → done (end: resolved) [policy complaints_need_a_person]`,
    ]);
  });

  it('accepts a flow whose every path hands over', () => {
    expect(policyResults({ [FLOW_PATH]: complaintFlow(ALWAYS_HANDS_OVER), [POLICY_PATH]: policy() })).toEqual([]);
  });

  it('takes the severity from the policy file and sets the policy id', () => {
    const [result] = policyResults({ [FLOW_PATH]: complaintFlow(ENDS_AUTOMATICALLY), [POLICY_PATH]: policy('[complaint]', 'warning') });
    expect(result).toMatchObject({ code: 'CQ500', severity: 'warning', policy: 'complaints_need_a_person', file: FLOW_PATH });
  });

  it('points back at the intent tag and the policy', () => {
    const [result] = policyResults({ [FLOW_PATH]: complaintFlow(ENDS_AUTOMATICALLY), [POLICY_PATH]: policy() });
    expect(result?.related?.map((r) => `${r.file}:${r.range.start.line} ${r.message}`)).toEqual([
      `${FLOW_PATH}:8 intent \`make_complaint\` is tagged \`complaint\``,
      `${POLICY_PATH}:6 policy \`complaints_need_a_person\`: complaints need a person`,
    ]);
  });

  it('shows which route and which failure leads to the end', () => {
    const nodes = `
ack:
  ask: "Would you like a call back?"
  fill: callback
  on_fail: sorry
  routes: { "true": to_agent, "false": done }
sorry:
  say: "Let's leave it there."
  end: abandoned
done:
  end: resolved
to_agent:
  handoff: { queue: complaints }
`;
    const messages = policyResults({ [FLOW_PATH]: complaintFlow(nodes), [POLICY_PATH]: policy() }).map((d) => d.message);
    expect(messages).toEqual([
      'intent `make_complaint` (topic complaint) can end without a person: start → ack (on_fail) → sorry (end: abandoned)',
      'intent `make_complaint` (topic complaint) can end without a person: start → ack (route false) → done (end: resolved)',
    ]);
  });

  it('reports a flow that reaches no handoff at all, at the intent tag', () => {
    const nodes = 'ack:\n  say: "Noted."\n  next: done\ndone:\n  end: resolved';
    expect(resultLines({ [FLOW_PATH]: complaintFlow(nodes), [POLICY_PATH]: policy() })).toEqual([
      `${FLOW_PATH}:8:14 error CQ500 intent \`make_complaint\` (topic complaint) never reaches a person: no \`handoff\` node can be reached from \`start\` (\`ack\`) [policy complaints_need_a_person]`,
      `${FLOW_PATH}:20:3 error CQ500 intent \`make_complaint\` (topic complaint) can end without a person: start → ack → done (end: resolved) [policy complaints_need_a_person]`,
    ]);
  });

  it('ignores end nodes that no path from start reaches', () => {
    const nodes = `${ALWAYS_HANDS_OVER}\nleftover:\n  end: resolved\n`;
    expect(policyResults({ [FLOW_PATH]: complaintFlow(nodes), [POLICY_PATH]: policy() })).toEqual([]);
  });

  it('leaves flows of untagged intents alone', () => {
    const untagged = 'ask_balance:\n  examples: ["what is my balance"]';
    expect(policyResults({ [FLOW_PATH]: complaintFlow(ENDS_AUTOMATICALLY, untagged), 'flows/other.flow.yaml': complaintFlow(ALWAYS_HANDS_OVER).replace('id: complaint', 'id: other'), [POLICY_PATH]: policy() })).toEqual([]);
  });

  it('reports each end node once for a flow with several tagged intents', () => {
    const intents = `${COMPLAINT_INTENT}\nlost_relative:\n  examples: ["my father passed away"]\n  topics: [bereavement, complaint]`;
    const files = { [FLOW_PATH]: complaintFlow(ENDS_AUTOMATICALLY, intents), [POLICY_PATH]: policy('[complaint, bereavement]') };
    expect(policyResults(files).map((d) => d.message)).toEqual([
      'intents `make_complaint` (topic complaint) and `lost_relative` (topics bereavement, complaint) can end without a person: start → ack → log_case → done (end: resolved)',
    ]);
  });

  it('reports a policy topic that no intent is tagged with, on the policy', () => {
    const files = { [FLOW_PATH]: complaintFlow(ALWAYS_HANDS_OVER), [POLICY_PATH]: policy('[complaint, bereavement]', 'warning') };
    expect(resultLines(files)).toEqual([
      `${POLICY_PATH}:6:51 warning CQ503 no intent is tagged with topic \`bereavement\`, so policy \`complaints_need_a_person\` checks nothing for it [policy complaints_need_a_person]`,
    ]);
  });

  it('suggests the declared topic when the policy names one agent.yaml does not declare', () => {
    const files = { [FLOW_PATH]: complaintFlow(ALWAYS_HANDS_OVER), [POLICY_PATH]: policy('[complaint, bereavment]') };
    expect(policyResults(files).map((d) => d.message)).toEqual([
      'no intent is tagged with topic `bereavment`, so policy `complaints_need_a_person` checks nothing for it; agent.yaml does not declare it under `topics` either; did you mean `bereavement`?',
    ]);
  });

  it('does not call a topic unused while a flow that may use it fails to load', () => {
    const files = { [FLOW_PATH]: complaintFlow(ALWAYS_HANDS_OVER), 'flows/broken.flow.yaml': 'kind: flow\nversion: 1\nid: broken\n', [POLICY_PATH]: policy('[complaint, bereavement]') };
    expect(validateFiles(files).filter((d) => d.policy !== undefined)).toEqual([]);
  });
});
