/**
 * Words of an utterance with their positions in the original text, for slot
 * extraction: values are matched on a folded form of each word (lower case,
 * accents and apostrophes removed) while the reported span stays on what the
 * customer actually typed.
 */
export interface Word {
  /** The folded form used for matching: "Don’t" -> "dont", "Café" -> "cafe". */
  readonly folded: string;
  /** Offset of the first character in the original text. */
  readonly start: number;
  /** Offset just past the last character in the original text. */
  readonly end: number;
}

/**
 * A word is a run of letters and digits, optionally joined by apostrophes
 * ("don't", "o'brien"). Everything else (spaces, punctuation, hyphens,
 * underscores) separates words, so "twenty-five" is two words and
 * "credit_card" matches the phrase "credit card".
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:['’][\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*/gu;

export function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    words.push({ folded: foldWord(match[0]), start, end: start + match[0].length });
  }
  return words;
}

// eslint-disable-next-line no-control-regex
const PLAIN_ASCII = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['’]/g;

/** Lower case, without accents or apostrophes, compatibility forms unified (NFKC). */
export function foldWord(word: string): string {
  if (PLAIN_ASCII.test(word)) return word.toLowerCase().replace(APOSTROPHES, '');
  return word.normalize('NFKD').replace(MARKS, '').normalize('NFKC').toLowerCase().replace(APOSTROPHES, '');
}

/** The folded words of a phrase (a synonym, a vocabulary entry), for phrase tables. */
export function foldPhrase(phrase: string): string[] {
  return wordsOf(phrase).map((w) => w.folded);
}
