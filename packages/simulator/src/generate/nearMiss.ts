/**
 * Near misses: an intent example with the words that make it a banking
 * request swapped for something a bank does not handle, keeping the rest of
 * the sentence ("I think I left my card in a taxi" -> "I think I left my
 * umbrella in a taxi"; "what's my balance" -> "what's my step count";
 * "close my account" -> "close my Netflix account"). The frame the examples
 * share ("I've lost my…", "what's my…") stays, so a recognizer that learnt
 * the frame instead of the request answers with the intent: these probe false
 * positives where they are most likely, next to real examples.
 *
 * Expectation: `out-of-scope`. Recognising the source intent (or any other)
 * fails the case.
 *
 * Method (model-free, seeded): every banking term of the example
 * (nearMissLexicon.ts: nouns such as card, account, balance, money, amounts
 * such as "£50", and the verb "pay") is replaced, each by a seeded pick among
 * out-of-domain things of the same grammatical number, either an everyday
 * object (`object`) or the same noun belonging to something else
 * (`qualified`). An example is used only when every banking word in it is one
 * the lexicon can replace: one that keeps a banking word elsewhere ("my
 * Northbank card", "overdrawn", "refund"), or mentions a sensitive matter
 * (scams, fraud, complaints, death, hardship), gives no case. Intents carrying
 * a topic get none either: the sensitive part survives a swap, and an
 * out-of-scope expectation there would be wrong. The result never equals an
 * example of any intent (ignoring case, punctuation and spacing).
 *
 * Limits: the lexicon is English and small (about 130 phrases); examples
 * without any of its terms ("I was pickpocketed this morning", "hello") give
 * no near miss; grammar is kept by number agreement and "a"/"an" only, so a
 * swap can read oddly ("cancel my umbrella"); and whether a swapped object is
 * really out of scope is a judgement made when the lexicon was written (a
 * parking ticket is, a Netflix payment would not be), not checked.
 */
import { normaliseExample } from '@colloquy/core';
import { distinctCases, type GeneratedCase } from './generatedCase.ts';
import { AMOUNT, CATEGORIES, DOMAIN_TERMS, DOMAIN_WORDS, HOW_MUCH_NOUNS, KEEP_OUT, type CategoryName, type TermNumber } from './nearMissLexicon.ts';
import type { Random } from './random.ts';
import { cycled, type GeneratorContext } from './sources.ts';

export const NEAR_MISS_KINDS = ['object', 'qualified'] as const;
export type NearMissKind = (typeof NEAR_MISS_KINDS)[number];

/** A banking term found in an example. */
export interface TermMatch {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly category: CategoryName;
  readonly number: TermNumber;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BY_PHRASE = new Map(DOMAIN_TERMS.map((t) => [t.phrase.toLowerCase(), t]));
/** Every term as one alternation, longest first, bounded by anything that is not a letter, digit, apostrophe or hyphen. */
const TERM = new RegExp(
  `(?<![\\p{L}\\p{N}'’-])(?:${[...DOMAIN_TERMS].sort((a, b) => b.phrase.length - a.phrase.length).map((t) => escape(t.phrase)).join('|')})(?![\\p{L}\\p{N}'’-])`,
  'giu',
);

/**
 * The example's banking terms in text order (amounts first where they
 * overlap), or undefined when the example cannot make a near miss: it has no
 * term, mentions a sensitive matter, or keeps a banking word no term covers.
 */
export function domainTerms(example: string): TermMatch[] | undefined {
  if (KEEP_OUT.test(example)) return undefined;
  const matches: TermMatch[] = [];
  for (const m of example.matchAll(AMOUNT)) matches.push({ start: m.index, end: m.index + m[0].length, text: m[0], category: 'amount', number: 'one' });
  for (const m of example.matchAll(TERM)) {
    const start = m.index;
    const end = start + m[0].length;
    if (matches.some((a) => a.category === 'amount' && start < a.end && end > a.start)) continue;
    // A bank holiday is a public holiday: left unmatched, its "bank" keeps the example out.
    if (/^bank$/i.test(m[0]) && /^\s+holidays?\b/i.test(example.slice(end))) continue;
    const term = BY_PHRASE.get(m[0].toLowerCase())!;
    matches.push({ start, end, text: m[0], category: term.category, number: term.number });
  }
  if (matches.length === 0) return undefined;
  matches.sort((a, b) => a.start - b.start);
  let at = 0;
  for (const m of matches) {
    if (DOMAIN_WORDS.test(example.slice(at, m.start))) return undefined;
    at = m.end;
  }
  return DOMAIN_WORDS.test(example.slice(at)) ? undefined : matches;
}

/** Whether `kind` can change this example: `qualified` needs a term with a qualified form. */
export function appliesTo(kind: NearMissKind, matches: readonly TermMatch[]): boolean {
  return kind === 'object' || matches.some((m) => CATEGORIES[m.category].qualified[m.number].length > 0);
}

/** The example with every term replaced, and what replaced what. */
export function nearMiss(example: string, matches: readonly TermMatch[], kind: NearMissKind, random: Random): { text: string; replaced: [string, string][] } {
  const hasMoney = matches.some((m) => m.category === 'money' || m.category === 'amount');
  const replaced: [string, string][] = [];
  let text = '';
  let at = 0;
  for (const m of matches) {
    let before = example.slice(at, m.start);
    let replacement = random.pick(choicesFor(m, kind, hasMoney, text + before));
    const article = /\b(a|an)(\s+)$/i.exec(before);
    if (article) {
      const wanted = /^[aeiou]/i.test(replacement) ? 'an' : 'a';
      const fixed = article[1]![0] === article[1]![0]!.toUpperCase() ? wanted[0]!.toUpperCase() + wanted.slice(1) : wanted;
      before = before.slice(0, article.index) + fixed + article[2];
    }
    if (m.start === 0 && /^\p{Lu}\p{Ll}/u.test(m.text)) replacement = replacement[0]!.toUpperCase() + replacement.slice(1);
    replaced.push([m.text, replacement]);
    text += before + replacement;
    at = m.end;
  }
  return { text: text + example.slice(at), replaced };
}

function choicesFor(m: TermMatch, kind: NearMissKind, hasMoney: boolean, textBefore: string): readonly string[] {
  // "pay my builder 300 quid" -> "send my builder a parcel"; "pay back" and "pay" alone become another thing to do for someone.
  if (m.category === 'pay' && hasMoney && m.text.toLowerCase() === 'pay') return ['send'];
  if (m.category === 'money' && /\bhow much\s+$/i.test(textBefore)) return HOW_MUCH_NOUNS;
  const category = CATEGORIES[m.category];
  const qualified = category.qualified[m.number];
  return kind === 'qualified' && qualified.length > 0 ? qualified : category.objects[m.number];
}

export function nearMissCases(context: GeneratorContext): GeneratedCase[] {
  const examples = new Set(context.allIntents.flatMap((i) => i.examples.map(normaliseExample)));
  return context.intents.flatMap((intent) => {
    if (intent.topics.length > 0) return [];
    const usable = intent.examples.flatMap((example) => {
      const matches = domainTerms(example);
      return matches ? [{ example, matches }] : [];
    });
    if (usable.length === 0) return [];
    return distinctCases('near_miss', intent.intent, context.seed, context.perIntent, (random, n) => {
      const { example, matches } = random.pick(usable);
      const wanted = cycled(NEAR_MISS_KINDS, intent.intent, n);
      const kind = appliesTo(wanted, matches) ? wanted : 'object';
      const { text, replaced } = nearMiss(example, matches, kind, random);
      if (examples.has(normaliseExample(text))) return undefined;
      return {
        transformation: kind,
        detail: `replaced ${replaced.map(([from, to]) => `"${from}" with "${to}"`).join(', ')}`,
        utterance: text,
        sources: [{ flow: intent.flow, intent: intent.intent, utterance: example }],
        expectation: 'out-of-scope',
      };
    }, intent.examples);
  });
}
