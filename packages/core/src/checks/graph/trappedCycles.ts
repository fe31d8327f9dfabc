/**
 * Cycles with no way out (CQ302): a group of nodes that only lead to each
 * other, so a conversation that enters it never reaches an `end` or `handoff`.
 *
 * A node counts as a way out when it finishes (`end`, `handoff`), when it is a
 * question without `on_fail` (its retries run out into the agent's fallback
 * handoff), or when it is already reported as broken: a dead end (CQ301) or a
 * transition to an unknown node (CQ201). Exits spread backwards along
 * transitions; a strongly connected component that no exit reaches is a trap.
 * Traps that `start` cannot reach are left to the unreachable-node check.
 */
import type { Diagnostic, RelatedLocation } from '../../diagnostics/diagnostic.ts';
import type { FlowFile, FlowNode } from '../../kinds/index.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { flowNode, hasImplicitExit, isTerminal, nodeSuccessors, reachableNodes } from '../flowGraph.ts';
import { quote, quoteList, report } from '../report.ts';
import { stronglyConnectedComponents } from '../stronglyConnected.ts';

export function checkTrappedCycles(file: LoadedFile<'flow'>): Diagnostic[] {
  const flow = file.data;
  const ids = Object.keys(flow.nodes);
  const targets = new Map(ids.map((id) => [id, knownTargets(flow, flow.nodes[id]!)]));
  const escapes = nodesThatCanExit(flow, ids, targets);
  const reached = flowNode(flow, flow.start) ? reachableNodes(flow) : undefined;
  const order = new Map(ids.map((id, i) => [id, i]));
  const diagnostics: Diagnostic[] = [];
  for (const component of stronglyConnectedComponents(ids, (id) => targets.get(id)!)) {
    const first = component[0]!;
    const isCycle = component.length > 1 || targets.get(first)!.includes(first);
    if (!isCycle || escapes.has(first) || (reached && !reached.has(first))) continue;
    const members = [...component].sort((a, b) => order.get(a)! - order.get(b)!);
    const head = members[0]!;
    const message =
      members.length === 1
        ? `node ${quote(head)} only leads back to itself and never reaches an \`end\` or a \`handoff\`, so a conversation that gets here never finishes`
        : `nodes ${quoteList(members)} only lead to each other and never reach an \`end\` or a \`handoff\`, so a conversation that gets here never finishes`;
    const related: RelatedLocation[] = members.slice(1).map((id) => ({
      file: file.path,
      range: file.source.keyRangeOf(['nodes', id]),
      message: `node ${quote(id)} is part of the cycle`,
    }));
    diagnostics.push(report('CQ302', file.path, file.source.keyRangeOf(['nodes', head]), message, { related }));
  }
  return diagnostics;
}

function knownTargets(flow: FlowFile, node: FlowNode): string[] {
  return [...new Set(nodeSuccessors(node).map((t) => t.to))].filter((to) => flowNode(flow, to));
}

function nodesThatCanExit(flow: FlowFile, ids: readonly string[], targets: ReadonlyMap<string, readonly string[]>): Set<string> {
  const predecessors = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const to of targets.get(id)!) predecessors.get(to)!.push(id);
  const isExit = (id: string) => {
    const node = flow.nodes[id]!;
    const written = nodeSuccessors(node);
    return isTerminal(node) || hasImplicitExit(node) || written.length === 0 || written.some((t) => !flowNode(flow, t.to));
  };
  const queue = ids.filter(isExit);
  const escapes = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    for (const from of predecessors.get(queue[i]!)!) {
      if (!escapes.has(from)) {
        escapes.add(from);
        queue.push(from);
      }
    }
  }
  return escapes;
}
