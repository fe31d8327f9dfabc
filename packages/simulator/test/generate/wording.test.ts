import { LONG_INPUT_MIN_LENGTH, WORDING_KINDS, generateCases } from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@colloquy/core';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { casesOf, examplesByIntent, expectSeeded, loose } from './helpers.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await exampleWorkspace();
});

describe('wording generator', () => {
  it('is deterministic under a seed and changes with the seed', () => {
    expectSeeded((seed) => casesOf(workspace, 'wording', seed));
  });

  it('labels every case as the same intent as its source example', () => {
    const examples = examplesByIntent(workspace);
    for (const c of casesOf(workspace, 'wording')) {
      const source = c.sources[0]!;
      expect(examples.get(source.intent)).toContain(source.utterance);
      expect(WORDING_KINDS).toContain(c.transformation);
      expect(c).toMatchObject({ generator: 'wording', expectation: 'same-intent', accept: ['same-intent'], intents: [source.intent] });
    }
  });

  it('keeps the request word for word and makes long input long', () => {
    const cases = generateCases(workspace, { generators: ['wording'], seed: 'limits', perIntent: 10 });
    expect(new Set(cases.map((c) => c.transformation))).toEqual(new Set(WORDING_KINDS));
    for (const c of cases) {
      const source = c.sources[0]!.utterance;
      if (c.transformation === 'filler') {
        // The source's words appear in order, with fillers between them.
        const words = c.utterance.split(' ');
        let at = 0;
        for (const word of source.split(' ')) {
          at = words.indexOf(word, at) + 1;
          expect(at, `${c.id}: ${c.utterance}`).toBeGreaterThan(0);
        }
        expect(words.length).toBeGreaterThan(source.split(' ').length);
      } else {
        expect(c.utterance.toLowerCase(), c.id).toContain(loose(source));
        expect(c.utterance.length).toBeGreaterThan(source.length);
      }
      if (c.transformation === 'long') expect(c.utterance.length).toBeGreaterThanOrEqual(LONG_INPUT_MIN_LENGTH);
      if (c.transformation === 'run_on') expect(c.utterance.toLowerCase().replace(loose(source), '')).not.toMatch(/[.!?] /);
    }
  });
});
