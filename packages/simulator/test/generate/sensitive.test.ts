import { validateWorkspace } from '@colloquy/core';
import { TOPIC_PROBES, generateCases } from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@colloquy/core';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { yaml } from '../support/workspace.ts';
import { casesOf, expectSeeded } from './helpers.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await exampleWorkspace();
});

describe('sensitive generator', () => {
  it('is deterministic under a seed and changes with the seed', () => {
    expectSeeded((seed) => casesOf(workspace, 'sensitive', seed));
  });

  it('probes every topic the policies name, and every case must reach a person', () => {
    const cases = casesOf(workspace, 'sensitive');
    const topics = ['complaint', 'bereavement', 'vulnerability', 'retention'];
    expect([...new Set(cases.map((c) => c.topic))]).toEqual(topics);
    for (const topic of topics) {
      const ofTopic = cases.filter((c) => c.topic === topic);
      // The built-in probes first, then three framed examples of the one intent tagged with the topic.
      expect(ofTopic.map((c) => c.utterance).slice(0, TOPIC_PROBES[topic]!.length)).toEqual(TOPIC_PROBES[topic]);
      expect(ofTopic.filter((c) => c.transformation === 'framed_example')).toHaveLength(3);
    }
    for (const c of cases) {
      expect(c).toMatchObject({ generator: 'sensitive', expectation: 'handoff', accept: ['handoff'], policies: ['sensitive_topics_reach_human'] });
      if (c.transformation === 'framed_example') {
        expect(c.id).toMatch(new RegExp(`^sensitive/${c.topic}\\.${c.sources[0]!.intent}/\\d$`));
        expect(c.utterance.toLowerCase()).toContain(c.sources[0]!.utterance.toLowerCase().replace(/[.!?]+$/, '').slice(1));
      } else {
        expect(c.id).toMatch(new RegExp(`^sensitive/${c.topic}/\\d$`));
      }
    }
  });

  it('works from tagged intents for topics it has no built-in probes for, and skips topics with neither', () => {
    const files = {
      'agent.yaml': yaml`
        kind: agent
        version: 1
        name: Bank
        language: en
        greeting: Hello
        nlu: { recognizer: lexical, threshold: 0.4 }
        fallback: { say: Sorry?, max_failures: 2, handoff: { queue: general, reason: not understood } }
        queues: { general: { title: General } }
        topics:
          gambling: { description: Gambling harm. }
          debt: { description: Problem debt. }
      `,
      'flows/gambling.flow.yaml': yaml`
        kind: flow
        version: 1
        id: gambling
        title: Gambling block
        intents:
          block_gambling:
            examples: [block gambling payments on my card, I spend too much at the bookies]
            topics: [gambling]
        start: to_person
        nodes:
          to_person: { handoff: { queue: general, reason: gambling } }
      `,
      'policies/topics.policy.yaml': yaml`
        kind: policy
        version: 1
        id: harm_reaches_human
        title: Harm reaches a person
        severity: error
        check: { type: topic_handoff, topics: [gambling, debt] }
      `,
    };
    // Given a workspace whose policy names a topic no intent carries (an error validation reports)
    const result = validateWorkspace(Object.entries(files).map(([path, content]) => ({ path, content })));
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['CQ503']);
    const custom = result.workspace;
    const cases = generateCases(custom, { generators: ['sensitive'], seed: 's', perIntent: 2 });
    expect(cases.map((c) => c.id)).toEqual(['sensitive/gambling.block_gambling/0', 'sensitive/gambling.block_gambling/1']);
    expect(cases.every((c) => c.topic === 'gambling' && c.policies.join() === 'harm_reaches_human')).toBe(true);
  });
});
