import { normaliseExample, type Workspace } from '@colloquy/core';
import { NEAR_MISS_KINDS, createRandom, domainTerms, generateCases, nearMiss } from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { AGENT } from '../support/bank.ts';
import { loadWorkspace, yaml } from '../support/workspace.ts';
import { casesOf, examplesByIntent, expectSeeded } from './helpers.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await exampleWorkspace();
});

/** A one-flow workspace whose intent has the given examples (and topics). */
function oneIntent(examples: readonly string[], topics: readonly string[] = []): Workspace {
  return loadWorkspace({
    'agent.yaml': AGENT,
    'flows/probe.flow.yaml': yaml`
      kind: flow
      version: 1
      id: probe
      title: Probe
      intents:
        probe_intent:
          examples: ${JSON.stringify(examples)}
          ${topics.length > 0 ? `topics: ${JSON.stringify(topics)}` : ''}
      start: done
      nodes:
        done: { say: "ok", end: resolved }
    `,
  });
}

describe('domainTerms', () => {
  it.each([
    ["I've lost my card", ['card']],
    ['my debit card has been stolen', ['debit card']],
    ['someone nicked my purse with my cards in it', ['purse', 'cards']],
    ['pay my builder 300 quid', ['pay', '300 quid']],
    ['send £50 to my mum', ['£50']],
    ['what is my account balance', ['account balance']],
  ])('finds the banking terms of %j', (example, terms) => {
    expect(domainTerms(example)?.map((m) => m.text)).toEqual(terms);
  });

  it.each([
    ['I was pickpocketed this morning', 'no term'],
    ['my bag was taken and my Northbank card was in it', 'a bank name no term covers'],
    ['am I overdrawn at the moment?', 'a banking word no term covers'],
    ['are you open on bank holidays', 'a bank holiday is not a bank'],
    ['I think I have been scammed out of my money', 'a sensitive matter'],
    ['what is a safe account', 'a sensitive matter'],
  ])('gives nothing for %j (%s)', (example) => {
    expect(domainTerms(example)).toBeUndefined();
  });
});

describe('nearMiss', () => {
  it('replaces every term, keeps the rest of the sentence, and fixes "a"/"an"', () => {
    const example = 'I left a card and my wallet in a taxi';
    const { text, replaced } = nearMiss(example, domainTerms(example)!, 'object', createRandom('fixed'));
    expect(replaced.map(([from]) => from)).toEqual(['card', 'wallet']);
    const [card, wallet] = replaced.map(([, to]) => to);
    expect(text).toBe(`I left ${/^[aeiou]/i.test(card!) ? 'an' : 'a'} ${card} and my ${wallet} in a taxi`);
  });

  it('qualifies the noun when asked to, so the nearest miss shares even the noun', () => {
    for (let i = 0; i < 20; i++) {
      const { text } = nearMiss("I've lost my card", domainTerms("I've lost my card")!, 'qualified', createRandom('q', i));
      expect(text).toMatch(/^I've lost my [\w ]+ card$/);
      expect(text).not.toBe("I've lost my card");
    }
  });

  it('sends something instead of paying money, and keeps a capital at the start', () => {
    const { text } = nearMiss('Pay my builder 300 quid', domainTerms('Pay my builder 300 quid')!, 'object', createRandom('pay'));
    expect(text).toMatch(/^Send my builder (a|an|some|the) [\w ]+$/);
  });
});

describe('near_miss generator', () => {
  it('is deterministic under a seed and changes with the seed', () => {
    expectSeeded((seed) => casesOf(workspace, 'near_miss', seed));
  });

  it('labels every case out-of-scope, made from one example by a named swap', () => {
    const examples = examplesByIntent(workspace);
    const cases = casesOf(workspace, 'near_miss');
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const source = c.sources[0]!;
      expect(c.sources).toHaveLength(1);
      expect(examples.get(source.intent)).toContain(source.utterance);
      expect(c).toMatchObject({ generator: 'near_miss', expectation: 'out-of-scope', accept: ['out-of-scope'], intents: [], policies: [], mustNotEcho: [] });
      expect(NEAR_MISS_KINDS).toContain(c.transformation);
      expect(c.detail).toMatch(/^replaced "[^"]+" with "[^"]+"/);
      expect(c.id).toMatch(new RegExp(`^near_miss/${source.intent}/\\d+$`));
    }
    expect(new Set(cases.map((c) => c.transformation))).toEqual(new Set(NEAR_MISS_KINDS));
  });

  it('never gives an example of any intent, nor its source, and leaves no banking noun behind an object swap', () => {
    const all = new Set([...examplesByIntent(workspace).values()].flat().map(normaliseExample));
    const cases = casesOf(workspace, 'near_miss', 'many', 12);
    for (const c of cases) {
      expect(all.has(normaliseExample(c.utterance)), c.utterance).toBe(false);
      expect(c.utterance).not.toBe(c.sources[0]!.utterance);
      if (c.transformation === 'object') expect(domainTerms(c.utterance), c.utterance).toBeUndefined();
      // Independently of the lexicon: the words that make these examples banking requests are gone.
      if (c.transformation === 'object') expect(c.utterance, c.utterance).not.toMatch(/\b(?:card|cards|account|balance|money|payment|branch|£\d)/i);
    }
  });

  it('makes no case for an intent with a topic, whose sensitive part would survive the swap', () => {
    expect(generateCases(oneIntent(["I've lost my card", 'what is my balance'], ['complaint']), { generators: ['near_miss'], seed: 's' })).toEqual([]);
    const plain = generateCases(oneIntent(["I've lost my card", 'what is my balance']), { generators: ['near_miss'], seed: 's', perIntent: 2 });
    expect(plain.map((c) => c.sources[0]!.utterance).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/card|balance/)]));
    expect(plain).toHaveLength(2);
  });

  it('makes fewer cases than asked when the examples allow no more, and none from examples it cannot use', () => {
    const cases = generateCases(oneIntent(["I've lost my card", 'I was pickpocketed this morning']), { generators: ['near_miss'], seed: 's', perIntent: 50 });
    expect(cases.length).toBeGreaterThan(3);
    expect(cases.length).toBeLessThan(50);
    expect(cases.every((c) => c.sources[0]!.utterance === "I've lost my card")).toBe(true);
    expect(new Set(cases.map((c) => c.utterance)).size).toBe(cases.length);
  });

  it('gives the example workspace the near misses the brief asks for', () => {
    const utterances = casesOf(workspace, 'near_miss', 'brief', 20).map((c) => c.utterance);
    expect(utterances.some((u) => /^I've lost my (?!card)[\w ]+$/.test(u))).toBe(true);
  });
});
