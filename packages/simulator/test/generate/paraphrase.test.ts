/**
 * The paraphrase generator with the real Universal Sentence Encoder (the
 * packaged weights, offline; loaded once for the file) and WordNet: seeded and
 * deterministic, labelled with its source and `same-intent`, and a swap that
 * changes the meaning is rejected by the similarity check, not just unlucky.
 */
import { cachedEmbedder, EmbeddingCache, type Embedder } from '@colloquy/nlu';
import { loadUseEmbedder } from '@colloquy/nlu/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_PARAPHRASE_SWAPS,
  MIN_SENTENCE_SIMILARITY,
  MIN_WORD_SIMILARITY,
  modelGuidedCases,
  sentenceWords,
  SimilarityCheck,
  substitutableWords,
  type GeneratedCase,
  type WordNet,
} from '@colloquy/simulator';
import { loadWordNet } from '@colloquy/simulator/node';
import { FOUR_INTENTS, fourIntentWorkspace } from '../support/fourIntents.ts';

const workspace = fourIntentWorkspace();
let use: Embedder;
let wordNet: WordNet;

beforeAll(async () => {
  // One cache for the file: the second run of a seed embeds nothing new.
  use = cachedEmbedder(await loadUseEmbedder(), new EmbeddingCache());
  wordNet = await loadWordNet();
}, 60_000);
afterAll(() => use?.dispose());

async function paraphrases(seed: string, perIntent = 3): Promise<readonly GeneratedCase[]> {
  return (await modelGuidedCases(workspace, { seed, perIntent, generators: ['paraphrase'], embedder: use, wordNet })).cases;
}

describe('paraphrase', { timeout: 60_000 }, () => {
  it('is the same for the same seed, differs for another, and asking for more keeps the first ones', async () => {
    const first = await paraphrases('seed-a');
    expect(first.length).toBeGreaterThan(4);
    expect(JSON.stringify(await paraphrases('seed-a'))).toBe(JSON.stringify(first));
    expect(JSON.stringify(await paraphrases('seed-b'))).not.toBe(JSON.stringify(first));
    const more = await paraphrases('seed-a', 4);
    for (const intent of Object.keys(FOUR_INTENTS)) {
      const few = first.filter((c) => c.intents[0] === intent);
      expect(more.filter((c) => c.intents[0] === intent).slice(0, few.length)).toEqual(few);
    }
  });

  it('labels each case with its source example and expects the same intent; only one or two words change, for WordNet synonyms', async () => {
    const cases = await paraphrases('seed-a');
    for (const c of cases) {
      expect(c).toMatchObject({ generator: 'paraphrase', expectation: 'same-intent', accept: ['same-intent'] });
      expect(c.id).toMatch(new RegExp(`^paraphrase/${c.intents[0]}/\\d+$`));
      const [source] = c.sources;
      expect(c.sources).toHaveLength(1);
      expect(source!.intent).toBe(c.intents[0]);
      expect(FOUR_INTENTS[source!.intent]).toContain(source!.utterance);
      expect(c.utterance).not.toBe(source!.utterance);
      // The source's words outside the swapped ones are all still there, in order.
      const offered = substitutableWords(source!.utterance, wordNet);
      const kept = sentenceWords(source!.utterance).filter((w) => !offered.some((o) => o.start === w.start));
      expect(c.utterance).toMatch(new RegExp(kept.map((w) => w.text).join('.*')));
      const swaps = [...c.detail.matchAll(/"([^"]+)" → "([^"]+)"/g)];
      expect(swaps.length).toBeGreaterThanOrEqual(1);
      expect(swaps.length).toBeLessThanOrEqual(MAX_PARAPHRASE_SWAPS);
      for (const [, from, to] of swaps) expect(offered.find((o) => o.text === from)?.synonyms).toContain(to);
    }
    // Unique per intent, and never an example itself.
    expect(new Set(cases.map((c) => `${c.intents[0]} ${c.utterance}`)).size).toBe(cases.length);
    expect(cases.some((c) => Object.values(FOUR_INTENTS).flat().includes(c.utterance))).toBe(false);
  });

  it('keeps only paraphrases the encoder places close to their source, and each swapped word close to the word it replaces', async () => {
    const cases = await paraphrases('seed-a', 6);
    const check = new SimilarityCheck(use);
    const swaps = cases.flatMap((c) => [...c.detail.matchAll(/"([^"]+)" → "([^"]+)"/g)].map(([, from, to]) => [from!.toLowerCase(), to!.toLowerCase()] as const));
    await check.prepare([...cases.flatMap((c) => [c.utterance, c.sources[0]!.utterance]), ...swaps.flat()]);
    for (const c of cases) expect(check.similarity(c.sources[0]!.utterance, c.utterance), c.utterance).toBeGreaterThanOrEqual(MIN_SENTENCE_SIMILARITY);
    for (const [from, to] of swaps) expect(check.similarity(from, to), `${from} -> ${to}`).toBeGreaterThanOrEqual(MIN_WORD_SIMILARITY);
  });

  it('rejects a WordNet synonym of another sense that changes the meaning, by the sentence or by the word', async () => {
    // `account` as a story: WordNet offers it, and the check turns it down.
    const example = 'I want to close my account';
    expect(substitutableWords(example, wordNet).find((w) => w.text === 'account')?.synonyms).toContain('story');
    const check = new SimilarityCheck(use);
    const savings = 'how do I close my savings account';
    await check.prepare([example, 'I want to close my story', 'I want to shut my account', savings, 'how do I close my savings history', 'account', 'story', 'history', 'close', 'shut']);
    expect(check.sentenceKept(example, 'I want to close my story')).toBe(false);
    expect(check.sentenceKept(example, 'I want to shut my account') && check.wordKept('close', 'shut')).toBe(true);
    // The sentence alone would let `savings history` through; the word check does not.
    expect(check.sentenceKept(savings, 'how do I close my savings history')).toBe(true);
    expect(check.wordKept('account', 'history')).toBe(false);
    // And no paraphrase, with any seed tried here, swaps `account` for another sense.
    const cases = [...(await paraphrases('seed-a', 6)), ...(await paraphrases('seed-b', 6))];
    expect(cases.filter((c) => /"account" → "(story|history|report|business relationship)"/.test(c.detail))).toEqual([]);
    expect(cases.some((c) => c.detail.includes('"close" → "shut'))).toBe(true);
  });
});
