/**
 * Negation: an intent example turned into its opposite ("I want to close my
 * account" -> "I don't want to close my account").
 *
 * Expectation: `out-of-scope`, also accepting `handoff`. The customer said
 * what they do not want, so starting the negated intent's flow is wrong (for
 * close_account it would start a closure the customer just ruled out); asking
 * them to put it another way is right, and a person can sort out the
 * misunderstanding too. Recognising the source intent fails the case.
 *
 * Only examples one of NEGATION_RULES applies to are used: the rules negate
 * the main verb at the start of a one-clause example ("I want to…", "I've…",
 * "I'm…", "cancel…"). Examples that already hold a negation ("I don't want
 * to bank with you any more") or have several clauses are left out, because
 * the result would still ask for the intent. Intents with no such example get
 * no negation case. For a sensitive intent the negated text may still say
 * something sensitive ("I don't need to tell you that my mum has died"), which
 * is one more reason `handoff` is accepted.
 */
import { distinctCases, type GeneratedCase } from './generatedCase.ts';
import type { GeneratorContext } from './sources.ts';

interface NegationRule {
  readonly name: string;
  /** Anchored at the start of the example: only the main clause is negated. */
  readonly pattern: RegExp;
  readonly replacement: string;
}

/** Tried in order; the first that matches is applied once. */
export const NEGATION_RULES: readonly NegationRule[] = [
  { name: 'I want to', pattern: /^I want to\b/i, replacement: "I don't want to" },
  { name: "I'd like to", pattern: /^I'd like to\b/i, replacement: "I wouldn't like to" },
  { name: 'I would like to', pattern: /^I would like to\b/i, replacement: 'I would not like to' },
  { name: 'I need to', pattern: /^I need to\b/i, replacement: "I don't need to" },
  { name: 'I need', pattern: /^I need\b/i, replacement: "I don't need" },
  { name: 'I want', pattern: /^I want\b/i, replacement: "I don't want" },
  { name: "I've", pattern: /^I've\b/i, replacement: "I haven't" },
  // "I have lost" -> "I haven't lost", but "I have a question" -> "I don't have a question".
  { name: 'I have (done)', pattern: /^I have(?= (?:\w+ed|been|lost|had|got|seen|sent|paid|told|made|done|moved|given)\b)/i, replacement: "I haven't" },
  { name: 'I have', pattern: /^I have\b/i, replacement: "I don't have" },
  { name: "I'm", pattern: /^I'm\b/i, replacement: "I'm not" },
  { name: 'I am', pattern: /^I am\b/i, replacement: 'I am not' },
  {
    name: 'imperative',
    pattern: /^(?:please )?(?=(?:cancel|close|freeze|block|stop|send|transfer|change|update|show|check|report|make|book|open|terminate)\b)/i,
    replacement: "please don't ",
  },
];

/** Examples already holding a negation: negating them again would mean the intent once more. */
const ALREADY_NEGATED = /\b(?:not|never|no)\b|n['’]t\b/i;

/**
 * Examples of more than one clause ("I've been robbed and they took my
 * cards"): negating the first clause leaves the second saying the intent.
 */
const SEVERAL_CLAUSES = /[,;]| (?:and|but|so|because|as|then) /i;

/** The negated example and the rule used, or undefined when no rule applies. */
export function negate(example: string): { text: string; rule: string } | undefined {
  if (ALREADY_NEGATED.test(example) || SEVERAL_CLAUSES.test(example)) return undefined;
  for (const rule of NEGATION_RULES) {
    if (!rule.pattern.test(example)) continue;
    if (rule.name !== 'imperative') return { text: example.replace(rule.pattern, rule.replacement), rule: rule.name };
    // "Please cancel my card please" -> "please don't cancel my card".
    const request = example.replace(/^please /i, '').replace(/ please$/i, '');
    return { text: `please don't ${request.charAt(0).toLowerCase()}${request.slice(1)}`, rule: rule.name };
  }
  return undefined;
}

export function negationCases(context: GeneratorContext): GeneratedCase[] {
  return context.intents.flatMap((intent) => {
    const negatable = intent.examples.flatMap((example) => {
      const negated = negate(example);
      return negated ? [{ example, ...negated }] : [];
    });
    if (negatable.length === 0) return [];
    return distinctCases('negation', intent.intent, context.seed, Math.min(context.perIntent, negatable.length), (random) => {
      const { example, text, rule } = random.pick(negatable);
      return {
        transformation: 'negation',
        detail: `negated with the "${rule}" rule`,
        utterance: text,
        sources: [{ flow: intent.flow, intent: intent.intent, utterance: example }],
        expectation: 'out-of-scope',
        accept: ['out-of-scope', 'handoff'],
      };
    });
  });
}
