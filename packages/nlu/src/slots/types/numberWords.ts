import type { Word } from '../../text/words.ts';

/**
 * Numbers written in words, in English: "five", "twenty-five", "two hundred
 * and fifty", "a thousand", "three thousand four hundred". Enough for the
 * amounts and counts customers type out; larger numbers come as digits.
 */
export interface NumberMention {
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

const SMALL: ReadonlyMap<string, number> = new Map(
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'].map(
    (word, value) => [word, value] as const,
  ),
);
const TENS: ReadonlyMap<string, number> = new Map([
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
  ['sixty', 60],
  ['seventy', 70],
  ['eighty', 80],
  ['ninety', 90],
]);
/** Scale words that also multiply a preceding numeral ("2 thousand"). */
export const SCALES: ReadonlyMap<string, number> = new Map([
  ['thousand', 1_000],
  ['million', 1_000_000],
]);

type Last = 'none' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale';

/** Words of one number are joined by spaces or hyphens only: "twenty, five" is two numbers. */
const JOINER = /^[\s\-‐-―]+$/u;

/** The numbers written in words, left to right (at most `limit` of them). */
export function numberWordsIn(text: string, words: readonly Word[], limit = Infinity): NumberMention[] {
  const mentions: NumberMention[] = [];
  for (let i = 0; i < words.length && mentions.length < limit; ) {
    const parsed = parseAt(text, words, i);
    if (parsed) {
      mentions.push(parsed.mention);
      i = parsed.next;
    } else {
      i++;
    }
  }
  return mentions;
}

function parseAt(text: string, words: readonly Word[], first: number): { mention: NumberMention; next: number } | undefined {
  let total = 0;
  let current = 0;
  let last: Last = 'none';
  let lastScale = Infinity;
  let end = -1;
  let next = first;
  for (let j = first; j < words.length; j++) {
    const word = words[j]!.folded;
    if (j > first && !JOINER.test(text.slice(words[j - 1]!.end, words[j]!.start))) break;
    const following = words[j + 1]?.folded;
    if (word === 'a' && last === 'none' && following !== undefined && (following === 'hundred' || SCALES.has(following))) {
      current = 1;
      last = 'unit';
      continue;
    }
    if (word === 'and' && (last === 'hundred' || last === 'scale') && following !== undefined && (SMALL.has(following) || TENS.has(following))) {
      continue;
    }
    const small = SMALL.get(word);
    const tens = TENS.get(word);
    const scale = SCALES.get(word);
    if (small !== undefined && small < 10 && (last === 'none' || last === 'tens' || last === 'hundred' || last === 'scale')) {
      current += small;
      last = 'unit';
    } else if (small !== undefined && small >= 10 && (last === 'none' || last === 'hundred' || last === 'scale')) {
      current += small;
      last = 'teen';
    } else if (tens !== undefined && (last === 'none' || last === 'hundred' || last === 'scale')) {
      current += tens;
      last = 'tens';
    } else if (word === 'hundred' && current < 100 && last !== 'hundred' && last !== 'scale') {
      current = (current || 1) * 100;
      last = 'hundred';
    } else if (scale !== undefined && scale < lastScale && last !== 'scale') {
      total += (current || 1) * scale;
      current = 0;
      lastScale = scale;
      last = 'scale';
    } else {
      break;
    }
    end = words[j]!.end;
    next = j + 1;
  }
  if (end < 0) return undefined;
  return { mention: { value: total + current, start: words[first]!.start, end }, next };
}
