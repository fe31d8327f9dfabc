import { foldPhrase, type Word } from '../text/words.ts';

/**
 * Finds known phrases (enum synonyms, yes/no vocabulary) in an utterance as
 * whole words, case- and accent-insensitively. Where matches overlap the
 * longest wins, so "debit card" beats "card" and "not sure" beats "not".
 */
export interface PhraseMatch<V> {
  /** What the phrase means; more than one when a phrase was listed for several values. */
  readonly values: readonly V[];
  /** Index of the first and one past the last matched word. */
  readonly firstWord: number;
  readonly endWord: number;
  /** Span in the original text. */
  readonly start: number;
  readonly end: number;
}

interface Phrase<V> {
  readonly words: readonly string[];
  readonly values: V[];
}

export class PhraseTable<V> {
  /** Phrases by their first word, longest first. */
  private readonly byFirstWord = new Map<string, Phrase<V>[]>();

  constructor(entries: Iterable<readonly [phrase: string, value: V]>) {
    for (const [phrase, value] of entries) {
      const words = foldPhrase(phrase);
      if (words.length === 0) continue;
      const list = this.byFirstWord.get(words[0]!) ?? [];
      const same = list.find((p) => p.words.length === words.length && p.words.every((w, k) => w === words[k]));
      if (same) {
        if (!same.values.includes(value)) same.values.push(value);
      } else {
        list.push({ words, values: [value] });
      }
      this.byFirstWord.set(words[0]!, list);
    }
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** Non-overlapping matches in text order, longer matches chosen over the shorter ones they overlap. */
  find(words: readonly Word[]): PhraseMatch<V>[] {
    const all: PhraseMatch<V>[] = [];
    for (let i = 0; i < words.length; i++) {
      for (const phrase of this.byFirstWord.get(words[i]!.folded) ?? []) {
        if (matchesAt(phrase.words, words, i)) {
          const endWord = i + phrase.words.length;
          all.push({ values: phrase.values, firstWord: i, endWord, start: words[i]!.start, end: words[endWord - 1]!.end });
        }
      }
    }
    if (all.length <= 1) return all;
    all.sort((a, b) => b.endWord - b.firstWord - (a.endWord - a.firstWord) || a.firstWord - b.firstWord);
    const taken = new Uint8Array(words.length);
    const chosen: PhraseMatch<V>[] = [];
    for (const match of all) {
      let free = true;
      for (let w = match.firstWord; w < match.endWord && free; w++) free = taken[w] === 0;
      if (!free) continue;
      taken.fill(1, match.firstWord, match.endWord);
      chosen.push(match);
    }
    return chosen.sort((a, b) => a.firstWord - b.firstWord);
  }
}

function matchesAt(phrase: readonly string[], words: readonly Word[], at: number): boolean {
  if (at + phrase.length > words.length) return false;
  for (let k = 1; k < phrase.length; k++) if (words[at + k]!.folded !== phrase[k]) return false;
  return true;
}
