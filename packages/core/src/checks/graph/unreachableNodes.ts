/**
 * Nodes that no path from `start` reaches (CQ300), following every written
 * transition. When `start` itself is unknown (CQ217) nothing is reported: every
 * node would be "unreachable" and the one real mistake would drown.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { flowNode, reachableNodes } from '../flowGraph.ts';
import { quote, report } from '../report.ts';

export function checkUnreachableNodes(file: LoadedFile<'flow'>): Diagnostic[] {
  const flow = file.data;
  if (!flowNode(flow, flow.start)) return [];
  const reached = reachableNodes(flow);
  const diagnostics: Diagnostic[] = [];
  for (const id of Object.keys(flow.nodes)) {
    if (reached.has(id)) continue;
    const message = `node ${quote(id)} is never reached: no path from \`start\` (${quote(flow.start)}) leads to it`;
    diagnostics.push(report('CQ300', file.path, file.source.keyRangeOf(['nodes', id]), message));
  }
  return diagnostics;
}
