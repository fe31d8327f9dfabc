/**
 * Policies exercised by the run. A test run cannot prove a policy holds (the
 * static checks and simulation do that); it can show that the tests walk into
 * the situations the policy is about, so a designer sees which guardrails no
 * scripted conversation touches:
 *
 * - `topic_handoff`: some test entered a flow with an intent on one of the topics;
 * - `pii_consent`: some test entered a flow that has a `pii` slot;
 * - `human_within_turns`: some utterance was not understood (a fallback, or an
 *   answer a question rejected), which is where the policy starts counting.
 */
import type { LoadedFile, PolicyFile, Workspace } from '@colloquy/core';
import { keyLocation } from '../sourceLocation.ts';
import { buildCategory, type CoverageCandidate } from './buildCategory.ts';
import type { CoverageCategory } from './coverageTypes.ts';
import type { TraceFacts } from './traceFacts.ts';

export function policyCoverage(workspace: Workspace, facts: TraceFacts): CoverageCategory {
  const candidates: CoverageCandidate[] = workspace.policies.map((policy) => {
    const { reached, note } = policyExercised(workspace, policy.data.check, facts);
    return {
      item: {
        id: policy.data.id,
        label: `policy ${policy.data.id} (${policy.data.check.type})`,
        location: keyLocation(policy, ['check']),
        ...(reached ? {} : { note }),
      },
      reached,
    };
  });
  return buildCategory('policies', candidates);
}

function policyExercised(workspace: Workspace, check: PolicyFile['check'], facts: TraceFacts): { reached: boolean; note: string } {
  switch (check.type) {
    case 'topic_handoff': {
      const topics = new Set(check.topics);
      const governed = flowIds(workspace.flows.filter((flow) => Object.values(flow.data.intents ?? {}).some((intent) => (intent.topics ?? []).some((t) => topics.has(t)))));
      return flowsReached(governed, facts, `no flow has an intent on the topics ${check.topics.join(', ')}`);
    }
    case 'pii_consent': {
      const governed = flowIds(workspace.flows.filter((flow) => Object.values(flow.data.slots ?? {}).some((slot) => slot.pii === true)));
      return flowsReached(governed, facts, 'no flow has a pii slot');
    }
    case 'human_within_turns':
      return { reached: facts.misunderstood, note: 'no test has an utterance the assistant did not understand' };
    default: {
      const unreachable: never = check;
      throw new Error(`unknown policy check ${JSON.stringify(unreachable)}`);
    }
  }
}

function flowIds(flows: readonly LoadedFile<'flow'>[]): string[] {
  return [...new Set(flows.map((flow) => flow.data.id))];
}

function flowsReached(governed: readonly string[], facts: TraceFacts, noneGoverned: string): { reached: boolean; note: string } {
  if (governed.length === 0) return { reached: false, note: noneGoverned };
  return { reached: governed.some((flow) => facts.enteredFlows.has(flow)), note: `no test reached ${governed.length === 1 ? 'flow' : 'any of the flows'} ${governed.join(', ')}` };
}
