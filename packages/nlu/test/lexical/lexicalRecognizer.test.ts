import { createLexicalRecognizer, RANKING_SIZE, type IntentTraining, type Recognition } from '@colloquy/nlu';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const TRAINING: IntentTraining[] = [
  { intent: 'lost_card', examples: ['I lost my card', 'my card was stolen', 'I cannot find my bank card', 'someone took my wallet with my card'] },
  { intent: 'balance', examples: ['what is my balance', 'how much money do I have', 'show my account balance', 'how much is in my account'] },
  { intent: 'transfer', examples: ['send money to my sister', 'transfer 50 pounds', 'pay my landlord', 'make a bank transfer'] },
  { intent: 'greet', examples: ['hello', 'hi there', 'good morning'] },
  { intent: 'opening_hours', examples: ['when are you open', 'what are your opening hours', 'are you open on sunday'] },
];

const UTTERANCES = ['I lost my card', 'how much money is there', 'send 20 pounds to my sister', 'hello', 'tell me a joke', '', 'card', 'open', 'what is open on sunday'];

/** A different order of the same training data: intents reversed, each intent's examples rotated, one example repeated. */
function reordered(training: readonly IntentTraining[]): IntentTraining[] {
  return [...training].reverse().map(({ intent, examples }) => ({ intent, examples: [...examples.slice(1), examples[0]!, examples[0]!] }));
}

/**
 * Hostile input: empty, emoji, control characters, right-to-left text and
 * overrides, lone surrogates, zero-width characters, and very long text.
 */
const HOSTILE = [
  '',
  ' \t\r\n ',
  '😀🎉👍🏽🏳️‍🌈',
  '\u0000\u0001\u0002\u001b[2J\u007f',
  '\u202Ecard lost\u202C',
  '\u200f\u200e\u200b\ufeff',
  'مرحبا، فقدت بطاقتي',
  'אני רוצה להעביר כסף',
  '\ud800\udc00\udfff\ud800',
  'Z̴̡̛͉̈́a̸̢͓͋l̷̰̈g̷̣̈o̴͎͆',
  'x'.repeat(100_000),
  'lost card '.repeat(10_000),
  `${'🙂'.repeat(50_000)} balance`,
  ' '.repeat(100_000),
];

describe('the lexical recognizer', () => {
  const recognizer = createLexicalRecognizer({ intents: TRAINING, threshold: 0.5 });

  it('recognises an utterance like the examples, and rejects one unlike them', () => {
    expect(recognizer.recognizeSync('I have lost my card').intent).toBe('lost_card');
    const joke = recognizer.recognizeSync('tell me a joke about cats');
    expect(joke).toMatchObject({ intent: null, rejected: 'out_of_scope' });
  });

  it('reports empty and symbol-only utterances as empty, not out of scope', () => {
    for (const text of ['', '   ', '?!', '😀😀']) expect(recognizer.recognizeSync(text)).toMatchObject({ intent: null, confidence: 0, ranking: [], rejected: 'empty' });
  });

  it('applies the threshold: below it no intent, but the confidence and ranking are still reported', () => {
    const utterance = 'card';
    const lenient = createLexicalRecognizer({ intents: TRAINING, threshold: 0 }).recognizeSync(utterance);
    const strict = createLexicalRecognizer({ intents: TRAINING, threshold: Math.min(1, lenient.confidence + 0.01) }).recognizeSync(utterance);
    expect(lenient.intent).toBe(lenient.ranking[0]!.intent);
    expect(strict).toMatchObject({ intent: null, rejected: 'out_of_scope', confidence: lenient.confidence, ranking: lenient.ranking });
  });

  it('applies the margin: two intents scoring alike make the utterance ambiguous', () => {
    // Given two intents trained on the same words,
    const twins = [
      { intent: 'freeze_card', examples: ['block my card'] },
      { intent: 'cancel_card', examples: ['block my card'] },
    ];
    // then with a margin neither wins,
    const withMargin = createLexicalRecognizer({ intents: twins, threshold: 0.3, margin: 0.05 }).recognizeSync('block my card');
    expect(withMargin).toMatchObject({ intent: null, rejected: 'ambiguous' });
    expect(withMargin.ranking.map((r) => r.intent).sort()).toEqual(['cancel_card', 'freeze_card']);
    // and without one, the tie goes to the first name in alphabetical order, whatever the training order.
    for (const intents of [twins, [...twins].reverse()]) {
      expect(createLexicalRecognizer({ intents, threshold: 0.3 }).recognizeSync('block my card').intent).toBe('cancel_card');
    }
  });

  it('gives the same result whatever the order of the training data', () => {
    const other = createLexicalRecognizer({ intents: reordered(TRAINING), threshold: 0.5 });
    for (const utterance of UTTERANCES) expect(other.recognizeSync(utterance), utterance).toEqual(recognizer.recognizeSync(utterance));
  });

  it('gives the same result every time, however many other utterances came between', () => {
    const first = UTTERANCES.map((u) => recognizer.recognizeSync(u));
    // More distinct utterances than the recognizer remembers, so the second round is computed afresh.
    for (let i = 0; i < 1_000; i++) recognizer.recognizeSync(`utterance number ${i} about my card`);
    const second = UTTERANCES.map((u) => recognizer.recognizeSync(u));
    const fresh = createLexicalRecognizer({ intents: TRAINING, threshold: 0.5 });
    expect(second).toEqual(first);
    expect(UTTERANCES.map((u) => fresh.recognizeSync(u))).toEqual(first);
  });

  it('hands out recognitions nobody can change, as they are shared between callers', () => {
    const recognition = recognizer.recognizeSync('I lost my card') as Recognition & { ranking: unknown[]; slots: Record<string, unknown> };
    expect(() => recognition.ranking.push({ intent: 'x', score: 1 })).toThrow(TypeError);
    expect(() => (recognition.slots.card = '1234')).toThrow(TypeError);
    expect(recognizer.recognizeSync('I lost my card').ranking.map((r) => r.intent)).not.toContain('x');
  });

  it('answers recognize, recognizeBatch and recognizeSync alike', async () => {
    const batch = await recognizer.recognizeBatch(UTTERANCES);
    const one = await Promise.all(UTTERANCES.map((u) => recognizer.recognize(u)));
    expect(batch).toEqual(one);
    expect(batch).toEqual(UTTERANCES.map((u) => recognizer.recognizeSync(u)));
    expect(await recognizer.recognizeBatch([])).toEqual([]);
  });

  it('lists at most RANKING_SIZE intents, best first, with scores between 0 and 1', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ intent: `intent_${String(i).padStart(2, '0')}`, examples: [`my card problem number ${i}`, `card issue ${i}`] }));
    const ranking = createLexicalRecognizer({ intents: many, threshold: 0.5 }).recognizeSync('a problem with my card').ranking;
    expect(ranking).toHaveLength(RANKING_SIZE);
    for (let i = 1; i < ranking.length; i++) expect(ranking[i]!.score).toBeLessThanOrEqual(ranking[i - 1]!.score);
    for (const { score } of ranking) expect(score >= 0 && score <= 1).toBe(true);
  });

  it('never throws on hostile input, and stays fast', () => {
    for (const text of HOSTILE) {
      const start = performance.now();
      const recognition = recognizer.recognizeSync(text);
      expect(performance.now() - start, JSON.stringify(text.slice(0, 20))).toBeLessThan(100);
      expect(recognition.confidence).toBeGreaterThanOrEqual(0);
      expect(recognition.confidence).toBeLessThanOrEqual(1);
      expect(recognition.intent === null || TRAINING.some((t) => t.intent === recognition.intent)).toBe(true);
    }
    expect(recognizer.recognizeSync('\u202Ecard lost\u202C').intent).toBe('lost_card');
    expect(recognizer.recognizeSync(null as never)).toMatchObject({ intent: null, rejected: 'empty' });
  });

  it('recognises the same whatever the case, accents and punctuation', () => {
    const plain = recognizer.recognizeSync('what is my balance');
    for (const variant of ['WHAT IS MY BALANCE???', 'What is my balance.', 'whát ís my bálance', 'ｗｈａｔ ｉｓ ｍｙ ｂａｌａｎｃｅ']) {
      expect(recognizer.recognizeSync(variant), variant).toEqual(plain);
    }
  });

  it('works with any training data, even none', () => {
    const none = createLexicalRecognizer({ intents: [], threshold: 0.5 }).recognizeSync('hello');
    expect(none).toMatchObject({ intent: null, ranking: [], rejected: 'out_of_scope' });
    const noExamples = createLexicalRecognizer({ intents: [{ intent: 'a', examples: ['', '  ', '!!!'] }], threshold: 0.5 }).recognizeSync('hello');
    expect(noExamples.intent).toBeNull();
    const odd = createLexicalRecognizer({ intents: [{ intent: '__proto__', examples: ['hello there'] }, { intent: 'constructor', examples: ['goodbye'] }], threshold: 0.3 });
    expect(odd.recognizeSync('hello').intent).toBe('__proto__');
  });

  it('never throws and stays in range for any text (generated)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const recognition = recognizer.recognizeSync(text);
        expect(recognition.confidence >= 0 && recognition.confidence <= 1).toBe(true);
        expect(recognition.intent === null ? recognition.rejected !== undefined : recognition.confidence >= 0.5).toBe(true);
        expect(createLexicalRecognizer({ intents: reordered(TRAINING), threshold: 0.5 }).recognizeSync(text)).toEqual(recognition);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
