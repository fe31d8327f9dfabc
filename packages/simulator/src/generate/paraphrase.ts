/**
 * Paraphrase: an intent example with one or two content words swapped for
 * WordNet synonyms (`I want to close my account` → `I want to shut my
 * account`), kept only when a sentence encoder says the meaning survived
 * (SimilarityCheck: the sentence and each swapped word). The request is the
 * same, so the expectation is `same-intent`.
 *
 * Like `distinctCases`, attempt k for an intent draws from its own stream
 * seeded by (seed, `paraphrase`, intent, k) and cases are the first distinct
 * attempts that pass, so asking for more keeps the first ones; the attempts
 * are checked in rounds, each round's sentences embedded in one batch.
 */
import { ATTEMPTS_PER_CASE, finishCase, type GeneratedCase } from './generatedCase.ts';
import { replaceWords, type SubstitutableWord } from './lexicon/wordSubstitutes.ts';
import { createRandom, type Random } from './random.ts';
import type { SimilarityCheck } from './SimilarityCheck.ts';
import type { GeneratorContext, SourceIntent } from './sources.ts';

/** The most words one paraphrase swaps: more, and the similarity check rejects nearly everything. */
export const MAX_PARAPHRASE_SWAPS = 2;

export interface ParaphraseModel {
  readonly similarity: SimilarityCheck;
  /** The words of a text that have synonyms (`substitutableWords` over WordNet, memoised by the caller). */
  readonly substitutes: (text: string) => readonly SubstitutableWord[];
}

interface Swap {
  readonly from: string;
  readonly to: string;
}

interface Attempt {
  readonly example: string;
  readonly utterance: string;
  readonly swaps: readonly Swap[];
}

export async function paraphraseCases(context: GeneratorContext, model: ParaphraseModel, onIntentDone?: () => void): Promise<GeneratedCase[]> {
  const wanted = context.perIntent;
  const kept = new Map<SourceIntent, GeneratedCase[]>(context.intents.map((i) => [i, []]));
  const seen = new Map<SourceIntent, Set<string>>(context.intents.map((i) => [i, new Set(i.examples)]));
  const limit = wanted * ATTEMPTS_PER_CASE;
  const roundSize = Math.max(1, 2 * wanted);
  let open = context.intents.filter(() => wanted > 0);
  for (let from = 0; from < limit && open.length > 0; from += roundSize) {
    const attempts = open.map((intent) => {
      const round: (Attempt | undefined)[] = [];
      for (let k = from; k < Math.min(from + roundSize, limit); k++) round.push(attempt(intent, createRandom(context.seed, 'paraphrase', intent.intent, k), model.substitutes));
      return { intent, round };
    });
    const made = attempts.flatMap((a) => a.round.filter((x): x is Attempt => x !== undefined));
    await model.similarity.prepare(made.flatMap((a) => [a.example, a.utterance, ...a.swaps.flatMap((s) => [s.from.toLowerCase(), s.to.toLowerCase()])]));
    for (const { intent, round } of attempts) {
      const cases = kept.get(intent)!;
      for (const a of round) {
        if (cases.length >= wanted) break;
        if (!a || seen.get(intent)!.has(a.utterance) || !meaningKept(a, model.similarity)) continue;
        seen.get(intent)!.add(a.utterance);
        cases.push(finishCase('paraphrase', intent.intent, cases.length, draftOf(intent, a, model.similarity)));
      }
    }
    open = open.filter((intent) => {
      const done = kept.get(intent)!.length >= wanted || from + roundSize >= limit;
      if (done) onIntentDone?.();
      return !done;
    });
  }
  return context.intents.flatMap((i) => kept.get(i)!);
}

/** One attempt: an example, one or two of its substitutable words, a synonym for each. */
function attempt(intent: SourceIntent, random: Random, substitutes: ParaphraseModel['substitutes']): Attempt | undefined {
  const example = random.pick(intent.examples);
  const words = [...substitutes(example)];
  if (words.length === 0) return undefined;
  const count = 1 + random.int(Math.min(MAX_PARAPHRASE_SWAPS, words.length));
  const chosen: SubstitutableWord[] = [];
  for (let i = 0; i < count; i++) chosen.push(words.splice(random.int(words.length), 1)[0]!);
  chosen.sort((a, b) => a.start - b.start);
  const swaps = chosen.map((w) => ({ word: w, to: random.pick(w.synonyms) }));
  return {
    example,
    utterance: replaceWords(example, swaps.map((s) => ({ start: s.word.start, end: s.word.end, text: s.to }))),
    swaps: swaps.map((s) => ({ from: s.word.text, to: s.to })),
  };
}

function meaningKept(a: Attempt, similarity: SimilarityCheck): boolean {
  return similarity.sentenceKept(a.example, a.utterance) && a.swaps.every((s) => similarity.wordKept(s.from, s.to));
}

function draftOf(intent: SourceIntent, a: Attempt, similarity: SimilarityCheck) {
  return {
    transformation: a.swaps.length === 1 ? 'synonym' : 'synonyms',
    detail: `${a.swaps.map((s) => `"${s.from}" → "${s.to}"`).join(', ')} (WordNet; similarity ${similarity.similarity(a.example, a.utterance).toFixed(2)})`,
    utterance: a.utterance,
    sources: [{ flow: intent.flow, intent: intent.intent, utterance: a.example }],
    expectation: 'same-intent' as const,
    intents: [intent.intent],
  };
}
