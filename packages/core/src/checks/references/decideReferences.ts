/**
 * `decide` nodes against the rules tables they name: the table exists (CQ202),
 * every route key is a value the table's first output can return (CQ203),
 * every such value has a route or the node a `next` (CQ204), and every input
 * the table reads is available to the flow (CQ215). Tables that failed to load
 * are skipped: their own errors come first.
 *
 * Each flow's results are kept while the flow, the agent file and the tables
 * it names are unchanged (PerFileResults.ts); when a name resolves to no
 * table, the message suggests other table ids and depends on which files are
 * broken, so then the whole table index and the broken list are inputs too.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { FlowNode } from '../../kinds/index.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { didYouMean } from '../../schema/closestName.ts';
import { mightBeBroken } from '../brokenFiles.ts';
import { quote, quoteList, report, suggestion } from '../report.ts';
import { flowFacts } from '../flowFacts.ts';
import { PerFileResults } from '../PerFileResults.ts';
import { tableFacts } from '../rulesOutcomes.ts';
import { usableAgent } from '../usableAgent.ts';

interface Context {
  readonly workspace: Workspace;
  readonly agent: LoadedFile<'agent'> | undefined;
}

export function createDecideReferencesCheck(): (workspace: Workspace) => readonly Diagnostic[] {
  const results = new PerFileResults<LoadedFile<'flow'>, Context>(
    ({ workspace, agent }) => [agent, workspace.rulesById, workspace.broken],
    (flow, { workspace, agent }) => {
      const tables = flowFacts(flow).decidedTables.map((name) => workspace.rulesById.get(name));
      return tables.includes(undefined) ? [agent, ...tables, workspace.rulesById, workspace.broken] : [agent, ...tables];
    },
    checkFlow,
  );
  return (workspace) => results.run(workspace.flows, { workspace, agent: usableAgent(workspace) });
}

function checkFlow(flow: LoadedFile<'flow'>, { workspace, agent }: Context): readonly Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { id, node } of flowFacts(flow).decideNodes) {
    if (node.decide === undefined) continue;
    const table = workspace.rulesById.get(node.decide);
    if (!table) {
      if (mightBeBroken(workspace, 'rules', node.decide)) continue;
      const message = `node ${quote(id)} decides with ${quote(node.decide)}, which is not a rules table in this workspace${suggestion(node.decide, [...workspace.rulesById.keys()])}`;
      diagnostics.push(report('CQ202', flow.path, flow.source.rangeOf(['nodes', id, 'decide']), message));
      continue;
    }
    diagnostics.push(...checkRoutes(flow, id, node, table), ...checkInputs(flow, id, table, agent));
  }
  return diagnostics;
}

function checkRoutes(flow: LoadedFile<'flow'>, id: string, node: FlowNode, table: LoadedFile<'rules'>): Diagnostic[] {
  if (!node.routes) return [];
  const { output, values, source } = tableFacts(table).firstOutput;
  if (values.length === 0) return []; // nothing is known about what the table returns
  const routeKeys = Object.keys(node.routes);
  const diagnostics: Diagnostic[] = [];
  for (const key of routeKeys) {
    if (values.includes(key)) continue;
    const known = ` (${source === 'rows' ? 'its rows return' : 'it can return'} ${quoteList(values)})`;
    const message = `node ${quote(id)} routes on ${quote(key)}, but table ${quote(table.data.id)} never returns it as ${quote(output)}${known}${didYouMean(key, values)}`;
    diagnostics.push(report('CQ203', flow.path, flow.source.keyRangeOf(['nodes', id, 'routes', key]), message));
  }
  // While a route key is unknown (CQ203) it is most likely a missing value misspelt.
  if (node.next === undefined && diagnostics.length === 0) {
    const unrouted = values.filter((value) => !routeKeys.includes(value));
    if (unrouted.length > 0) {
      const them = unrouted.length === 1 ? 'it' : 'them';
      const message = `table ${quote(table.data.id)} can return ${quoteList(unrouted)} as ${quote(output)}, but node ${quote(id)} has no route for ${them} and no \`next\`; add a route or a \`next\``;
      diagnostics.push(report('CQ204', flow.path, flow.source.keyRangeOf(['nodes', id, 'routes']), message));
    }
  }
  return diagnostics;
}

function checkInputs(flow: LoadedFile<'flow'>, id: string, table: LoadedFile<'rules'>, agent: LoadedFile<'agent'> | undefined): Diagnostic[] {
  const slots = flowFacts(flow).slotNames;
  const context = agent?.data.context ?? {};
  const diagnostics: Diagnostic[] = [];
  for (const input of table.data.inputs) {
    if (slots.has(input.name)) continue;
    if (!agent) continue; // it may be a context variable of an agent file we cannot read
    if (Object.hasOwn(context, input.name)) continue;
    const candidates = [...slots, ...Object.keys(context)];
    const message = `node ${quote(id)} decides with table ${quote(table.data.id)}, which reads ${quote(input.name)}; that is neither a slot of flow ${quote(flow.data.id)} nor a context variable in agent.yaml${didYouMean(input.name, candidates)}`;
    diagnostics.push(report('CQ215', flow.path, flow.source.rangeOf(['nodes', id, 'decide']), message));
  }
  return diagnostics;
}
