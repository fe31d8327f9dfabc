/**
 * A node that neither routes on nor finishes is a dead end (CQ301): the runtime
 * would stop there and hand over with the fallback handoff as an error.
 *
 * Besides nodes with no way on at all, a question on a yes/no or enum slot
 * whose `routes` miss some of the slot's values and that has no `next` is a
 * dead end for those answers. (The same gap on an action is checked with the
 * action catalogue, in actionReferences.ts; on a decision it is CQ204, since a
 * table may never return a value it declares.)
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { isTerminal, nodeSuccessors } from '../flowGraph.ts';
import { quote, quoteList, report } from '../report.ts';
import { possibleValues } from './askRouteValues.ts';

export function checkDeadEnds(file: LoadedFile<'flow'>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [id, node] of Object.entries(file.data.nodes)) {
    if (isTerminal(node)) continue;
    if (!nodeSuccessors(node).some((t) => t.via !== 'on_fail')) {
      const message = `node ${quote(id)} has no \`next\`, \`end\`, \`handoff\` or \`routes\`, so the conversation gets stuck here`;
      diagnostics.push(report('CQ301', file.path, file.source.keyRangeOf(['nodes', id]), message));
      continue;
    }
    if (node.ask === undefined || node.routes === undefined || node.next !== undefined || node.fill === undefined) continue;
    const slot = Object.hasOwn(file.data.slots ?? {}, node.fill) ? file.data.slots![node.fill]! : undefined;
    const values = slot ? possibleValues(slot) : undefined;
    if (!values) continue;
    const routeKeys = Object.keys(node.routes);
    // A key the slot cannot hold is reported as CQ305, and is most likely the missing value misspelt.
    if (routeKeys.some((key) => !values.includes(key))) continue;
    const unrouted = values.filter((value) => !routeKeys.includes(value));
    if (unrouted.length === 0) continue;
    const message = `node ${quote(id)} has no route for ${quoteList(unrouted)} and no \`next\`, so the conversation gets stuck here when the answer is ${unrouted.length === 1 ? quote(unrouted[0]!) : 'one of them'}; add the missing routes or a \`next\``;
    diagnostics.push(report('CQ301', file.path, file.source.keyRangeOf(['nodes', id, 'routes']), message));
  }
  return diagnostics;
}
