import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@colloquy/core';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { casesOf, expectSeeded, loose } from './helpers.ts';

let workspace: Workspace;
let topicsOf: Map<string, readonly string[]>;
beforeAll(async () => {
  workspace = await exampleWorkspace();
  topicsOf = new Map(workspace.flows.flatMap((f) => Object.entries(f.data.intents ?? {}).map(([id, def]) => [id, def.topics ?? []] as const)));
});

describe('multi_intent generator', () => {
  it('is deterministic under a seed and changes with the seed', () => {
    expectSeeded((seed) => casesOf(workspace, 'multi_intent', seed));
  });

  it('joins examples of two different intents and keeps both', () => {
    for (const c of casesOf(workspace, 'multi_intent')) {
      const [a, b] = c.sources;
      expect(c.sources).toHaveLength(2);
      expect(a!.intent).not.toBe(b!.intent);
      expect(c.id.split('/')[1]).toBe(a!.intent);
      for (const part of [a!, b!]) expect(c.utterance.toLowerCase()).toContain(loose(part.utterance).slice(1));
    }
  });

  it('expects either intent, or a person when either half is on a policy topic', () => {
    const cases = casesOf(workspace, 'multi_intent', 'seed-a', 6);
    const sensitive = (intent: string) => (topicsOf.get(intent) ?? []).length > 0;
    expect(cases.some((c) => c.expectation === 'handoff')).toBe(true);
    expect(cases.some((c) => c.expectation === 'same-intent')).toBe(true);
    for (const c of cases) {
      const [a, b] = c.sources.map((s) => s.intent) as [string, string];
      if (sensitive(a) || sensitive(b)) {
        expect(c).toMatchObject({ expectation: 'handoff', accept: ['handoff'], intents: [], policies: ['sensitive_topics_reach_human'] });
        expect([...(topicsOf.get(a) ?? []), ...(topicsOf.get(b) ?? [])]).toContain(c.topic);
      } else {
        expect(c).toMatchObject({ expectation: 'same-intent', accept: ['same-intent'], intents: [a, b], policies: [] });
        expect(c.topic).toBeUndefined();
      }
    }
  });
});
