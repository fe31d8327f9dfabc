/**
 * The canonical form of an utterance for intent recognition: NFKC, lower
 * case, accents removed, apostrophes dropped inside words ("don't" = "dont"),
 * every digit written 0 (card numbers and amounts differ between examples and
 * customers; their shape is what carries meaning), any other punctuation or
 * symbol a space, white space collapsed.
 *
 * Only the first `UTTERANCE_LIMIT` characters are read: a chat turn is never
 * longer in practice, and the limit bounds the time and memory one turn costs.
 */
export const UTTERANCE_LIMIT = 2_000;

// eslint-disable-next-line no-control-regex
const PLAIN_ASCII = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’`´]/g;
const DIGITS = /\p{Nd}/gu;
const ASCII_DIGITS = /[0-9]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
const ASCII_SEPARATORS = /[^a-z0-9]+/g;

export function normalizeUtterance(text: string): string {
  let input = text.length > UTTERANCE_LIMIT ? text.slice(0, UTTERANCE_LIMIT) : text;
  if (PLAIN_ASCII.test(input)) {
    input = input.toLowerCase().replace(APOSTROPHES, '').replace(ASCII_DIGITS, '0').replace(ASCII_SEPARATORS, ' ');
  } else {
    input = input
      .normalize('NFKC')
      .toLowerCase()
      .normalize('NFKD')
      .replace(MARKS, '')
      .normalize('NFC')
      .replace(APOSTROPHES, '')
      .replace(DIGITS, '0')
      .replace(SEPARATORS, ' ');
  }
  return input.trim();
}
