/**
 * `action` nodes against the action catalogue in agent.yaml: the action is
 * declared (CQ209), every route key is one of its outcomes (CQ212), and a node
 * without `next` routes every outcome (else it is a dead end, CQ301).
 * A flow's results depend on the flow and the agent file only, so they are
 * kept while both are unchanged (flowAgainstAgent.ts).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { didYouMean } from '../../schema/closestName.ts';
import { quote, quoteList, report, suggestion } from '../report.ts';
import { flowFacts } from '../flowFacts.ts';
import { flowAgainstAgent } from '../flowAgainstAgent.ts';

export const createActionReferencesCheck = flowAgainstAgent((flow, agent) => {
  const catalogue = agent.data.actions ?? {};
  const names = Object.keys(catalogue);
  const diagnostics: Diagnostic[] = [];
  for (const { id, node } of flowFacts(flow).actionNodes) {
    if (node.action === undefined) continue;
    if (!Object.hasOwn(catalogue, node.action)) {
      const message = `node ${quote(id)} runs action ${quote(node.action)}, which is not in the action catalogue (\`actions\` in agent.yaml)${suggestion(node.action, names)}`;
      diagnostics.push(report('CQ209', flow.path, flow.source.rangeOf(['nodes', id, 'action']), message));
      continue;
    }
    const outcomes = catalogue[node.action]!.outcomes;
    const routeKeys = Object.keys(node.routes ?? {});
    for (const key of routeKeys) {
      if (outcomes.includes(key)) continue;
      const message = `node ${quote(id)} routes on ${quote(key)}, but action ${quote(node.action)} only reports ${quoteList(outcomes)}${didYouMean(key, outcomes)}`;
      diagnostics.push(report('CQ212', flow.path, flow.source.keyRangeOf(['nodes', id, 'routes', key]), message));
    }
    // An outcome with no route and no `next` is a dead end whenever the action reports it.
    // While a route key is unknown (reported above) it is most likely that outcome misspelt.
    if (node.routes === undefined || node.next !== undefined || node.end !== undefined || node.handoff !== undefined) continue;
    if (routeKeys.some((key) => !outcomes.includes(key))) continue;
    const unrouted = outcomes.filter((outcome) => !routeKeys.includes(outcome));
    if (unrouted.length === 0) continue;
    const when = unrouted.length === 1 ? `when it reports ${quote(unrouted[0]!)}` : 'when it reports one of them';
    const message = `node ${quote(id)} has no route for ${quoteList(unrouted)} (outcomes of action ${quote(node.action)}) and no \`next\`, so the conversation gets stuck here ${when}; add the missing routes or a \`next\``;
    diagnostics.push(report('CQ301', flow.path, flow.source.keyRangeOf(['nodes', id, 'routes']), message));
  }
  return diagnostics;
});
