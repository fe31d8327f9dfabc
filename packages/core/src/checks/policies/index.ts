/**
 * The policy checks: the responsible-AI lead's guardrails (`policies/*.policy.yaml`)
 * checked statically on every flow's graph. One workspace check runs all
 * policies; each result is a diagnostic carrying the policy's id and the
 * severity the policy sets (see docs/reference/policies.md).
 *
 * Cost: each flow's graph is analysed once per file version and shared by all
 * policies (flowPolicyFacts.ts), and each policy's results for a flow are kept
 * while both files are unchanged (perPolicyAndFlow.ts). A run is linear in
 * flows x policies, and once the workspace is analysed it is a cache lookup per
 * pair: well under a millisecond for 1,000 flows and 3 policies.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { checkHumanWithinTurns } from './humanWithinTurns.ts';
import { checkPiiConsent } from './piiConsent.ts';
import { checkTopicHandoff, indexTopics, type TopicIndex } from './topicHandoff.ts';

export function checkPolicies(workspace: Workspace): Diagnostic[] {
  let topics: TopicIndex | undefined;
  const diagnostics: Diagnostic[] = [];
  for (const policy of workspace.policies) diagnostics.push(...checkPolicy(policy));
  return diagnostics;

  function checkPolicy(policy: LoadedFile<'policy'>): Diagnostic[] {
    const check = policy.data.check;
    switch (check.type) {
      case 'topic_handoff':
        topics ??= indexTopics(workspace.flows);
        return checkTopicHandoff(policy, check, workspace, topics);
      case 'pii_consent':
        return checkPiiConsent(policy, workspace);
      case 'human_within_turns':
        return checkHumanWithinTurns(policy, check, workspace);
      default: {
        const unknown: never = check;
        throw new Error(`unknown policy check ${JSON.stringify(unknown)}`);
      }
    }
  }
}
