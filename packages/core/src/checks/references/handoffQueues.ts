/**
 * Every node's handoff goes to a queue declared in agent.yaml (CQ208). A
 * flow's results are kept while it and the agent file are unchanged
 * (flowAgainstAgent.ts).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { quote, report, suggestion } from '../report.ts';
import { flowFacts } from '../flowFacts.ts';
import { flowAgainstAgent } from '../flowAgainstAgent.ts';

export const createHandoffQueuesCheck = flowAgainstAgent((flow, agent) => {
  const queues = agent.data.queues;
  const diagnostics: Diagnostic[] = [];
  for (const { id, node } of flowFacts(flow).handoffNodes) {
    const queue = node.handoff?.queue;
    if (queue === undefined || Object.hasOwn(queues, queue)) continue;
    const message = `node ${quote(id)} hands over to queue ${quote(queue)}, which is not declared under \`queues\` in agent.yaml${suggestion(queue, Object.keys(queues))}`;
    diagnostics.push(report('CQ208', flow.path, flow.source.rangeOf(['nodes', id, 'handoff', 'queue']), message));
  }
  return diagnostics;
});
