/**
 * The model-guided generators (`paraphrase`, `adversarial`): asynchronous,
 * because they ask a sentence encoder whether a change kept the meaning and,
 * for `adversarial`, ask the recognizer under test what it makes of each
 * change. Run this first and hand the result to `simulate` (or
 * `simulateWithRecognizer`) as `modelGuided`: the simulation itself stays
 * synchronous and deterministic, with these cases in GENERATOR_NAMES order.
 *
 * A flow whose test file has a `simulate:` block (`flows`, resolved by
 * `flowGenerations`) gets its own generators, cases per intent and seed, as
 * in `generateCases`: the other flows' cases come first, then each
 * configured flow's.
 *
 * Deterministic when the encoder and the recognizer are: every attack's
 * sentences are asked in the same rounds, in the same order, on every run.
 */
import type { Workspace } from '@colloquy/core';
import type { Embedder, Recognition, Recognizer } from '@colloquy/nlu';
import { ATTACK_QUERY_BUDGET, attackCases, attackSearch, attackSources, type AttackRecord, type AttackSearch, type SearchAnswer, type SearchRequest } from './adversarial.ts';
import type { FlowGeneration } from './flowSettings.ts';
import { generatorContext } from './generateCases.ts';
import { MODEL_GUIDED_GENERATORS, type GeneratedCase, type GeneratorName, type ModelGuidedGeneratorName } from './generatedCase.ts';
import type { WordNet } from './lexicon/WordNet.ts';
import { isKnownWord, substitutableWords, type SubstitutableWord } from './lexicon/wordSubstitutes.ts';
import { paraphraseCases } from './paraphrase.ts';
import { SimilarityCheck } from './SimilarityCheck.ts';
import type { GeneratorContext } from './sources.ts';

export interface ModelGuidedOptions {
  readonly seed: string;
  /** Paraphrases per intent, and source examples attacked per intent. Default 3 (DEFAULT_PER_INTENT). */
  readonly perIntent?: number;
  /** Only this flow's intents. */
  readonly flow?: string;
  /** Which generators to run; others named here are ignored. Default: both. */
  readonly generators?: readonly GeneratorName[];
  /** Flows made with their own settings (test files' `simulate:` blocks, from `flowGenerations`); the options above apply to the rest. */
  readonly flows?: readonly FlowGeneration[];
  /**
   * The sentence encoder of the meaning check. The thresholds were chosen
   * with the Universal Sentence Encoder (`loadUseEmbedder`), so use that one.
   * Wrap it with `cachedEmbedder`, and give the `use` recognizer the same
   * wrapped encoder: a candidate embedded for the check is then recognised
   * without a second embedding.
   */
  readonly embedder: Embedder;
  /** The recognizer under test, for `adversarial` (which is skipped without one). */
  readonly recognizer?: Pick<Recognizer, 'recognizeBatch'>;
  /** The lexical database (`loadWordNet` from `@colloquy/simulator/node`). */
  readonly wordNet: WordNet;
  /** Sentences each adversarial search may send to the models. Default ATTACK_QUERY_BUDGET. */
  readonly budget?: number;
  /** Called as intents are paraphrased and sources attacked, with how many are done out of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The model-guided cases of one run, with what they were made for, so `simulate` can check it got the right ones. */
export interface ModelGuidedCases {
  readonly seed: string;
  readonly perIntent: number;
  readonly flow: string | null;
  /** The generators that ran for some flow, in GENERATOR_NAMES order. */
  readonly generators: readonly ModelGuidedGeneratorName[];
  /** Their cases, paraphrases first. */
  readonly cases: readonly GeneratedCase[];
  /** One record per attacked source example, in case order (empty when `adversarial` did not run). */
  readonly attacks: readonly AttackRecord[];
}

export async function modelGuidedCases(workspace: Workspace, options: ModelGuidedOptions): Promise<ModelGuidedCases> {
  const context = generatorContext(workspace, options);
  const budget = options.budget ?? ATTACK_QUERY_BUDGET;
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`budget must be a whole number from 1, got ${budget}`);
  const runnable = (names: readonly GeneratorName[]): ModelGuidedGeneratorName[] =>
    MODEL_GUIDED_GENERATORS.filter((g) => names.includes(g) && (g !== 'adversarial' || options.recognizer !== undefined));
  // The intents made with the run's settings, then each configured flow's with its own (as generateCases orders them).
  const configured = (options.flows ?? []).filter((f) => context.intents.some((i) => i.flow === f.flow));
  const groups: GeneratorContext[] = [
    { ...context, intents: context.intents.filter((i) => !configured.some((f) => f.flow === i.flow)) },
    ...configured.map((f) => ({ ...context, seed: f.seed, perIntent: f.perIntent, intents: context.intents.filter((i) => i.flow === f.flow) })),
  ];
  const generatorsOf = [runnable(options.generators ?? MODEL_GUIDED_GENERATORS), ...configured.map((f) => runnable(f.generators))];
  const groupsRunning = (name: ModelGuidedGeneratorName): number[] => groups.flatMap((group, k) => (generatorsOf[k]!.includes(name) && group.intents.length > 0 ? [k] : []));
  const similarity = new SimilarityCheck(options.embedder);
  const substitutes = memoised((text: string) => substitutableWords(text, options.wordNet));
  const isWord = (word: string) => isKnownWord(word, options.wordNet);

  const paraphrased = groupsRunning('paraphrase');
  const sources = groupsRunning('adversarial').flatMap((k) => groups[k]!.intents.flatMap((intent) => attackSources(intent, groups[k]!.seed, groups[k]!.perIntent)));
  const total = paraphrased.reduce((n, k) => n + groups[k]!.intents.length, 0) + sources.length;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);

  const paraphrases: GeneratedCase[] = [];
  for (const k of paraphrased) paraphrases.push(...(await paraphraseCases(groups[k]!, { similarity, substitutes }, progress)));
  const attacks = sources.length > 0 ? await runSearches(sources.map((s) => attackSearch(s, { similarity, substitutes, isWord, budget })), similarity, options.recognizer!, progress) : [];
  return {
    seed: context.seed,
    perIntent: context.perIntent,
    flow: options.flow ?? null,
    generators: MODEL_GUIDED_GENERATORS.filter((g) => generatorsOf.some((names) => names.includes(g))),
    cases: [...paraphrases, ...attackCases(attacks)],
    attacks,
  };
}

/**
 * Runs the searches side by side: each round, every unfinished search says
 * what it needs; the round's sentences go to the encoder in one call and to
 * the recognizer in one call (each distinct text once), and each search is
 * resumed with its answer.
 */
async function runSearches(
  searches: readonly AttackSearch[],
  similarity: SimilarityCheck,
  recognizer: Pick<Recognizer, 'recognizeBatch'>,
  onDone: () => void,
): Promise<AttackRecord[]> {
  const results: (AttackRecord | undefined)[] = searches.map(() => undefined);
  let pending: { index: number; request: SearchRequest }[] = [];
  const advance = (index: number, answer: SearchAnswer): void => {
    const step = searches[index]!.next(answer);
    if (step.done) {
      results[index] = step.value;
      onDone();
    } else pending.push({ index, request: step.value });
  };
  searches.forEach((_, index) => advance(index, undefined));
  while (pending.length > 0) {
    const round = pending;
    pending = [];
    await similarity.prepare(round.flatMap((p) => (p.request.kind === 'embed' ? p.request.texts : [])));
    const toRecognise = [...new Set(round.flatMap((p) => (p.request.kind === 'recognize' ? p.request.texts : [])))];
    const recognitions = new Map<string, Recognition>();
    if (toRecognise.length > 0) {
      const answers = await recognizer.recognizeBatch(toRecognise);
      toRecognise.forEach((text, i) => recognitions.set(text, answers[i]!));
    }
    for (const { index, request } of round) advance(index, request.kind === 'recognize' ? request.texts.map((t) => recognitions.get(t)!) : undefined);
  }
  return results.map((r) => r!);
}

function memoised<T>(compute: (key: string) => T): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    if (!memo.has(key)) memo.set(key, compute(key));
    return memo.get(key)!;
  };
}
