/**
 * `human_within_turns`: a customer who is not understood reaches a person
 * within `max_turns` failed turns, wherever the failure happens.
 *
 * - Outside a question, the agent's fallback hands over after
 *   `fallback.max_failures` failed messages in a row: that must be at most
 *   `max_turns` (CQ502 on agent.yaml).
 * - At a question, the customer fails `retries + 1` times before the node gives
 *   up; its `on_fail` may lead to further questions, whose failures add up,
 *   before a handoff (see failureTurns.ts for the exact model). Every
 *   reachable question whose worst case exceeds `max_turns` is reported
 *   (CQ502 on the ask node), with the count explained.
 */
import type { Diagnostic, RelatedLocation } from '../../diagnostics/diagnostic.ts';
import type { HumanWithinTurnsCheck } from '../../kinds/index.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { quote } from '../report.ts';
import { usableAgent } from '../usableAgent.ts';
import type { FailureWalk } from './failureTurns.ts';
import { flowPolicyFacts } from './flowPolicyFacts.ts';
import { formatNodePath } from './nodePaths.ts';
import { perPolicyAndFlow } from './perPolicyAndFlow.ts';
import { policyName, policyResult } from './policyResult.ts';

export function checkHumanWithinTurns(policy: LoadedFile<'policy'>, check: HumanWithinTurnsCheck, workspace: Workspace): Diagnostic[] {
  const agent = usableAgent(workspace);
  if (!agent) {
    // A broken agent file has its own errors; only a missing one is news here.
    if (workspace.isBroken('agent')) return [];
    const message = `the workspace has no agent.yaml, so nothing hands a customer who is not understood over to a person (\`fallback.max_failures\` and \`fallback.handoff\` are set there)`;
    return [policyResult(policy, 'CQ502', policy.path, policy.source.rangeOf(['check', 'max_turns']), message)];
  }
  const maxTurns = check.max_turns;
  const maxFailures = agent.data.fallback.max_failures;
  const diagnostics: Diagnostic[] = [];
  if (maxFailures > maxTurns) {
    const message =
      `a customer who is not understood outside a question is handed over only after ${maxFailures} failed messages in a row ` +
      `(\`fallback.max_failures\`), more than the ${maxTurns} that ${policyName(policy)} allows`;
    const hint = `set \`fallback.max_failures\` to ${maxTurns} or less`;
    diagnostics.push(policyResult(policy, 'CQ502', agent.path, agent.source.rangeOf(['fallback', 'max_failures']), message, { hint, related: [policyLocation(policy)] }));
  }
  for (const flow of workspace.flows) diagnostics.push(...flowResults(policy, flow, maxFailures));
  return diagnostics;
}

/** Results for one flow; the stamp is the agent's `fallback.max_failures`, which an `end` on a failure path costs. */
const flowResults = perPolicyAndFlow((policy, flow, maxFailures): readonly Diagnostic[] => {
  const check = policy.data.check;
  if (check.type !== 'human_within_turns') return [];
  const facts = flowPolicyFacts(flow);
  if (!facts.enterable) return [];
  const turns = facts.failureTurns(maxFailures);
  const diagnostics: Diagnostic[] = [];
  for (const question of facts.reachableQuestions()) {
    if (turns.turnsFrom(question) <= check.max_turns) continue;
    const message = explain(turns.walkFrom(question), question, check.max_turns, maxFailures, policy);
    const hint = 'lower `retries`, or send `on_fail` straight to a `handoff` node';
    diagnostics.push(policyResult(policy, 'CQ502', flow.path, flow.source.keyRangeOf(['nodes', question]), message, { hint, related: [policyLocation(policy)] }));
  }
  return diagnostics;
});

function policyLocation(policy: LoadedFile<'policy'>): RelatedLocation {
  return { file: policy.path, range: policy.source.rangeOf(['check', 'max_turns']), message: `${policyName(policy)}: ${policy.data.title}` };
}

function explain(walk: FailureWalk, question: string, maxTurns: number, maxFailures: number, policy: LoadedFile<'policy'>): string {
  const path = formatNodePath(walk.path);
  const who = `a customer who is not understood at ${quote(question)}`;
  if (walk.ending.type === 'loop') {
    return `${who} may never reach a person: the failure path loops back to ${quote(walk.ending.node)} (${path}), so the questions repeat for as long as the customer fails, while ${policyName(policy)} allows ${maxTurns} failed turns`;
  }
  const counts = walk.questions.map((q) => `${q.turns} at ${quote(q.node)} (${q.retries} ${q.retries === 1 ? 'retry' : 'retries'} + 1)`);
  const last = walk.path[walk.path.length - 1]!.node;
  switch (walk.ending.type) {
    case 'handoff':
      counts.push(`then the handoff at ${quote(walk.ending.node)}`);
      break;
    case 'fallback':
      counts.push(walk.questions.at(-1)?.node === last ? 'then the fallback handoff (no `on_fail`)' : 'then the fallback handoff');
      break;
    case 'end':
      counts.push(
        `then ${quote(walk.ending.node)} ends the flow (end: ${walk.ending.outcome}) and ${maxFailures} more failed messages (\`fallback.max_failures\`) lead to the fallback handoff`,
      );
      break;
  }
  const route = walk.path.length > 1 ? `; failure path: ${path}` : '';
  return `${who} reaches a person only after ${walk.turns} failed turns, more than the ${maxTurns} that ${policyName(policy)} allows: ${counts.join(', ')}${route}`;
}
