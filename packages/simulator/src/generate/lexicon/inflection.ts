/**
 * Just enough English inflection to put a WordNet synonym where an inflected
 * word was: a word is taken back to its lemma with WordNet's own regular
 * detachment rules (morphy: `cards` → `card`, `blocks` → `block`, `stopping`
 * → `stop`), and the synonym gets the same ending with the regular spelling
 * rules. Only endings whose form is regular for (nearly) every English noun
 * or verb are handled: plural -s, third-person -s and -ing. Past tenses and
 * participles (-ed) are not, because a synonym's past is often irregular
 * (`lose` → `lost`, `misplace` → `misplaced`, `take` → `took`) and WordNet's
 * exception lists are not in the npm package: such words are left alone
 * rather than given a made-up form. Comparative adjectives likewise.
 */
import type { WordNetPos } from './WordNet.ts';

export type Inflection = 'base' | 'plural' | 'third_person' | 'progressive';

/** A possible lemma of a written word, with the ending that was taken off. */
export interface LemmaCandidate {
  readonly lemma: string;
  readonly inflection: Inflection;
}

/** morphy's suffix rules for the endings handled here, in its order. */
const DETACHMENT: Readonly<Partial<Record<WordNetPos, readonly (readonly [string, string, Inflection])[]>>> = {
  noun: [
    ['ses', 's', 'plural'],
    ['xes', 'x', 'plural'],
    ['zes', 'z', 'plural'],
    ['ches', 'ch', 'plural'],
    ['shes', 'sh', 'plural'],
    ['ies', 'y', 'plural'],
    ['s', '', 'plural'],
  ],
  verb: [
    ['ies', 'y', 'third_person'],
    ['es', 'e', 'third_person'],
    ['es', '', 'third_person'],
    ['s', '', 'third_person'],
    ['ing', 'e', 'progressive'],
    ['ing', '', 'progressive'],
  ],
};

/**
 * The lemmas a lower-case word may have as this part of speech: the word
 * itself first, then what the detachment rules give (and for -ing, the form
 * without a doubled consonant: `stopping` → `stop`). The caller keeps the
 * first one WordNet knows.
 */
export function lemmaCandidates(word: string, pos: WordNetPos): LemmaCandidate[] {
  const out: LemmaCandidate[] = [{ lemma: word, inflection: 'base' }];
  // `ss` is not a plural (`address`, `less`).
  if (word.endsWith('ss')) return out;
  for (const [suffix, replacement, inflection] of DETACHMENT[pos] ?? []) {
    if (!word.endsWith(suffix) || word.length <= suffix.length + 1) continue;
    const stem = word.slice(0, -suffix.length);
    out.push({ lemma: stem + replacement, inflection });
    if (suffix === 'ing' && replacement === '' && /([b-df-hj-np-tv-z])\1$/.test(stem)) out.push({ lemma: stem.slice(0, -1), inflection });
  }
  return out;
}

/**
 * A lemma (one word or several) with an ending: nouns inflect their last
 * word (`bank card` → `bank cards`), verbs their first (`shut down` →
 * `shutting down`). Undefined for the plural of a noun that already ends in
 * a single s (`dealings`, `proceedings`, but also `bus`): whether it is
 * already plural cannot be told, so it is not used.
 */
export function inflect(lemma: string, inflection: Inflection, pos: WordNetPos): string | undefined {
  if (inflection === 'base') return lemma;
  const words = lemma.split(' ');
  const at = pos === 'verb' ? 0 : words.length - 1;
  const word = words[at]!;
  if (inflection === 'plural' && /[^s]s$/.test(word)) return undefined;
  words[at] = inflection === 'progressive' ? withIng(word) : inflection === 'third_person' && /[^aeiou]o$/.test(word) ? `${word}es` : withS(word);
  return words.join(' ');
}

/** Plural and third-person -s: `box` → `boxes`, `reply` → `replies`, `card` → `cards` (and verbs `go` → `goes`, above). */
function withS(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/**
 * -ing: `tie` → `tying`, `close` → `closing` (but `see` → `seeing`), a
 * one-syllable word ending consonant-vowel-consonant doubles its last letter
 * (`stop` → `stopping`). Longer words never double here: that depends on
 * stress (`admit` → `admitting`, `open` → `opening`), which we cannot tell.
 */
function withIng(word: string): string {
  if (word.endsWith('ie')) return `${word.slice(0, -2)}ying`;
  if (/[^aeioy]e$/.test(word) && word.length > 2) return `${word.slice(0, -1)}ing`;
  if (/^[^aeiou]*[aeiou][b-df-hj-np-tv-z]$/.test(word) && !/[wxy]$/.test(word)) return `${word}${word.at(-1)}ing`;
  return `${word}ing`;
}
