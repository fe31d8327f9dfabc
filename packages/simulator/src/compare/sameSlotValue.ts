/**
 * Equality of an expected slot value (as YAML parsed it) and the value the
 * engine stored. YAML and the slot types disagree on types in harmless ways:
 * `card_last4: 0193` parses as the number 193 while the `digits` slot holds
 * the text "0193"; `amount: "250"` is text while a `number` slot holds 250;
 * `consent: "true"` is text while a `boolean` slot holds true. A designer
 * means the same value in each case, so numbers compare by value and booleans
 * by their written form. Two texts compare exactly: "0193" and "193" are
 * different card digits.
 */
import type { SlotValue } from '@colloquy/nlu';

export function sameSlotValue(expected: SlotValue, actual: SlotValue | undefined): boolean {
  if (actual === undefined) return false;
  if (typeof expected === typeof actual) return expected === actual;
  if (typeof expected === 'boolean' || typeof actual === 'boolean') {
    const flag = typeof expected === 'boolean' ? expected : (actual as boolean);
    const text = typeof expected === 'boolean' ? actual : expected;
    return typeof text === 'string' && text.trim().toLowerCase() === String(flag);
  }
  // One is a number, the other text.
  const number = typeof expected === 'number' ? expected : (actual as number);
  const text = typeof expected === 'number' ? (actual as string) : expected;
  const parsed = parseNumberText(text);
  return parsed !== undefined && parsed === number;
}

/**
 * The number a text spells, or undefined when it is not plainly a number:
 * digits with an optional sign, decimal part, exponent and thousands commas
 * (`1,250.50`). Blank text is not 0, unlike `Number("")`.
 */
export function parseNumberText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!isNumberText(trimmed)) return undefined;
  const value = Number(trimmed.replaceAll(',', ''));
  return Number.isFinite(value) ? value : undefined;
}

/** A character scanner rather than a regular expression, so the accepted grammar is spelled out. */
function isNumberText(text: string): boolean {
  let i = 0;
  if (text[i] === '+' || text[i] === '-') i++;
  const integerStart = i;
  let groupLength = 0;
  let sawComma = false;
  while (i < text.length) {
    const c = text[i]!;
    if (isDigit(c)) {
      groupLength++;
    } else if (c === ',') {
      // Thousands separators: a first group of 1-3 digits, then groups of exactly 3.
      if (groupLength === 0 || (sawComma ? groupLength !== 3 : groupLength > 3)) return false;
      sawComma = true;
      groupLength = 0;
    } else {
      break;
    }
    i++;
  }
  const integerDigits = i - integerStart;
  if (sawComma && groupLength !== 3) return false;
  let fractionDigits = 0;
  if (text[i] === '.') {
    i++;
    while (i < text.length && isDigit(text[i]!)) {
      i++;
      fractionDigits++;
    }
  }
  if (integerDigits === 0 && fractionDigits === 0) return false;
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    const exponentStart = i;
    while (i < text.length && isDigit(text[i]!)) i++;
    if (i === exponentStart) return false;
  }
  return i === text.length;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
