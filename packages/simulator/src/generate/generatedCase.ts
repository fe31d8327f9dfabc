/**
 * The data model of generated test utterances. A case is one thing a
 * customer might type, where it came from (generator, source examples,
 * transformation) and what must happen when the assistant hears it. Cases are
 * plain data, serialisable as JSON, with keys always in the same order so that
 * the same generation hashes the same everywhere.
 */
import { SIMULATION_GENERATORS } from '@colloquy/core';
import type { CaseConversation } from './conversation.ts';
import { createRandom, type Random } from './random.ts';

/**
 * The generators, in the order `generateCases` runs them (and so the order
 * of its output). Each is described in docs/reference/generators.md. The
 * list lives with the test-file schema in @colloquy/core, whose `simulate:`
 * block names generators: a name added there without a generator here fails
 * to compile (GENERATORS in generateCases.ts).
 */
export const GENERATOR_NAMES = SIMULATION_GENERATORS;

export type GeneratorName = (typeof GENERATOR_NAMES)[number];

/**
 * The generators that need a model (a sentence encoder, and for
 * `adversarial` the recognizer under test). They are asynchronous, so
 * `generateCases` does not run them: `modelGuidedCases` does, and its result
 * is handed to `generateCases` / `simulate` as `modelGuided`.
 */
export const MODEL_GUIDED_GENERATORS = ['paraphrase', 'adversarial'] as const satisfies readonly GeneratorName[];
export type ModelGuidedGeneratorName = (typeof MODEL_GUIDED_GENERATORS)[number];

export function isModelGuided(name: GeneratorName): name is ModelGuidedGeneratorName {
  return (MODEL_GUIDED_GENERATORS as readonly string[]).includes(name);
}

export function isGeneratorName(name: string): name is GeneratorName {
  return (GENERATOR_NAMES as readonly string[]).includes(name);
}

/**
 * What must happen when the assistant hears the utterance:
 * - `same-intent`: it is recognised as one of the case's `intents`;
 * - `out-of-scope`: it is not understood (fallback) and no flow starts;
 * - `handoff`: the conversation reaches a person.
 * Multi-turn cases (`conversation`) are written for what happens at a
 * question, each held when all the case's checks hold (multiTurn.ts):
 * - `reask`: an answer the slot cannot use is asked for again;
 * - `on-fail`: with no retries left, the question's `on_fail` is followed;
 * - `correction`: a value taken back is never kept, the corrected one is;
 * - `prefill`: a value given early fills the slot and its question is skipped;
 * - `digression`: another intent mid-flow starts its flow.
 */
export type Expectation = 'same-intent' | 'out-of-scope' | 'handoff' | ConversationExpectation;
export type ConversationExpectation = 'reask' | 'on-fail' | 'correction' | 'prefill' | 'digression';

export const EXPECTATIONS: readonly Expectation[] = ['same-intent', 'out-of-scope', 'handoff', 'reask', 'on-fail', 'correction', 'prefill', 'digression'];

/** An intent example a case was made from. */
export interface SourceExample {
  readonly flow: string;
  readonly intent: string;
  readonly utterance: string;
}

export interface GeneratedCase {
  /** `<generator>/<group>/<n>`: group is the source intent, or a category for cases made from no intent. */
  readonly id: string;
  readonly generator: GeneratorName;
  /** The transformation applied, a short id such as `keyboard`, `long` or `card_number`. */
  readonly transformation: string;
  /** What exactly was done, in words (`replaced "a" with "s" at 4`). */
  readonly detail: string;
  /** What the customer says. */
  readonly utterance: string;
  /** The intent examples the case was made from: none for fixed probes, two for multi-intent cases. */
  readonly sources: readonly SourceExample[];
  /** The outcome the case is written for. */
  readonly expectation: Expectation;
  /** Every outcome that passes, `expectation` first (prompt injection accepts `out-of-scope` or `handoff`). */
  readonly accept: readonly Expectation[];
  /** For `same-intent`: the intents that count (one, or either of two for multi-intent). Empty otherwise. */
  readonly intents: readonly string[];
  /** The sensitive topic the case is about, for cases that must reach a person because of a policy. */
  readonly topic?: string;
  /** The policies that make this case's expectation a requirement (topic_handoff policies naming `topic`). */
  readonly policies: readonly string[];
  /**
   * Texts no assistant message may contain (card numbers, IBANs, emails,
   * injected instructions). Compared with `echoedText`: case-insensitively,
   * ignoring spaces and hyphens, so `4000 0012…` is caught as `4000-0012…`.
   */
  readonly mustNotEcho: readonly string[];
  /** Multi-turn cases only: what the customer says after `utterance`, and the checks that decide the case. */
  readonly conversation?: CaseConversation;
}

/** A case before it is numbered: what a generator builds. */
export interface CaseDraft {
  readonly transformation: string;
  readonly detail: string;
  readonly utterance: string;
  readonly sources?: readonly SourceExample[];
  readonly expectation: Expectation;
  readonly accept?: readonly Expectation[];
  readonly intents?: readonly string[];
  readonly topic?: string;
  readonly policies?: readonly string[];
  readonly mustNotEcho?: readonly string[];
  readonly conversation?: CaseConversation;
}

/** Numbers a draft and fills in the defaults, always with the keys in the same order. */
export function finishCase(generator: GeneratorName, group: string, n: number, draft: CaseDraft): GeneratedCase {
  return {
    id: `${generator}/${group}/${n}`,
    generator,
    transformation: draft.transformation,
    detail: draft.detail,
    utterance: draft.utterance,
    sources: draft.sources ?? [],
    expectation: draft.expectation,
    accept: draft.accept ?? [draft.expectation],
    intents: draft.intents ?? [],
    ...(draft.topic !== undefined ? { topic: draft.topic } : {}),
    policies: draft.policies ?? [],
    mustNotEcho: draft.mustNotEcho ?? [],
    ...(draft.conversation !== undefined ? { conversation: draft.conversation } : {}),
  };
}

/** How many tries a generator gets per wanted case before it gives up on an intent (drafts may be duplicates or no-ops). */
export const ATTEMPTS_PER_CASE = 8;

/**
 * Makes up to `count` distinct cases for one group. Attempt k draws from its
 * own stream, seeded by (seed, generator, group, k), so a group's cases do
 * not depend on other groups or generators, and asking for more cases keeps
 * the first ones. A draft that is undefined, repeats an earlier utterance of
 * the group or equals one of `unchanged` (the source text) is skipped; a
 * multi-turn draft repeats an earlier one when all its turns do.
 */
export function distinctCases(
  generator: GeneratorName,
  group: string,
  seed: string,
  count: number,
  make: (random: Random, n: number) => CaseDraft | undefined,
  unchanged: readonly string[] = [],
): GeneratedCase[] {
  const cases: GeneratedCase[] = [];
  const seen = new Set<string>(unchanged);
  for (let attempt = 0; cases.length < count && attempt < count * ATTEMPTS_PER_CASE; attempt++) {
    const draft = make(createRandom(seed, generator, group, attempt), cases.length);
    if (draft === undefined) continue;
    const key = draft.conversation ? JSON.stringify([draft.utterance, ...draft.conversation.turns]) : draft.utterance;
    if (seen.has(key)) continue;
    seen.add(key);
    cases.push(finishCase(generator, group, cases.length, draft));
  }
  return cases;
}

/**
 * The machine check behind `mustNotEcho`: the first entry the text contains,
 * compared case-insensitively with spaces and hyphens removed on both sides,
 * or undefined.
 */
export function echoedText(text: string, mustNotEcho: readonly string[]): string | undefined {
  const squash = (s: string): string => s.toLowerCase().replace(/[\s\-‐-―]+/g, '');
  const haystack = squash(text);
  return mustNotEcho.find((value) => {
    const needle = squash(value);
    return needle !== '' && haystack.includes(needle);
  });
}
