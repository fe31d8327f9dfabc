import { backgroundFor, cachedEmbedder, createModelRecognizer, EmbeddingCache, trainIntentClassifier, type IntentTraining, type LabelledEmbedding } from '@colloquy/nlu';
import { describe, expect, it } from 'vitest';
import { wordEmbedder } from './helpers.ts';

const TRAINING: IntentTraining[] = [
  { intent: 'lost_card', examples: ['lost card', 'card stolen', 'missing card', 'card gone lost', 'stolen bank card', 'lost my card'] },
  { intent: 'balance', examples: ['account balance', 'money balance', 'balance please', 'show balance', 'balance account money', 'my balance'] },
  { intent: 'transfer', examples: ['transfer money', 'send money', 'transfer funds', 'send funds sister', 'pay transfer', 'money transfer'] },
];

async function labelled(training: readonly IntentTraining[]): Promise<LabelledEmbedding[]> {
  const embedder = wordEmbedder();
  const examples = training.flatMap(({ intent, examples }) => examples.map((text) => ({ intent, text })));
  const vectors = await embedder.embed(examples.map((e) => e.text));
  return examples.map((e, i) => ({ ...e, embedding: vectors[i]! }));
}

describe('the intent classifier', () => {
  it('predicts the intent of utterances sharing words with its examples', async () => {
    const embedder = wordEmbedder();
    const recognizer = await createModelRecognizer({ embedder, intents: TRAINING });
    const [card, balance, transfer] = await recognizer.recognizeBatch(['card lost', 'balance', 'send money transfer']);
    expect([card!.intent, balance!.intent, transfer!.intent]).toEqual(['lost_card', 'balance', 'transfer']);
    for (const r of [card!, balance!, transfer!]) {
      expect(r.confidence).toBeGreaterThan(0.5);
      // What the out-of-scope class (background utterances) does not take.
      const total = r.ranking.reduce((sum, s) => sum + s.score, 0);
      expect(total).toBeGreaterThan(0.9);
      expect(total).toBeLessThanOrEqual(1);
    }
  });

  it('sends nonsense out of scope with the threshold it chose on held-out examples and background utterances', async () => {
    const recognizer = await createModelRecognizer({ embedder: wordEmbedder(), intents: TRAINING });
    expect(recognizer.classifier.hasOutOfScopeClass).toBe(true);
    expect(recognizer.thresholds.threshold).toBeGreaterThan(0);
    const nonsense = await recognizer.recognize('purple elephants sing opera tonight');
    expect(nonsense).toMatchObject({ intent: null, rejected: 'out_of_scope' });
    expect(await recognizer.recognize('lost my card')).toMatchObject({ intent: 'lost_card' });
  });

  it('without background utterances, a small workspace picks its threshold from a few held-out examples alone', async () => {
    const recognizer = await createModelRecognizer({ embedder: wordEmbedder(), intents: TRAINING, background: [] });
    expect(recognizer.classifier.hasOutOfScopeClass).toBe(false);
    // The failure the background utterances fix (docs/decisions/0009, addendum 3): nonsense is accepted.
    expect((await recognizer.recognize('purple elephants sing opera tonight')).intent).not.toBeNull();
  });

  it('leaves out background utterances close to the workspace\'s own examples', async () => {
    const embedder = wordEmbedder();
    const texts = ['lost card stolen', 'purple elephants sing'];
    const background = (await embedder.embed(texts)).map((embedding, i) => ({ text: texts[i]!, embedding }));
    const kept = backgroundFor(background, await labelled(TRAINING));
    expect(kept.map((b) => b.text)).toEqual(['purple elephants sing']);
  });

  it('trains the same whatever the order of the examples and repeats', async () => {
    const examples = await labelled(TRAINING);
    const shuffled = [...examples].reverse().concat(examples[0]!);
    const a = trainIntentClassifier(examples);
    const b = trainIntentClassifier(shuffled);
    expect(b.intents).toEqual(a.intents);
    expect(b.temperature).toBe(a.temperature);
    expect(b.threshold).toBe(a.threshold);
    expect(Array.from(b.model.weights)).toEqual(Array.from(a.model.weights));
  });

  it('chooses the threshold on out-of-scope examples when a validation set has them', async () => {
    const examples = await labelled(TRAINING);
    const embedder = wordEmbedder();
    const outOfScopeTexts = ['purple elephants', 'opera tonight sing', 'weather tomorrow rain'];
    const outOfScope = (await embedder.embed(outOfScopeTexts)).map((embedding, i) => ({ text: outOfScopeTexts[i]!, embedding }));
    const inScope = await labelled([
      { intent: 'lost_card', examples: ['card lost stolen', 'my card missing'] },
      { intent: 'balance', examples: ['balance money please', 'show my account'] },
      { intent: 'transfer', examples: ['send transfer', 'funds transfer sister'] },
    ]);
    const classifier = trainIntentClassifier(examples, {}, { inScope, outOfScope });
    for (const x of outOfScope) expect(Math.max(...classifier.probabilities(x.embedding, x.text))).toBeLessThan(classifier.threshold);
  });
  it('learns out-of-scope training utterances as a class it never reports', async () => {
    const examples = await labelled(TRAINING);
    const embedder = wordEmbedder();
    const texts = ['weather tomorrow rain', 'play some music', 'weather forecast sunny', 'music by the beatles'];
    const outOfScope = (await embedder.embed(texts)).map((embedding, i) => ({ text: texts[i]!, embedding }));
    const without = trainIntentClassifier(examples);
    const withNone = trainIntentClassifier(examples, {}, undefined, outOfScope);
    expect(withNone.hasOutOfScopeClass).toBe(true);
    expect(without.hasOutOfScopeClass).toBe(false);
    const [unseen] = await embedder.embed(['rain weather music']);
    const p = withNone.probabilities(unseen!);
    expect(p).toHaveLength(withNone.intents.length);
    // The out-of-scope class takes most of the probability from the intents for utterances like its examples.
    expect(Math.max(...p)).toBeLessThan(Math.max(...without.probabilities(unseen!)));
    expect(Math.max(...p)).toBeLessThan(0.5);
    const [card] = await embedder.embed(['lost card']);
    expect(withNone.intents[withNone.probabilities(card!).indexOf(Math.max(...withNone.probabilities(card!)))]).toBe('lost_card');
    // The order of the out-of-scope utterances does not matter.
    const reordered = trainIntentClassifier(examples, {}, undefined, [...outOfScope].reverse());
    expect(Array.from(reordered.model.weights)).toEqual(Array.from(withNone.model.weights));
  });
});

describe('the embedding cache', () => {
  it('embeds a text once: the second call costs no embedding', async () => {
    const inner = wordEmbedder();
    const embedder = cachedEmbedder(inner, new EmbeddingCache());
    const first = await embedder.embed(['lost card', 'balance', 'lost card']);
    expect(inner.calls).toEqual(['lost card', 'balance']);
    const second = await embedder.embed(['balance', 'lost card']);
    expect(inner.calls).toHaveLength(2);
    expect(second).toEqual([first[1], first[0]]);
  });

  it('keys by model hash and forgets the least recently used beyond its capacity', () => {
    const cache = new EmbeddingCache(2);
    const v = new Float32Array([1]);
    cache.set('a', 'x', v);
    expect(cache.get('b', 'x')).toBeUndefined();
    cache.set('a', 'y', v);
    cache.get('a', 'x');
    cache.set('a', 'z', v);
    expect(cache.get('a', 'y')).toBeUndefined();
    expect(cache.get('a', 'x')).toBe(v);
    expect(cache.size).toBe(2);
  });
});
