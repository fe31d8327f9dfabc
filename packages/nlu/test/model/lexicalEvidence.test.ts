import {
  addLexicalEvidence,
  createModelRecognizer,
  DEFAULT_LEXICAL_WEIGHT,
  lexicalEvidence,
  trainIntentClassifier,
  type Embedder,
  type IntentTraining,
  type LabelledEmbedding,
} from '@colloquy/nlu';
import { describe, expect, it } from 'vitest';
import { wordEmbedder } from './helpers.ts';

/** An embedder that cannot tell "unfreeze" from "freeze" (it drops a leading "un"), as USE lite blurs close wordings. */
function blurryEmbedder(): Embedder {
  const words = wordEmbedder();
  return { ...words, modelId: 'blurry', embed: (texts) => words.embed(texts.map((text) => text.replace(/\bun/gi, ''))) };
}

const TRAINING: IntentTraining[] = [
  { intent: 'freeze_card', examples: ['freeze my card', 'block my card', 'freeze the card please', 'lock my card', 'freeze card now', 'block the card'] },
  { intent: 'unfreeze_card', examples: ['unfreeze my card', 'unblock my card', 'unfreeze the card please', 'unlock my card', 'unfreeze card now', 'unblock the card'] },
  { intent: 'balance', examples: ['account balance', 'money balance', 'balance please', 'show balance', 'balance account money', 'my balance'] },
];

async function labelled(embedder: Embedder, training: readonly IntentTraining[]): Promise<LabelledEmbedding[]> {
  const examples = training.flatMap(({ intent, examples }) => examples.map((text) => ({ intent, text })));
  const vectors = await embedder.embed(examples.map((e) => e.text));
  return examples.map((e, i) => ({ ...e, embedding: vectors[i]! }));
}

describe('lexical evidence', () => {
  it('adds the weighted lexical confidences to the intents and leaves the out-of-scope class alone', () => {
    const logits = Float64Array.from([1, 2, 3, 4]);
    expect(Array.from(addLexicalEvidence(logits, Float64Array.from([0.5, 0, 1]), 2))).toEqual([2, 2, 5, 4]);
  });

  it('scores every intent in the classifier order, an exact example highest', () => {
    const examples = TRAINING.flatMap(({ intent, examples }) => examples.map((text) => ({ intent, text })));
    const evidence = lexicalEvidence(examples, ['balance', 'freeze_card', 'unfreeze_card']);
    expect(evidence.weight).toBe(DEFAULT_LEXICAL_WEIGHT);
    const scores = evidence.scores('unfreeze my card');
    expect(scores).toHaveLength(3);
    expect(scores[2]!).toBeGreaterThan(scores[1]!);
    expect(scores[1]!).toBeGreaterThan(scores[0]!);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
  });

  it('separates intents the embedding blurs when the wording matches an example', async () => {
    // Given an embedder that maps "unfreeze my card" and "freeze my card" to the same vector
    const alone = await createModelRecognizer({ embedder: blurryEmbedder(), intents: TRAINING, tuning: { lexicalWeight: 0 } });
    const combined = await createModelRecognizer({ embedder: blurryEmbedder(), intents: TRAINING });
    // When both recognise the exact wording of an unfreeze example
    const [before] = await alone.recognizeBatch(['unfreeze my card']);
    const [after] = await combined.recognizeBatch(['unfreeze my card']);
    // Then the embedding alone cannot choose (freeze and unfreeze score alike), and the combination picks unfreeze
    const score = (r: typeof before, intent: string) => r!.ranking.find((s) => s.intent === intent)?.score ?? 0;
    expect(Math.abs(score(before, 'unfreeze_card') - score(before, 'freeze_card'))).toBeLessThan(0.05);
    expect(after!.ranking[0]!.intent).toBe('unfreeze_card');
    expect(score(after, 'unfreeze_card')).toBeGreaterThan(score(after, 'freeze_card') + 0.15);
    const [freeze] = await combined.recognizeBatch(['freeze my card']);
    expect(freeze!.ranking[0]!.intent).toBe('freeze_card');
    expect(combined.classifier.temperature).toBeGreaterThanOrEqual(1);
  });

  it('keeps scores in 0..1 and recognitions deterministic whatever the order of the examples', async () => {
    const embedder = blurryEmbedder();
    const examples = await labelled(embedder, TRAINING);
    const a = trainIntentClassifier(examples, { lexicalWeight: DEFAULT_LEXICAL_WEIGHT });
    const b = trainIntentClassifier([...examples].reverse(), { lexicalWeight: DEFAULT_LEXICAL_WEIGHT });
    expect(b.temperature).toBe(a.temperature);
    expect(b.threshold).toBe(a.threshold);
    const [x] = await embedder.embed(['please unblock the card']);
    const pa = a.probabilities(x!, 'please unblock the card');
    expect(Array.from(b.probabilities(x!, 'please unblock the card'))).toEqual(Array.from(pa));
    for (const p of pa) expect(p).toBeGreaterThanOrEqual(0);
    expect(pa.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
  });
});
