/**
 * Which words of a sentence can be swapped for a WordNet synonym, and for
 * what. A word qualifies when it is a content word (not one of the function
 * words below), WordNet knows its lemma in the part of speech the sentence
 * suggests, and that lemma has synonyms in its most frequent senses. The part
 * of speech comes from a few cues of the words before it (after "my" or
 * "the" a noun, after "to", "I" or "can" a verb, a sentence's first word a
 * verb: intent examples are often commands); without a cue, the part of
 * speech WordNet saw most often for the word. This is a heuristic, not a
 * tagger: the similarity check that follows catches what it gets wrong.
 */
import { inflect, lemmaCandidates, type Inflection } from './inflection.ts';
import { WORDNET_POS, type WordNet, type WordNetPos } from './WordNet.ts';

/** A word of a sentence with where it is (UTF-16 offsets). */
export interface SentenceWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A content word and what it can become. */
export interface SubstitutableWord extends SentenceWord {
  /** Its index among the sentence's words. */
  readonly index: number;
  readonly pos: WordNetPos;
  readonly lemma: string;
  readonly inflection: Inflection;
  /** Synonyms in the word's form and case (`Blocks` → `Bars`), most frequent sense first. */
  readonly synonyms: readonly string[];
}

/**
 * How many of a word's senses (most frequent first) synonyms are taken from,
 * at most: later senses are rare meanings (`card` as a comedian). Fewer when
 * WordNet's corpora saw the word in fewer senses.
 */
export const SYNONYM_SENSES = 3;

/**
 * A synonym must have been seen at least this often in its sense in
 * WordNet's sense-tagged corpora: WordNet lists `requital` and `defrayal`
 * beside `payment` and `hebdomad` beside `week`, which no customer types.
 */
export const MIN_SYNONYM_TAG_COUNT = 1;

/**
 * Words never swapped. Function words: pronouns, determiners, auxiliaries and
 * modals, prepositions, conjunctions, adverbs of degree and time, particles
 * (`give it back`); WordNet lists some of them as rare nouns or verbs (`can`,
 * `will`, `may`, `a`), which would make nonsense substitutes. Light and
 * catenative verbs (`get`, `take`, `keep`, `need to`, `want to`): their
 * meaning comes from what follows, so a synonym of one of their senses breaks
 * the sentence (`I need to close it` → `I take to close it`).
 */
const FUNCTION_WORDS = new Set(
  `a an the this that these those my your his her its our their mine yours ours theirs some any no every each another either neither
   i me we us you he him she it they them myself yourself itself ourselves themselves someone somebody something anyone anything everyone nothing
   who whom whose which what when where why how whether if then than as so such
   am is are was were be been being have has had having do does did doing done will would shall should can could may might must ought
   not nor never also too very just only even still already yet again ever quite rather really
   and or but because though although while until unless since
   of at by for with about against between into through during before after above below to from up down in out on off over under
   there here now all both few more most other own same much many lot lots little less least enough
   please thanks thank ok okay yes yeah hi hey
   one two three four five six seven eight nine ten hundred thousand million first second third
   back away along around forward together
   get got gets getting take took taken takes taking make made makes making go goes went gone going come came comes coming
   give gave given gives giving put puts putting keep keeps kept keeping hold holds held holding let lets letting
   need needs needed needing want wants wanted wanting run runs ran running set sets setting turn turns turned turning`.split(/\s+/),
);

/** Particles that make a phrasal verb with a verb before them (`shut down`, `call off`): that verb is not swapped alone (`keep out down`). */
const PARTICLES = new Set(['up', 'down', 'off', 'out', 'over', 'away', 'back']);

/** After these a noun (or an adjective before one) follows. */
const NOUN_CUES = new Set(['a', 'an', 'the', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'this', 'that', 'these', 'those', 'some', 'any', 'no', 'every', 'each', 'another', 'new', 'old']);
/** After these a verb follows. */
const VERB_CUES = new Set(['to', 'i', 'we', 'you', 'they', 'please', 'can', 'could', 'would', 'will', 'should', 'must', 'might', 'may', 'cannot', 'not', 'lets', "let's", "can't", "don't", "didn't", "won't", "i'd", "i'll", "we'd", "i've", "you've", "we've", "they've"]);
/** Skipped when looking for the cue before a word (`I just want`, `can you please check`). */
const TRANSPARENT = new Set(['just', 'really', 'also', 'still', 'already', 'never', 'always', 'actually', 'only', 'even']);

/** Letters, optionally joined by an apostrophe or hyphen (`can't`, `e-mail`). */
const WORD = /[A-Za-z]+(?:['’-][A-Za-z]+)*/g;

export function sentenceWords(text: string): SentenceWord[] {
  return [...text.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/**
 * The words of `text` that have synonyms, in sentence order. Words with an
 * apostrophe (contractions, possessives), words of fewer than three letters,
 * capitalised words other than the first (names: `Northbank`) and verbs
 * followed by a particle (`shut down`) are left alone.
 */
export function substitutableWords(text: string, wordNet: WordNet): SubstitutableWord[] {
  const words = sentenceWords(text);
  const out: SubstitutableWord[] = [];
  words.forEach((word, index) => {
    const lower = word.text.toLowerCase();
    if (word.text.length < 3 || /['’]/.test(word.text) || FUNCTION_WORDS.has(lower)) return;
    if (index > 0 && /^[A-Z]/.test(word.text) && !startsSentence(text, word.start)) return;
    const reading = readingOf(words, index, text, wordNet);
    if (!reading) return;
    const next = words[index + 1];
    if (reading.pos === 'verb' && next && PARTICLES.has(next.text.toLowerCase()) && /^\s+$/.test(text.slice(word.end, next.start))) return;
    // Words next to this one, which a synonym must not repeat (`good morning` for `morning` after `good`).
    const neighbours = [words[index - 1], words[index + 1]].flatMap((w) => (w ? [w.text.toLowerCase()] : []));
    const synonyms = wordNet
      .synonyms(reading.lemma, reading.pos, Math.min(SYNONYM_SENSES, Math.max(1, reading.tagged)))
      .filter((s) => s.tagCount >= MIN_SYNONYM_TAG_COUNT && /^[a-z]+(?:[ -][a-z]+){0,2}$/.test(s.word))
      .filter((s) => !s.word.split(/[ -]/).some((part) => neighbours.includes(part)))
      .flatMap((s) => {
        const inflected = inflect(s.word, reading.inflection, reading.pos);
        return inflected === undefined ? [] : [matchCase(inflected, word.text)];
      })
      .filter((s, i, all) => s.toLowerCase() !== lower && all.indexOf(s) === i);
    if (synonyms.length > 0) out.push({ ...word, index, pos: reading.pos, lemma: reading.lemma, inflection: reading.inflection, synonyms });
  });
  return out;
}

/**
 * Whether `word` is an English word: a function word, or a form WordNet knows
 * in some part of speech (`cards`, `did`, `lots`). A typo that makes one can be
 * read as that word (`died` → `did`, `card` → `car`), so the adversarial
 * search keeps only character edits that make none.
 */
export function isKnownWord(word: string, wordNet: WordNet): boolean {
  const lower = word.toLowerCase();
  if (FUNCTION_WORDS.has(lower)) return true;
  if (WORDNET_POS.some((pos) => lemmaCandidates(lower, pos).some((c) => wordNet.entry(c.lemma, pos) !== undefined))) return true;
  // Regular pasts, which lemmaCandidates leaves out (`tied`, `closed`, `stopped`).
  const stem = lower.endsWith('ed') ? lower.slice(0, -2) : undefined;
  return stem !== undefined && [stem, `${stem}e`, stem.replace(/([b-df-hj-np-tv-z])\1$/, '$1')].some((lemma) => wordNet.entry(lemma, 'verb') !== undefined);
}

/** The text with each span replaced (spans must not overlap). */
export function replaceWords(text: string, replacements: readonly { readonly start: number; readonly end: number; readonly text: string }[]): string {
  let out = text;
  for (const r of [...replacements].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return out;
}

interface Reading {
  readonly pos: WordNetPos;
  readonly lemma: string;
  readonly inflection: Inflection;
  /** How many of the lemma's senses WordNet's corpora saw. */
  readonly tagged: number;
}

/** The word's part of speech and lemma as this sentence uses it, or undefined when WordNet has no reading that fits. */
function readingOf(words: readonly SentenceWord[], index: number, text: string, wordNet: WordNet): Reading | undefined {
  const lower = words[index]!.text.toLowerCase();
  const readings = new Map<WordNetPos, Reading>();
  for (const pos of WORDNET_POS) {
    // Of the lemmas WordNet knows (`cards` the game, `card`), the one its corpora saw most often; the word as written on a tie.
    for (const candidate of lemmaCandidates(lower, pos)) {
      const entry = wordNet.entry(candidate.lemma, pos);
      const current = readings.get(pos);
      if (entry && (!current || entry.taggedSenses > current.tagged)) {
        readings.set(pos, { pos, lemma: entry.lemma.replace(/_/g, ' '), inflection: candidate.inflection, tagged: entry.taggedSenses });
      }
    }
  }
  if (readings.size === 0) return undefined;
  const cue = cueBefore(words, index, text);
  if (cue === 'noun') {
    const next = words[index + 1];
    const adjective = readings.get('adj');
    if (adjective && next && !FUNCTION_WORDS.has(next.text.toLowerCase()) && adjective.inflection === 'base') return adjective;
    return readings.get('noun');
  }
  if (cue === 'verb') return readings.get('verb');
  if (cue === 'sentence start' && readings.has('verb')) return readings.get('verb');
  // No cue: the reading WordNet's tagged corpora saw most often (ties in noun, verb, adj, adv order).
  let best: Reading | undefined;
  for (const reading of readings.values()) if (!best || reading.tagged > best.tagged) best = reading;
  return best;
}

/** What the words before suggest; a sentence's first word is probably a verb (a command), but not certainly (`lost card`). */
function cueBefore(words: readonly SentenceWord[], index: number, text: string): 'noun' | 'verb' | 'sentence start' | undefined {
  if (startsSentence(text, words[index]!.start)) return 'sentence start';
  for (let i = index - 1; i >= 0; i--) {
    const previous = words[i]!.text.toLowerCase().replace(/’/g, "'");
    // A comma or full stop between the words breaks the cue.
    if (/[,.;:!?]/.test(text.slice(words[i]!.end, words[i + 1]!.start))) return undefined;
    if (NOUN_CUES.has(previous)) return 'noun';
    if (VERB_CUES.has(previous)) return 'verb';
    if (!TRANSPARENT.has(previous)) return undefined;
  }
  return undefined;
}

/** Whether only spaces and sentence punctuation come before `at`. */
function startsSentence(text: string, at: number): boolean {
  return /(^|[.!?]\s+)["'“‘(]*$/.test(text.slice(0, at));
}

/** The synonym in the original's case: `Card` → `Identity card`, `CARD` → `IDENTITY CARD`. */
function matchCase(synonym: string, original: string): string {
  if (original.length > 1 && original === original.toUpperCase()) return synonym.toUpperCase();
  if (/^[A-Z]/.test(original)) return synonym.charAt(0).toUpperCase() + synonym.slice(1);
  return synonym;
}
