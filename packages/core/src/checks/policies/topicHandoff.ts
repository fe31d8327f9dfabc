/**
 * `topic_handoff`: conversations on a sensitive topic (a complaint, a
 * bereavement) must reach a person and never be closed by automation. Every
 * intent tagged with one of the policy's topics starts a flow; in that flow
 * each reachable `end` node is a way to finish without a person (CQ500, with
 * the path), and a flow that reaches no `handoff` at all is reported too.
 * A policy topic that no intent is tagged with checks nothing (CQ503).
 */
import type { Diagnostic, RelatedLocation } from '../../diagnostics/diagnostic.ts';
import type { TopicHandoffCheck } from '../../kinds/index.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { quote, suggestion } from '../report.ts';
import { usableAgent } from '../usableAgent.ts';
import { flowPolicyFacts } from './flowPolicyFacts.ts';
import { formatNodePath } from './nodePaths.ts';
import { perPolicyAndFlow } from './perPolicyAndFlow.ts';
import { policyName, policyResult } from './policyResult.ts';

/** An intent's `topics` entry: `intents.<intent>.topics[index]` is `topic`. */
export interface TopicTag {
  readonly intent: string;
  readonly topic: string;
  readonly index: number;
}

/** The flows whose intents are tagged with each topic. */
export type TopicIndex = ReadonlyMap<string, readonly LoadedFile<'flow'>[]>;

export function indexTopics(flows: readonly LoadedFile<'flow'>[]): TopicIndex {
  const index = new Map<string, LoadedFile<'flow'>[]>();
  for (const flow of flows) {
    for (const definition of Object.values(flow.data.intents ?? {})) {
      for (const topic of definition.topics ?? []) {
        const tagged = index.get(topic);
        if (!tagged) index.set(topic, [flow]);
        else if (tagged[tagged.length - 1] !== flow) tagged.push(flow);
      }
    }
  }
  return index;
}

export function checkTopicHandoff(policy: LoadedFile<'policy'>, check: TopicHandoffCheck, workspace: Workspace, topics: TopicIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const flows = new Set<LoadedFile<'flow'>>();
  check.topics.forEach((topic, i) => {
    const tagged = topics.get(topic) ?? [];
    for (const flow of tagged) flows.add(flow);
    // A flow that failed to load may well be the one using the topic: its own
    // errors come first, and this result would only be noise until then.
    if (tagged.length === 0 && !workspace.isBroken('flow')) {
      const message = unusedTopicMessage(topic, policy, workspace);
      const hint = `tag the intents on this topic in their flows (\`intents.<name>.topics: [${topic}]\`), or remove the topic from the policy`;
      diagnostics.push(policyResult(policy, 'CQ503', policy.path, policy.source.rangeOf(['check', 'topics', i]), message, { hint }));
    }
  });
  for (const flow of flows) diagnostics.push(...flowResults(policy, flow));
  return diagnostics;
}

/** Says, too, when agent.yaml does not declare the topic: then it is most likely a typo. */
function unusedTopicMessage(topic: string, policy: LoadedFile<'policy'>, workspace: Workspace): string {
  const unused = `no intent is tagged with topic ${quote(topic)}, so ${policyName(policy)} checks nothing for it`;
  const declared = usableAgent(workspace)?.data.topics;
  if (!declared || Object.hasOwn(declared, topic)) return unused;
  return `${unused}; agent.yaml does not declare it under \`topics\` either${suggestion(topic, Object.keys(declared))}`;
}

const flowResults = perPolicyAndFlow((policy, flow): readonly Diagnostic[] => {
  const check = policy.data.check;
  if (check.type !== 'topic_handoff') return [];
  const facts = flowPolicyFacts(flow);
  const tags = topicTags(flow, check.topics);
  if (!facts.enterable || tags.length === 0) return [];
  const subject = describeIntents(tags);
  const related: RelatedLocation[] = [
    ...tags.map((tag) => ({
      file: flow.path,
      range: flow.source.rangeOf(['intents', tag.intent, 'topics', tag.index]),
      message: `intent ${quote(tag.intent)} is tagged ${quote(tag.topic)}`,
    })),
    { file: policy.path, range: policy.source.rangeOf(['check', 'topics']), message: `${policyName(policy)}: ${policy.data.title}` },
  ];
  const diagnostics: Diagnostic[] = [];
  for (const id of facts.reachableEnds()) {
    const path = formatNodePath(facts.reach().pathTo(id), { fromStart: true, last: `(end: ${flow.data.nodes[id]!.end!})` });
    const message = `${subject} can end without a person: ${path}`;
    const hint = 'finish this path with a `handoff` node instead of `end`';
    diagnostics.push(policyResult(policy, 'CQ500', flow.path, flow.source.keyRangeOf(['nodes', id]), message, { hint, related }));
  }
  if (!facts.reachesHandoff()) {
    const first = tags[0]!;
    const message = `${subject} never reaches a person: no \`handoff\` node can be reached from \`start\` (${quote(flow.data.start)})`;
    const range = flow.source.rangeOf(['intents', first.intent, 'topics', first.index]);
    diagnostics.push(policyResult(policy, 'CQ500', flow.path, range, message, { hint: 'route the flow to a `handoff` node', related }));
  }
  return diagnostics;
});

/** The flow's intent tags for any of `topics`, in file order. */
function topicTags(flow: LoadedFile<'flow'>, topics: readonly string[]): TopicTag[] {
  const wanted = new Set(topics);
  const tags: TopicTag[] = [];
  for (const [intent, definition] of Object.entries(flow.data.intents ?? {})) {
    definition.topics?.forEach((topic, index) => {
      if (wanted.has(topic)) tags.push({ intent, topic, index });
    });
  }
  return tags;
}

/** "intent `make_complaint` (topic complaint)", grouping the topics of each intent. */
function describeIntents(tags: readonly TopicTag[]): string {
  const topicsByIntent = new Map<string, string[]>();
  for (const tag of tags) {
    const topics = topicsByIntent.get(tag.intent);
    if (topics) topics.push(tag.topic);
    else topicsByIntent.set(tag.intent, [tag.topic]);
  }
  const parts = [...topicsByIntent].map(([intent, topics]) => `${quote(intent)} (${topics.length === 1 ? 'topic' : 'topics'} ${topics.join(', ')})`);
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
  return `${parts.length === 1 ? 'intent' : 'intents'} ${list}`;
}
