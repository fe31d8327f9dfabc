/**
 * What the generators read from a workspace: every intent with its examples
 * and topics (flows by path, intents in declaration order), and the sensitive
 * topics that topic_handoff policies require to reach a person.
 */
import type { Workspace } from '@colloquy/core';

export interface SourceIntent {
  readonly flow: string;
  readonly intent: string;
  readonly examples: readonly string[];
  readonly topics: readonly string[];
}

export interface SensitiveTopic {
  readonly topic: string;
  /** The topic_handoff policies naming the topic, in policy file order. */
  readonly policies: readonly string[];
}

/** Everything a generator is given. */
export interface GeneratorContext {
  readonly seed: string;
  /** How many cases each per-intent generator makes for each intent. */
  readonly perIntent: number;
  /** The intents cases are made from (those of one flow when `generateCases` was given `flow`). */
  readonly intents: readonly SourceIntent[];
  /** Every intent of the workspace, e.g. as the second half of a multi-intent utterance. */
  readonly allIntents: readonly SourceIntent[];
  readonly sensitiveTopics: readonly SensitiveTopic[];
  /** The workspace itself, for generators that run its flows (multi_turn's dry runs). */
  readonly workspace: Workspace;
  /** The date conversations run on (YYYY-MM-DD): relative dates in answers resolve against it. */
  readonly today: string;
}

/**
 * Every intent with at least one example, from the first flow declaring it
 * (a second declaration is a validation error and is ignored here).
 */
export function sourceIntents(workspace: Workspace): SourceIntent[] {
  const intents: SourceIntent[] = [];
  const seen = new Set<string>();
  for (const file of workspace.flows) {
    const flow = file.data;
    for (const [intent, definition] of Object.entries(flow.intents ?? {})) {
      if (seen.has(intent)) continue;
      seen.add(intent);
      const examples = definition.examples.filter((e) => e.trim() !== '');
      if (examples.length === 0) continue;
      intents.push({ flow: flow.id, intent, examples, topics: definition.topics ?? [] });
    }
  }
  return intents;
}

/** The topics of every topic_handoff policy, in policy then topic order, each once. */
export function sensitiveTopics(workspace: Workspace): SensitiveTopic[] {
  const byTopic = new Map<string, string[]>();
  for (const file of workspace.policies) {
    const check = file.data.check;
    if (check.type !== 'topic_handoff') continue;
    for (const topic of check.topics) {
      const policies = byTopic.get(topic) ?? [];
      if (!policies.includes(file.data.id)) policies.push(file.data.id);
      byTopic.set(topic, policies);
    }
  }
  return [...byTopic].map(([topic, policies]) => ({ topic, policies }));
}

/** The policies that make an intent sensitive: those naming any of its topics, with the first such topic. */
export function sensitivityOf(intent: SourceIntent, topics: readonly SensitiveTopic[]): SensitiveTopic | undefined {
  const matching = topics.filter((t) => intent.topics.includes(t.topic));
  const first = matching[0];
  if (!first) return undefined;
  const policies = [...new Set(matching.flatMap((t) => t.policies))];
  return { topic: first.topic, policies };
}

/**
 * The `n`th entry of a list, cycling, offset by a hash of the group: each
 * intent's cases take turns through the list, and with only a few cases per
 * intent the offsets still reach every entry across the workspace's intents.
 */
export function cycled<T>(items: readonly T[], group: string, n: number): T {
  let offset = 0;
  for (let i = 0; i < group.length; i++) offset = (offset * 31 + group.charCodeAt(i)) % items.length;
  return items[(offset + n) % items.length]!;
}
