/**
 * Character noise: what fast thumbs do to a message. Each case applies one
 * kind of noise to one intent example; the meaning is unchanged, so the
 * expectation is `same-intent`. Letter edits (keyboard slips, deletions,
 * transpositions, doubled letters) change at most MAX_NOISE_EDITS letters and
 * only inside words of three or more letters, so a short word such as "no" is
 * never turned into another word.
 */
import { distinctCases, type CaseDraft, type GeneratedCase } from './generatedCase.ts';
import type { Random } from './random.ts';
import { withoutFinalStop } from './text.ts';
import { cycled, type GeneratorContext, type SourceIntent } from './sources.ts';

/** The most letter edits one noise case makes (each is one edit in Damerau-Levenshtein distance). */
export const MAX_NOISE_EDITS = 2;

export const NOISE_KINDS = ['keyboard', 'deletion', 'transposition', 'doubling', 'casing', 'punctuation', 'whitespace', 'emoji'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

/** Letters next to each letter on a QWERTY keyboard (same row and the rows above and below). */
export const QWERTY_NEIGHBOURS: Readonly<Record<string, string>> = {
  q: 'wa', w: 'qesa', e: 'wrds', r: 'etfd', t: 'rygf', y: 'tuhg', u: 'yijh', i: 'uokj', o: 'iplk', p: 'ol',
  a: 'qwsz', s: 'awedxz', d: 'serfcx', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', j: 'huikmn', k: 'jiolm', l: 'kop',
  z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};

/** Emoji customers add; chosen to carry no meaning of their own (no cards, money or houses). */
export const NOISE_EMOJI = ['🙏', '😊', '😩', '👍', '🤔', '😅', '🙂', '😬', '‼️', '🥺'] as const;

export function noiseCases(context: GeneratorContext): GeneratedCase[] {
  return context.intents.flatMap((intent) =>
    distinctCases('noise', intent.intent, context.seed, context.perIntent, (random, n) => {
      const example = random.pick(intent.examples);
      return noiseDraft(intent, example, cycled(NOISE_KINDS, intent.intent, n), random);
    }, intent.examples),
  );
}

function noiseDraft(intent: SourceIntent, example: string, kind: NoiseKind, random: Random): CaseDraft | undefined {
  const applied = applyNoise(example, kind, random);
  if (applied === undefined) return undefined;
  return {
    transformation: kind,
    detail: applied.detail,
    utterance: applied.text,
    sources: [{ flow: intent.flow, intent: intent.intent, utterance: example }],
    expectation: 'same-intent',
    intents: [intent.intent],
  };
}

interface Noisy {
  readonly text: string;
  readonly detail: string;
}

/** One kind of noise applied to `text`, or undefined when the text offers nothing to apply it to. */
export function applyNoise(text: string, kind: NoiseKind, random: Random): Noisy | undefined {
  switch (kind) {
    case 'keyboard':
    case 'deletion':
    case 'transposition':
    case 'doubling':
      return letterEdits(text, kind, 1 + random.int(MAX_NOISE_EDITS), random);
    case 'casing':
      return casing(text, random);
    case 'punctuation':
      return punctuation(text, random);
    case 'whitespace':
      return whitespace(text, random);
    case 'emoji':
      return emoji(text, random);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown noise kind ${String(unreachable)}`);
    }
  }
}

/** Positions of letters inside words of three or more letters. */
function editablePositions(text: string): number[] {
  const positions: number[] = [];
  for (const match of text.matchAll(/[A-Za-z]{3,}/g)) {
    for (let i = 0; i < match[0].length; i++) positions.push(match.index + i);
  }
  return positions;
}

function letterEdits(text: string, kind: 'keyboard' | 'deletion' | 'transposition' | 'doubling', edits: number, random: Random): Noisy | undefined {
  let current = text;
  const details: string[] = [];
  // Substitutions and swaps keep the length, so positions stay put: never edit a letter twice
  // (two slips on one key would be a slip to a key that is not a neighbour).
  const touched = new Set<number>();
  for (let e = 0; e < edits; e++) {
    const positions = editablePositions(current).filter((p) => !touched.has(p) && !touched.has(p + 1));
    if (positions.length === 0) break;
    const at = random.pick(positions);
    const letter = current[at]!;
    switch (kind) {
      case 'keyboard': {
        const neighbour = random.pick([...QWERTY_NEIGHBOURS[letter.toLowerCase()]!]);
        const typed = letter === letter.toUpperCase() ? neighbour.toUpperCase() : neighbour;
        current = current.slice(0, at) + typed + current.slice(at + 1);
        touched.add(at);
        details.push(`typed "${typed}" for "${letter}" at ${at}`);
        break;
      }
      case 'deletion':
        current = current.slice(0, at) + current.slice(at + 1);
        details.push(`dropped "${letter}" at ${at}`);
        break;
      case 'transposition': {
        // Swap with the next letter of the same word; a pair of equal letters is no slip at all.
        const following = current[at + 1];
        if (following === undefined || !/[A-Za-z]/.test(following) || following === letter) continue;
        current = current.slice(0, at) + following + letter + current.slice(at + 2);
        touched.add(at).add(at + 1);
        details.push(`swapped "${letter}${following}" at ${at}`);
        break;
      }
      case 'doubling':
        current = current.slice(0, at) + letter + current.slice(at);
        details.push(`doubled "${letter}" at ${at}`);
        break;
      default: {
        const unreachable: never = kind;
        throw new Error(`unknown letter edit ${String(unreachable)}`);
      }
    }
  }
  return details.length === 0 ? undefined : { text: current, detail: details.join('; ') };
}

const CASINGS = ['lower case', 'upper case', 'random case', 'no capital at the start'] as const;

function casing(text: string, random: Random): Noisy {
  const style = random.pick(CASINGS);
  switch (style) {
    case 'lower case':
      return { text: text.toLowerCase(), detail: style };
    case 'upper case':
      return { text: text.toUpperCase(), detail: style };
    case 'random case':
      return { text: [...text].map((c) => (random.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join(''), detail: style };
    case 'no capital at the start':
      return { text: text.charAt(0).toLowerCase() + text.slice(1), detail: style };
    default: {
      const unreachable: never = style;
      throw new Error(`unknown casing ${String(unreachable)}`);
    }
  }
}

/** Punctuation only: letters, digits and word breaks stay as they were. */
const PUNCTUATION = /[.,!?;:'"’‘“”]/g;

function punctuation(text: string, random: Random): Noisy {
  const bare = withoutFinalStop(text);
  switch (random.int(3)) {
    case 0:
      return { text: text.replace(PUNCTUATION, ''), detail: 'removed all punctuation' };
    case 1: {
      const ending = random.pick(['!!!', '???', '...', '?!', '.']);
      return { text: bare + ending, detail: `ended with "${ending}"` };
    }
    default: {
      // A comma after the first word, as people add when they pause.
      const space = bare.indexOf(' ');
      const withComma = space < 0 ? `${bare},` : `${bare.slice(0, space)},${bare.slice(space)}`;
      return { text: withComma, detail: 'added a comma after the first word' };
    }
  }
}

function whitespace(text: string, random: Random): Noisy {
  switch (random.int(4)) {
    case 0:
      return { text: text.replace(/ /g, '  '), detail: 'doubled every space' };
    case 1:
      return { text: `   ${text}  `, detail: 'spaces before and after' };
    case 2:
      return { text: text.replace(/ /g, () => random.pick([' ', ' ', '\t'])), detail: 'tabs between some words' };
    default: {
      const spaces = [...text.matchAll(/ /g)].map((m) => m.index);
      if (spaces.length === 0) return { text: `${text}\n`, detail: 'a line break at the end' };
      const at = random.pick(spaces);
      return { text: `${text.slice(0, at)}\n${text.slice(at + 1)}`, detail: `a line break at ${at}` };
    }
  }
}

function emoji(text: string, random: Random): Noisy {
  const symbol = random.pick(NOISE_EMOJI);
  return random.chance(0.5)
    ? { text: `${text} ${symbol}`, detail: `added ${symbol} at the end` }
    : { text: `${symbol} ${text}`, detail: `added ${symbol} at the start` };
}
