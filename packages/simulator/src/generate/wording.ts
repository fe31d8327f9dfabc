/**
 * Wording: the same request wrapped in the words people add around it:
 * fillers ("um"), hedges ("I think"), politeness ("hi there", "thanks"),
 * run-on sentences and very long messages. The request is still there, word
 * for word, so the expectation is `same-intent`.
 */
import { distinctCases, type GeneratedCase } from './generatedCase.ts';
import type { Random } from './random.ts';
import { cycled, type GeneratorContext } from './sources.ts';
import { lowerFirst, withoutFinalStop } from './text.ts';

export const WORDING_KINDS = ['filler', 'hedge', 'politeness', 'run_on', 'long'] as const;
export type WordingKind = (typeof WORDING_KINDS)[number];

/** The shortest `long` case, in characters (UTF-16 code units). */
export const LONG_INPUT_MIN_LENGTH = 2000;

export const FILLERS = ['um', 'uh', 'erm', 'like', 'you know', 'so', 'basically', 'right'] as const;
export const HEDGE_PREFIXES = ['I think ', 'Maybe ', "I'm not sure, but ", 'I guess ', 'Possibly ', 'Not sure if this is the right place, but '] as const;
export const HEDGE_SUFFIXES = [', I think', ', maybe?', ' or something like that', ', if that makes sense', ', not sure'] as const;
export const POLITE_PREFIXES = ['Hi there, ', 'Hello! ', 'Good morning. ', 'Sorry to bother you, but ', 'Hiya, ', 'Excuse me, '] as const;
export const POLITE_SUFFIXES = [' please', ', thank you', '. Thanks so much!', '. Cheers.', ', thanks in advance', '. Much appreciated.'] as const;

/**
 * Sentences about nothing the assistant handles, to pad run-on and long
 * messages. They avoid every banking word (card, account, money, payment,
 * bank, balance, transfer, fee, complaint, address…) so that they do not pull
 * the recogniser towards another intent by themselves.
 */
export const NEUTRAL_SENTENCES = [
  "Sorry, it's been a really long day.",
  "I'm typing this on my phone on the train so bear with me.",
  'My neighbour has been doing building work all week.',
  "I've only got a few minutes before I pick the kids up.",
  'The weather has been awful here lately.',
  'I tried to sort this out myself earlier but got nowhere.',
  "I'm not very good with apps, my daughter usually helps me.",
  "I've just got back from a week away visiting family.",
  'It has been on my mind since yesterday evening.',
  "I'm writing this during my lunch break at work.",
  "Hopefully this is the right place to ask, I wasn't sure.",
  'My internet keeps dropping out so I might disappear.',
  'I had a look around the website first.',
  "I'd rather sort this out today if I can.",
] as const;

/** Clauses for run-on sentences: lower case, no full stop, joined with "and", "so", "but". */
const RUN_ON_CLAUSES = [
  'so I was on the bus earlier',
  'and my phone is nearly out of charge',
  "but I didn't have time this morning",
  'and I have been meaning to do this all week',
  'so anyway',
  'and honestly I am a bit stressed about it',
  "and I don't really know what to do now",
] as const;

export function wordingCases(context: GeneratorContext): GeneratedCase[] {
  return context.intents.flatMap((intent) =>
    distinctCases('wording', intent.intent, context.seed, context.perIntent, (random, n) => {
      const example = random.pick(intent.examples);
      const kind = cycled(WORDING_KINDS, intent.intent, n);
      const { text, detail } = reword(example, kind, random);
      return {
        transformation: kind,
        detail,
        utterance: text,
        sources: [{ flow: intent.flow, intent: intent.intent, utterance: example }],
        expectation: 'same-intent',
        intents: [intent.intent],
      };
    }, intent.examples),
  );
}

export function reword(text: string, kind: WordingKind, random: Random): { text: string; detail: string } {
  switch (kind) {
    case 'filler': {
      const words = text.split(' ');
      const fillers: string[] = [];
      const count = 1 + random.int(2);
      for (let i = 0; i < count; i++) {
        const filler = random.pick(FILLERS);
        fillers.push(filler);
        words.splice(random.int(words.length + 1), 0, filler);
      }
      return { text: words.join(' '), detail: `inserted ${fillers.map((f) => `"${f}"`).join(', ')}` };
    }
    case 'hedge':
      if (random.chance(0.5)) {
        const prefix = random.pick(HEDGE_PREFIXES);
        return { text: prefix + lowerFirst(text), detail: `prefixed "${prefix.trim()}"` };
      } else {
        const suffix = random.pick(HEDGE_SUFFIXES);
        return { text: withoutFinalStop(text) + suffix, detail: `suffixed "${suffix}"` };
      }
    case 'politeness': {
      const prefix = random.pick(POLITE_PREFIXES);
      const suffix = random.pick(POLITE_SUFFIXES);
      return { text: prefix + withoutFinalStop(lowerFirst(text)) + suffix, detail: `wrapped in "${prefix.trim()}" … "${suffix.trim()}"` };
    }
    case 'run_on': {
      const before = random.pick(RUN_ON_CLAUSES);
      const after = random.pick(RUN_ON_CLAUSES);
      return { text: `${before} and ${withoutFinalStop(lowerFirst(text))} ${after} so yeah`, detail: 'one sentence with clauses before and after, no full stops' };
    }
    case 'long': {
      const sentences: string[] = [];
      let length = text.length;
      while (length < LONG_INPUT_MIN_LENGTH) {
        const sentence = random.pick(NEUTRAL_SENTENCES);
        sentences.push(sentence);
        length += sentence.length + 1;
      }
      const at = random.int(sentences.length + 1);
      sentences.splice(at, 0, text);
      return { text: sentences.join(' '), detail: `the request as sentence ${at + 1} of ${sentences.length}` };
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown wording ${String(unreachable)}`);
    }
  }
}
