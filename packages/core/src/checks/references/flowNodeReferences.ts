/**
 * Names inside one flow that must resolve within it: `start` (CQ217), every
 * transition target (CQ201) and each question's `fill` slot (CQ211).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { flowNode, nodeSuccessors, type NodeTransition } from '../flowGraph.ts';
import { quote, report, suggestion } from '../report.ts';

export function checkFlowNodeReferences(file: LoadedFile<'flow'>): Diagnostic[] {
  const flow = file.data;
  const nodeIds = Object.keys(flow.nodes);
  const slotIds = Object.keys(flow.slots ?? {});
  const diagnostics: Diagnostic[] = [];
  const notANode = (name: string) => `which is not a node of flow ${quote(flow.id)}${suggestion(name, nodeIds)}`;

  if (!flowNode(flow, flow.start)) {
    diagnostics.push(report('CQ217', file.path, file.source.rangeOf(['start']), `\`start\` names ${quote(flow.start)}, ${notANode(flow.start)}`));
  }
  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const transition of nodeSuccessors(node)) {
      if (flowNode(flow, transition.to)) continue;
      const range = file.source.rangeOf(['nodes', id, ...transitionPath(transition)]);
      diagnostics.push(report('CQ201', file.path, range, `${describeTransition(id, transition)} ${quote(transition.to)}, ${notANode(transition.to)}`));
    }
    if (node.fill !== undefined && !Object.hasOwn(flow.slots ?? {}, node.fill)) {
      const where = slotIds.length > 0 ? `which is not a slot of flow ${quote(flow.id)}${suggestion(node.fill, slotIds)}` : `but flow ${quote(flow.id)} declares no \`slots\``;
      diagnostics.push(report('CQ211', file.path, file.source.rangeOf(['nodes', id, 'fill']), `node ${quote(id)} fills ${quote(node.fill)}, ${where}`));
    }
  }
  return diagnostics;
}

function transitionPath(transition: NodeTransition): string[] {
  return transition.via === 'route' ? ['routes', transition.key!] : [transition.via];
}

/** "node `a` goes `next` to", "node `a` routes `freeze` to", "node `a` goes `on_fail` to". */
function describeTransition(nodeId: string, transition: NodeTransition): string {
  switch (transition.via) {
    case 'next':
      return `node ${quote(nodeId)} continues (\`next\`) to`;
    case 'route':
      return `node ${quote(nodeId)} routes ${quote(transition.key!)} to`;
    case 'on_fail':
      return `node ${quote(nodeId)} goes on failure (\`on_fail\`) to`;
    default: {
      const unreachable: never = transition.via;
      return unreachable;
    }
  }
}
