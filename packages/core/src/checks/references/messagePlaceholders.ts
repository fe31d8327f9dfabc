/**
 * `{name}` placeholders in a flow's messages must name something the runtime
 * can fill in (CQ210): a slot of the flow, a context variable from agent.yaml,
 * or an output of a rules table the flow decides with. When one of those
 * sources cannot be read (a broken agent file, a missing or broken table),
 * unresolved names are not reported: they may well be declared there.
 *
 * Slots are resolved once per file version (flowFacts); each validation only
 * looks up the few remaining names, and walks the messages to find positions
 * only for names that turn out to be unknown. A flow's results are kept while
 * the flow, the agent file and the tables it decides with are unchanged
 * (PerFileResults.ts).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import type { PathSegment } from '../../source/sourceDocument.ts';
import { flowFacts, type FlowFacts } from '../flowFacts.ts';
import { PerFileResults } from '../PerFileResults.ts';
import { placeholderRange } from '../placeholders.ts';
import { quote, report, suggestion } from '../report.ts';
import { tableFacts } from '../rulesOutcomes.ts';
import { usableAgent } from '../usableAgent.ts';

interface Context {
  readonly workspace: Workspace;
  readonly agent: LoadedFile<'agent'>;
}

export function createMessagePlaceholdersCheck(): (workspace: Workspace) => readonly Diagnostic[] {
  const results = new PerFileResults<LoadedFile<'flow'>, Context>(
    ({ workspace, agent }) => [agent, workspace.rulesById],
    (flow, { workspace, agent }) => [agent, ...flowFacts(flow).decidedTables.map((name) => workspace.rulesById.get(name))],
    checkFlow,
  );
  return (workspace) => {
    const agent = usableAgent(workspace);
    return agent ? results.run(workspace.flows, { workspace, agent }) : [];
  };
}

function checkFlow(flow: LoadedFile<'flow'>, { workspace, agent }: Context): readonly Diagnostic[] {
  const context = agent.data.context ?? {};
  const facts = flowFacts(flow);
  const candidates = facts.nonSlotPlaceholders.filter((name) => !Object.hasOwn(context, name));
  if (candidates.length === 0) return [];
  const outputs = decidedOutputs(facts, workspace);
  if (outputs === 'unknown') return [];
  const unknown = new Set(candidates.filter((name) => !outputs.some((names) => names.has(name))));
  if (unknown.size === 0) return [];
  const known = [...facts.slotNames, ...Object.keys(context), ...outputs.flatMap((names) => [...names])];
  const diagnostics: Diagnostic[] = [];
  for (const message of facts.placeholderMessages) {
    for (const placeholder of message.placeholders) {
      if (!unknown.has(placeholder.name)) continue;
      const text = `the placeholder \`{${placeholder.name}}\` in ${describeMessage(message.path)} is not a slot of flow ${quote(flow.data.id)}, a context variable or an output of a rules table the flow decides with${suggestion(placeholder.name, known)}`;
      diagnostics.push(report('CQ210', flow.path, placeholderRange(flow.source, message.path, placeholder, message.text), text));
    }
  }
  return diagnostics;
}

/** The output names of every table the flow decides with, or 'unknown' when one of them cannot be read. */
function decidedOutputs(facts: FlowFacts, workspace: Workspace): ReadonlySet<string>[] | 'unknown' {
  const outputs: ReadonlySet<string>[] = [];
  for (const { node } of facts.decideNodes) {
    const table: LoadedFile<'rules'> | undefined = workspace.rulesById.get(node.decide!);
    if (!table) return 'unknown';
    outputs.push(tableFacts(table).outputNames);
  }
  return outputs;
}

/** "the `say` of node `confirm`", "the handoff `say` of node `to_agent`". */
function describeMessage(path: readonly PathSegment[]): string {
  const [, node, field, sub] = path;
  const what = field === 'handoff' ? `handoff \`${String(sub)}\`` : `\`${String(field)}\``;
  return `the ${what} of node ${quote(String(node))}`;
}
