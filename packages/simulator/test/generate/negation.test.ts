import { negate } from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@colloquy/core';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { casesOf, examplesByIntent, expectSeeded } from './helpers.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await exampleWorkspace();
});

describe('negate', () => {
  it.each([
    ['I want to close my account', "I don't want to close my account"],
    ["I'd like to leave Northbank", "I wouldn't like to leave Northbank"],
    ["I've lost my card", "I haven't lost my card"],
    ['I have lost my card', "I haven't lost my card"],
    ['I have a question about fees', "I don't have a question about fees"],
    ["I'm switching to another bank", "I'm not switching to another bank"],
    ['Cancel my card please', "please don't cancel my card"],
    ['close account', "please don't close account"],
  ])('negates %j', (example, negated) => {
    expect(negate(example)?.text).toBe(negated);
  });

  it.each([
    ["I don't want to bank with you any more", 'already negated'],
    ['I never got my card', 'already negated'],
    ["I've been robbed and they took my cards", 'two clauses'],
    ['cancel my card, it is lost', 'two clauses'],
    ['what is my balance', 'no rule applies'],
    ['how do I let the bank know I have moved', 'the verb is not at the start'],
  ])('leaves %j alone (%s)', (example) => {
    expect(negate(example)).toBeUndefined();
  });
});

describe('negation generator', () => {
  it('is deterministic under a seed and changes with the seed', () => {
    expectSeeded((seed) => casesOf(workspace, 'negation', seed));
  });

  it('expects out-of-scope (or a person), never the negated intent', () => {
    const examples = examplesByIntent(workspace);
    const cases = casesOf(workspace, 'negation');
    expect(cases.length).toBeGreaterThan(examples.size);
    for (const c of cases) {
      const source = c.sources[0]!;
      expect(examples.get(source.intent)).toContain(source.utterance);
      expect(c).toMatchObject({ generator: 'negation', transformation: 'negation', expectation: 'out-of-scope', accept: ['out-of-scope', 'handoff'], intents: [] });
      expect(c.utterance).toBe(negate(source.utterance)!.text);
      expect(c.utterance).toMatch(/n't|\bnot\b/);
    }
  });

  it('makes the close_account case the brief asks for', () => {
    const cases = casesOf(workspace, 'negation', 'seed-a', 20).filter((c) => c.sources[0]!.intent === 'close_account');
    expect(cases.map((c) => c.utterance)).toContain("I don't want to close my account");
  });
});
