/**
 * The tokenizer of the Universal Sentence Encoder lite: SentencePiece
 * (unigram) pieces from the model's vocabulary, best segmentation by the sum
 * of piece scores (Viterbi), spaces marked with U+2581 as SentencePiece does.
 * A port of the tokenizer of @tensorflow-models/universal-sentence-encoder,
 * working on code points throughout (the original mixed code points and UTF-16
 * lengths when it walked back over an unknown character).
 */

/** The vocabulary file's shape: [piece, score] by token id. Ids below RESERVED are control tokens. */
export type UseVocabulary = readonly (readonly [string, number])[];

const SEPARATOR = '\u2581';
const RESERVED = 6;
const UNKNOWN = 0;

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  id: number;
  score: number;
}

export class UseTokenizer {
  private readonly root: TrieNode = { children: new Map(), id: -1, score: 0 };

  constructor(vocabulary: UseVocabulary) {
    for (let id = RESERVED; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id]!;
      let node = this.root;
      for (const symbol of piece) {
        let next = node.children.get(symbol);
        if (!next) node.children.set(symbol, (next = { children: new Map(), id: -1, score: 0 }));
        node = next;
      }
      node.id = id;
      node.score = score;
    }
  }

  /** Token ids of a text; consecutive unknown characters collapse into one unknown token. */
  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const symbols = Array.from(SEPARATOR + normalized.replace(/ /g, SEPARATOR));
    const n = symbols.length;
    // best[end]: best score of a segmentation of symbols[0..end); from/token: the last piece of it.
    const best = new Float64Array(n + 1).fill(-Infinity);
    const from = new Int32Array(n + 1);
    const token = new Int32Array(n + 1);
    best[0] = 0;
    for (let start = 0; start < n; start++) {
      if (best[start] === -Infinity) continue;
      let node: TrieNode | undefined = this.root;
      let matched = false;
      for (let end = start; end < n && node; end++) {
        node = node.children.get(symbols[end]!);
        if (node && node.id >= 0) {
          matched = true;
          const score = best[start]! + node.score;
          if (score >= best[end + 1]!) {
            best[end + 1] = score;
            from[end + 1] = start;
            token[end + 1] = node.id;
          }
        }
      }
      // A character no piece starts with is one unknown token (score 0, like the original).
      if (!matched && best[start]! >= best[start + 1]!) {
        best[start + 1] = best[start]!;
        from[start + 1] = start;
        token[start + 1] = UNKNOWN;
      }
    }
    const reversed: number[] = [];
    for (let end = n; end > 0; end = from[end]!) reversed.push(token[end]!);
    const ids: number[] = [];
    for (let i = reversed.length - 1; i >= 0; i--) {
      const id = reversed[i]!;
      if (id === UNKNOWN && ids[ids.length - 1] === UNKNOWN) continue;
      ids.push(id);
    }
    return ids;
  }
}
