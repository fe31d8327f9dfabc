import type { SlotDefinition } from '@colloquy/core';
import { wordsOf, type Word } from '../../text/words.ts';
import { singleValue, type SlotCandidate, type SlotExtraction } from '../SlotExtraction.ts';
import type { SlotType } from '../SlotType.ts';

/**
 * `digits`: a run of exactly `length` digits, for card endings, sort codes,
 * reference numbers. Digit groups separated by spaces or dashes form one run
 * ("12-34-56", "1234 5678"), digits may be spelled ("one two three four"),
 * and a run of a different length never matches: "12345" is not a 4-digit
 * answer, and "1234 5678" is one 8-digit run, not two 4-digit ones.
 */
export const digitsSlot: SlotType = {
  extract: extractDigits,
  prefill: extractDigits,
};

function extractDigits(definition: SlotDefinition, text: string): SlotExtraction {
  const length = definition.length;
  if (length === undefined || !Number.isInteger(length) || length < 1) return { ok: false, reason: 'the slot has no valid `length`' };
  const candidates = digitRuns(text).filter((run) => (run.value as string).length === length);
  return singleValue(candidates, `no ${length}-digit number found`, `more than one ${length}-digit number`);
}

const DIGIT_WORDS: ReadonlyMap<string, string> = new Map(
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].map((word, digit) => [word, String(digit)] as const),
);

const ALL_DIGITS = /^[0-9]+$/;
/** What may stand between two digit groups of one run: spaces, or one dash with optional spaces around it. */
const GROUP_SEPARATOR = /^(?:[ \u00a0]+|[ \u00a0]*[-‐-―][ \u00a0]*)$/u;

/** Every maximal run of digit groups, with its digits joined. */
export function digitRuns(text: string): SlotCandidate[] {
  const runs: SlotCandidate[] = [];
  let digits = '';
  let start = -1;
  let end = -1;
  const close = () => {
    if (start >= 0) runs.push({ value: digits, start, end });
    digits = '';
    start = -1;
  };
  for (const word of wordsOf(text)) {
    const group = digitGroup(word);
    if (group === undefined) {
      close();
      continue;
    }
    if (start >= 0 && !GROUP_SEPARATOR.test(text.slice(end, word.start))) close();
    if (start < 0) start = word.start;
    digits += group;
    end = word.end;
  }
  close();
  return runs;
}

function digitGroup(word: Word): string | undefined {
  if (ALL_DIGITS.test(word.folded)) return word.folded;
  return DIGIT_WORDS.get(word.folded);
}
