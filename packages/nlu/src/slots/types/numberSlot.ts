import type { SlotDefinition } from '@colloquy/core';
import { wordsOf } from '../../text/words.ts';
import type { SlotExtraction } from '../SlotExtraction.ts';
import type { SlotType } from '../SlotType.ts';
import { numberWordsIn, SCALES, type NumberMention } from './numberWords.ts';

/**
 * `number`: the first number in the answer, within `min`/`max`. Numerals may
 * carry thousands separators, decimals, a minus sign and a `k` suffix
 * ("1,250.50", "-3", "5k"); small numbers may be words ("two hundred and
 * fifty"). Never pre-filled: a sentence starting a flow holds too many
 * numbers that are not the one asked for.
 */
export const numberSlot: SlotType = {
  extract(definition, text): SlotExtraction {
    const numeral = firstNumeral(text);
    const inWords = numberWordsIn(text, wordsOf(text), 1)[0];
    const first = numeral && inWords ? (numeral.start <= inWords.start ? numeral : inWords) : (numeral ?? inWords);
    if (!first) return { ok: false, reason: 'no number found' };
    const outOfRange = rangeProblem(definition, first.value);
    if (outOfRange) return { ok: false, reason: outOfRange };
    return { ok: true, value: first.value, start: first.start, end: first.end };
  },
};

function rangeProblem(definition: SlotDefinition, value: number): string | undefined {
  if (definition.min !== undefined && value < definition.min) return `the number is below the minimum (${definition.min})`;
  if (definition.max !== undefined && value > definition.max) return `the number is above the maximum (${definition.max})`;
  return undefined;
}

/**
 * A numeral: optional minus (only where it cannot be a hyphen, "a-3" is 3),
 * digits with well-formed thousands groups or none, optional decimals, an
 * optional `k`. Not preceded by a digit, comma or dot, so "1,2345" reads 1.
 */
const NUMERAL = /(?:(?<![\p{L}\p{N}])([-−]))?(?<![\p{N}.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:([kK])(?![\p{L}\p{N}]))?(?![\p{N}])/gu;

/** "2 thousand", "1.5 million" */
const SCALE_AFTER = /^\s+(thousand|million)(?![\p{L}\p{N}])/iu;

function firstNumeral(text: string): NumberMention | undefined {
  for (const match of text.matchAll(NUMERAL)) {
    const [whole, minus, integer, decimals, thousands] = match;
    let value = Number(integer!.replaceAll(',', '') + (decimals ?? ''));
    let end = match.index + whole.length;
    const scale = thousands ? undefined : SCALE_AFTER.exec(text.slice(end, end + 12));
    if (thousands) value *= 1_000;
    if (scale) {
      value *= SCALES.get(scale[1]!.toLowerCase())!;
      end += scale[0].length;
    }
    if (minus) value = -value;
    if (Number.isFinite(value)) return { value, start: match.index, end };
  }
  return undefined;
}
