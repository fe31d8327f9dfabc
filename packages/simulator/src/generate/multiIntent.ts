/**
 * Multi-intent: two requests in one message, an example of the intent joined
 * to an example of another intent ("I've lost my card and what's my balance").
 *
 * Expectation: the assistant handles one request at a time, so the case is
 * `same-intent` with `intents` holding both: recognising either passes,
 * anything else (or a fallback) fails. When either intent carries a topic a
 * topic_handoff policy names (a complaint, a bereavement…), the case is
 * `handoff` instead: the sensitive half must not be lost because the other
 * half was handled.
 */
import { distinctCases, type GeneratedCase } from './generatedCase.ts';
import { fill, lowerFirst, withoutFinalStop } from './text.ts';
import { sensitivityOf, type GeneratorContext } from './sources.ts';

export const JOINERS = ['{a} and {b}', '{a}. Also, {b}', '{a}, and then {b}', '{a} and also {b}', 'Two things: {a}, and {b}'] as const;

export function multiIntentCases(context: GeneratorContext): GeneratedCase[] {
  return context.intents.flatMap((intent) => {
    const partners = context.allIntents.filter((other) => other.intent !== intent.intent);
    if (partners.length === 0) return [];
    return distinctCases('multi_intent', intent.intent, context.seed, context.perIntent, (random) => {
      const partner = random.pick(partners);
      const a = random.pick(intent.examples);
      const b = random.pick(partner.examples);
      const joiner = random.pick(JOINERS);
      const [first, second] = random.chance(0.5) ? [a, b] : [b, a];
      const startsSentence = joiner.startsWith('{a}');
      const utterance = fill(joiner, { a: withoutFinalStop(startsSentence ? first : lowerFirst(first)), b: lowerFirst(second) });
      const sensitive = sensitivityOf(intent, context.sensitiveTopics) ?? sensitivityOf(partner, context.sensitiveTopics);
      return {
        transformation: 'join',
        detail: `joined as "${joiner}" with ${partner.intent}`,
        utterance,
        sources: [
          { flow: intent.flow, intent: intent.intent, utterance: a },
          { flow: partner.flow, intent: partner.intent, utterance: b },
        ],
        ...(sensitive
          ? { expectation: 'handoff' as const, topic: sensitive.topic, policies: sensitive.policies }
          : { expectation: 'same-intent' as const, intents: [intent.intent, partner.intent] }),
      };
    });
  });
}
