/**
 * The flow categories: intents recognised, nodes entered and transitions
 * taken, each per flow.
 */
import { isTerminal, nodeSuccessors, type NodeTransition, type Workspace } from '@colloquy/core';
import { keyLocation } from '../sourceLocation.ts';
import { buildCategory, type CoverageCandidate, type CoverageGroupSource } from './buildCategory.ts';
import type { CoverageCategory } from './coverageTypes.ts';
import { nodeKey, transitionKey, type TraceFacts } from './traceFacts.ts';

function flowGroups(workspace: Workspace): CoverageGroupSource[] {
  return workspace.flows.map((flow) => ({ id: flow.data.id, file: flow.path }));
}

/** An intent counts as covered when the recognizer returned it for some utterance. */
export function intentCoverage(workspace: Workspace, facts: TraceFacts): CoverageCategory {
  const candidates: CoverageCandidate[] = [];
  for (const flow of workspace.flows) {
    for (const intent of Object.keys(flow.data.intents ?? {})) {
      candidates.push({
        item: { id: intent, label: `intent ${intent}`, group: flow.data.id, location: keyLocation(flow, ['intents', intent]) },
        reached: facts.recognisedIntents.has(intent),
      });
    }
  }
  return buildCategory('intents', candidates, flowGroups(workspace));
}

export function nodeCoverage(workspace: Workspace, facts: TraceFacts): CoverageCategory {
  const candidates: CoverageCandidate[] = [];
  for (const flow of workspace.flows) {
    const flowId = flow.data.id;
    for (const node of Object.keys(flow.data.nodes)) {
      candidates.push({
        item: { id: `${flowId}/${node}`, label: `node ${flowId}/${node}`, group: flowId, location: keyLocation(flow, ['nodes', node]) },
        reached: facts.enteredNodes.has(nodeKey(flowId, node)),
      });
    }
  }
  return buildCategory('nodes', candidates, flowGroups(workspace));
}

/**
 * Every transition written on a node (`routes` keys, `next`, `on_fail`), as
 * the graph checks see them. `handoff` and `end` nodes are left out: the
 * runtime never leaves them, and a transition written on one is already
 * reported as a conflict (CQ303), so counting it would only lower coverage.
 */
export function transitionCoverage(workspace: Workspace, facts: TraceFacts): CoverageCategory {
  const candidates: CoverageCandidate[] = [];
  for (const flow of workspace.flows) {
    const flowId = flow.data.id;
    for (const [nodeId, node] of Object.entries(flow.data.nodes)) {
      if (isTerminal(node)) continue;
      for (const transition of nodeSuccessors(node)) {
        const name = `${nodeId} -> ${transition.to} (${describeVia(transition)})`;
        const path = transition.via === 'route' ? ['nodes', nodeId, 'routes', transition.key!] : ['nodes', nodeId, transition.via];
        candidates.push({
          item: { id: `${flowId}/${name}`, label: `transition ${flowId}/${name}`, group: flowId, location: keyLocation(flow, path) },
          reached: facts.takenTransitions.has(transitionKey(flowId, nodeId, transition.via, transition.key)),
        });
      }
    }
  }
  return buildCategory('transitions', candidates, flowGroups(workspace));
}

/** The route key is quoted, so a route named `next` is not mistaken for `next`. */
function describeVia(transition: NodeTransition): string {
  return transition.via === 'route' ? `route ${JSON.stringify(transition.key)}` : transition.via;
}
