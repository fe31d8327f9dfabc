/** Every node's handoff goes to a queue declared in agent.yaml (CQ208). */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { quote, report, suggestion } from '../report.ts';
import { flowFacts } from '../flowFacts.ts';
import { usableAgent } from '../usableAgent.ts';

export function checkHandoffQueues(workspace: Workspace): Diagnostic[] {
  const agent = usableAgent(workspace);
  if (!agent) return [];
  const queues = agent.data.queues;
  const names = Object.keys(queues);
  const diagnostics: Diagnostic[] = [];
  for (const flow of workspace.flows) {
    for (const { id, node } of flowFacts(flow).handoffNodes) {
      const queue = node.handoff?.queue;
      if (queue === undefined || Object.hasOwn(queues, queue)) continue;
      const message = `node ${quote(id)} hands over to queue ${quote(queue)}, which is not declared under \`queues\` in agent.yaml${suggestion(queue, names)}`;
      diagnostics.push(report('CQ208', flow.path, flow.source.rangeOf(['nodes', id, 'handoff', 'queue']), message));
    }
  }
  return diagnostics;
}
