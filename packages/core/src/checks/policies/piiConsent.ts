/**
 * `pii_consent`: a question for a slot marked `pii: true` may be asked only
 * after the customer said yes to a consent question (an ask node with
 * `consent: true`) on every path from `start`. Each personal-data question
 * that some path reaches without that yes is reported (CQ501) with the path.
 *
 * A value the customer volunteers in their first utterance fills the slot
 * without the question being asked, which is not a violation; but the same
 * question is asked whenever the value was not volunteered, so the node is
 * checked all the same.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { quote } from '../report.ts';
import { flowPolicyFacts } from './flowPolicyFacts.ts';
import { formatNodePath } from './nodePaths.ts';
import { perPolicyAndFlow } from './perPolicyAndFlow.ts';
import { policyName, policyResult } from './policyResult.ts';

export function checkPiiConsent(policy: LoadedFile<'policy'>, workspace: Workspace): Diagnostic[] {
  return workspace.flows.flatMap((flow) => flowResults(policy, flow));
}

const flowResults = perPolicyAndFlow((policy, flow): readonly Diagnostic[] => {
  const facts = flowPolicyFacts(flow);
  if (!facts.enterable) return [];
  return facts.unconsentedQuestions().map((question) => {
    const path = formatNodePath(question.path, { fromStart: true });
    const message = `${quote(question.node)} asks for personal data (slot ${quote(question.slot)}) before the customer consented: ${path}`;
    const hint = 'put a consent question (an ask node with `consent: true`) before it, and reach this question only from its `true` route';
    const related = [
      { file: flow.path, range: flow.source.rangeOf(['slots', question.slot, 'pii']), message: `slot ${quote(question.slot)} is marked \`pii: true\`` },
      { file: policy.path, range: policy.source.rangeOf(['check']), message: `${policyName(policy)}: ${policy.data.title}` },
    ];
    return policyResult(policy, 'CQ501', flow.path, flow.source.keyRangeOf(['nodes', question.node]), message, { hint, related });
  });
});
