/**
 * What the policy checks need to know about one flow, computed once per file
 * version and shared by every policy (see ../perFileCache.ts): a workspace
 * with 1,000 flows and several policies analyses each flow's graph once, and
 * re-validating after an edit re-analyses only the edited flow.
 *
 * Each part is computed on first use, so a workspace without a policy of some
 * type never pays for its analysis.
 */
import type { FlowFile, FlowNode } from '../../kinds/index.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { NodeTransition } from '../flowGraph.ts';
import { perFileCache } from '../perFileCache.ts';
import { computeFailureTurns, type FailureTurns } from './failureTurns.ts';
import { breadthFirstPaths, type PathStep, type PathTree } from './nodePaths.ts';

/** A question for a personal-data slot that a path reaches without the customer's consent. */
export interface UnconsentedQuestion {
  readonly node: string;
  readonly slot: string;
  readonly path: readonly PathStep[];
}

export interface FlowPolicyFacts {
  /** False when `start` names no node (reported as CQ217): then no path can be judged. */
  readonly enterable: boolean;
  /** Nodes reachable from `start` by any transition, with shortest paths. */
  reach(): PathTree;
  /** Reachable `end` nodes, in breadth-first order. */
  reachableEnds(): readonly string[];
  /** Whether any `handoff` node is reachable from `start`. */
  reachesHandoff(): boolean;
  /** Reachable `ask` nodes, in breadth-first order. */
  reachableQuestions(): readonly string[];
  /** Questions for `pii: true` slots that some path reaches without a consent `yes`. */
  unconsentedQuestions(): readonly UnconsentedQuestion[];
  /** Failure turns for the agent's `fallback.max_failures`. */
  failureTurns(maxFailures: number): FailureTurns;
}

export const flowPolicyFacts = perFileCache((file: LoadedFile<'flow'>): FlowPolicyFacts => analyseFlow(file.data));

export function analyseFlow(flow: FlowFile): FlowPolicyFacts {
  const reach = once(() => breadthFirstPaths(flow));
  const reachedWithRole = (has: (node: FlowNode) => boolean) => reach().reached.filter((id) => has(flow.nodes[id]!));
  const reachableEnds = once(() => reachedWithRole((node) => node.end !== undefined));
  const reachesHandoff = once(() => reachedWithRole((node) => node.handoff !== undefined).length > 0);
  const reachableQuestions = once(() => reachedWithRole((node) => node.ask !== undefined));
  const unconsentedQuestions = once(() => findUnconsentedQuestions(flow));
  const failureTurnsByLimit = new Map<number, FailureTurns>();
  return {
    enterable: Object.hasOwn(flow.nodes, flow.start),
    reach,
    reachableEnds,
    reachesHandoff,
    reachableQuestions,
    unconsentedQuestions,
    failureTurns(maxFailures) {
      let turns = failureTurnsByLimit.get(maxFailures);
      if (!turns) {
        turns = computeFailureTurns(flow, maxFailures);
        failureTurnsByLimit.set(maxFailures, turns);
      }
      return turns;
    },
  };
}

/**
 * Consent only ever goes from "not given" to "given", so a path asks for
 * personal data without consent exactly when the question is reachable
 * without taking any consent node's `yes` transition: one search, with those
 * transitions left out.
 */
function findUnconsentedQuestions(flow: FlowFile): UnconsentedQuestion[] {
  const tree = breadthFirstPaths(flow, (_from, node, transition) => !isConsentGiven(node, transition));
  const questions: UnconsentedQuestion[] = [];
  for (const id of tree.reached) {
    const node = flow.nodes[id]!;
    if (node.ask === undefined || node.fill === undefined) continue;
    const slot = Object.hasOwn(flow.slots ?? {}, node.fill) ? flow.slots![node.fill] : undefined;
    if (slot?.pii === true) questions.push({ node: id, slot: node.fill, path: tree.pathTo(id) });
  }
  return questions;
}

/**
 * True for the transition a consent node takes when the customer said yes:
 * its `true` route, or `next` when it has no `true` route (a consent node
 * without routes counts as consented once passed). `on_fail` never counts: the
 * customer gave no answer.
 */
export function isConsentGiven(node: FlowNode, transition: NodeTransition): boolean {
  if (node.ask === undefined || node.consent !== true) return false;
  const hasYesRoute = Object.hasOwn(node.routes ?? {}, 'true');
  return hasYesRoute ? transition.via === 'route' && transition.key === 'true' : transition.via === 'next';
}

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}
