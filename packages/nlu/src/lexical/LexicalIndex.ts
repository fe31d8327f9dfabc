import type { IntentTraining } from '../recognizer.ts';
import { normalizeUtterance } from '../text/normalizeUtterance.ts';
import { GramEncoder } from './GramEncoder.ts';
import type { LexicalTuning } from './LexicalTuning.ts';

/**
 * TF-IDF vectors of the training examples behind an inverted index, so that
 * scoring an utterance costs time in proportion to the examples sharing its
 * features rather than to all examples.
 *
 * Each example is two L2-normalised blocks, whole words and character
 * n-grams (see GramEncoder), scaled by the square root of their share, so that
 * a dot product is `wordShare * cos(words) + (1 - wordShare) * cos(n-grams)`:
 * one number in 0..1. Term frequencies are sublinear (1 + ln tf) and IDF is
 * smoothed, ln((1 + N) / (1 + df)) + 1. Features the training never saw still
 * count in the utterance's norm (with the IDF of a feature seen nowhere), so
 * an utterance made mostly of unknown words scores low: that is what lets the
 * threshold reject out-of-scope text. Features in most examples are dropped
 * like stop words (LexicalTuning.stopFeatureShare).
 *
 * The index is read-only once built except for its scratch buffers, which
 * keep a query almost allocation-free; it is not re-entrant, which a
 * synchronous, single-threaded caller never needs.
 */
export class LexicalIndex {
  /** Intent names in sorted order; intent i owns examples [intentStart[i], intentStart[i + 1]). */
  readonly intentNames: readonly string[];
  readonly intentStart: Int32Array;
  readonly exampleCount: number;

  private readonly encoder: GramEncoder;
  private readonly wordIds: Map<string, number>;
  private readonly gramIds: Map<number | string, number>;
  private readonly isWordFeature: Uint8Array;
  private readonly idf: Float64Array;
  private readonly unseenIdf: number;
  private readonly postingStart: Int32Array;
  private readonly postingExample: Int32Array;
  private readonly postingWeight: Float64Array;
  private readonly wordShare: number;

  // Scratch for one query: term counts by feature id, and which ids are set.
  private readonly queryCounts: Float64Array;
  private readonly queryFeatures: Int32Array;
  private queryFeatureCount = 0;
  // Features of the query the training never saw: they count only towards the query's norm.
  private unseenGramKeys = new Float64Array(256);
  private unseenGramCount = 0;
  private readonly unseenStrings = new Map<string, number>();
  private readonly unseenWords = new Map<string, number>();

  /**
   * Builds the index. The result does not depend on the order of intents or
   * examples: intents are sorted by name (the same name twice is merged) and
   * examples by their normalised text, duplicates and empty ones dropped.
   */
  constructor(intents: readonly IntentTraining[], tuning: LexicalTuning) {
    const { intentNames, intentStart, examples } = canonicalTraining(intents);
    this.intentNames = intentNames;
    this.intentStart = intentStart;
    this.exampleCount = examples.length;
    this.wordShare = tuning.wordShare;
    this.encoder = new GramEncoder(examples, tuning.minGram, tuning.maxGram);

    // Term counts per example; feature ids in order of first appearance (words
    // and n-grams are interned separately, "a" the word is not "a" the n-gram).
    const wordIds = new Map<string, number>();
    const gramIds = new Map<number | string, number>();
    const isWord: number[] = [];
    const documentFrequency: number[] = [];
    const exampleTerms = examples.map((text) => {
      const counts = new Map<number, number>();
      const count = <K>(ids: Map<K, number>, key: K, word: number) => {
        let id = ids.get(key);
        if (id === undefined) {
          id = isWord.length;
          ids.set(key, id);
          isWord.push(word);
          documentFrequency.push(0);
        }
        const previous = counts.get(id);
        if (previous === undefined) documentFrequency[id]!++;
        counts.set(id, (previous ?? 0) + 1);
      };
      for (const word of text.split(' ')) count(wordIds, word, 1);
      const countGram = (key: number | string) => count(gramIds, key, 0);
      this.encoder.forEachGram(text, countGram, countGram);
      return counts;
    });

    const n = examples.length;
    if (n >= tuning.minExamplesForStopFeatures) {
      const stop = new Set<number>();
      for (const ids of [wordIds, gramIds] as Map<unknown, number>[]) {
        for (const [key, id] of ids) {
          if (documentFrequency[id]! <= tuning.stopFeatureShare * n) continue;
          ids.set(key, STOP_FEATURE);
          stop.add(id);
        }
      }
      if (stop.size > 0) for (const counts of exampleTerms) for (const id of stop) counts.delete(id);
    }
    this.wordIds = wordIds;
    this.gramIds = gramIds;
    this.isWordFeature = Uint8Array.from(isWord);
    this.idf = Float64Array.from(documentFrequency, (df) => Math.log((1 + n) / (1 + df)) + 1);
    this.unseenIdf = Math.log(1 + n) + 1;

    // Weighted, normalised example vectors, laid out as postings per feature (CSR).
    const featureCount = this.idf.length;
    this.postingStart = new Int32Array(featureCount + 1);
    for (const counts of exampleTerms) for (const id of counts.keys()) this.postingStart[id + 1]!++;
    for (let f = 0; f < featureCount; f++) this.postingStart[f + 1]! += this.postingStart[f]!;
    const fill = this.postingStart.slice(0, featureCount);
    this.postingExample = new Int32Array(this.postingStart[featureCount]!);
    this.postingWeight = new Float64Array(this.postingStart[featureCount]!);
    exampleTerms.forEach((counts, example) => {
      const norms = [0, 0];
      for (const [id, tf] of counts) norms[this.isWordFeature[id]!]! += (termWeight(tf) * this.idf[id]!) ** 2;
      const gramScale = blockScale(1 - this.wordShare, norms[0]!);
      const wordScale = blockScale(this.wordShare, norms[1]!);
      for (const [id, tf] of counts) {
        const at = fill[id]!++;
        this.postingExample[at] = example;
        this.postingWeight[at] = termWeight(tf) * this.idf[id]! * (this.isWordFeature[id] === 1 ? wordScale : gramScale);
      }
    });

    this.queryCounts = new Float64Array(featureCount);
    this.queryFeatures = new Int32Array(featureCount);
  }

  /**
   * Writes the cosine similarity of a normalised utterance to every example
   * into `out` (length `exampleCount`).
   */
  similarities(normalized: string, out: Float64Array): void {
    out.fill(0);
    if (normalized.length === 0) return;
    this.queryFeatureCount = 0;
    for (const word of normalized.split(' ')) {
      const id = this.wordIds.get(word);
      if (id === undefined) this.unseenWords.set(word, (this.unseenWords.get(word) ?? 0) + 1);
      else this.countQueryFeature(id);
    }
    this.encoder.forEachGram(normalized, this.countQueryGram, this.countQueryGram);

    const counts = this.queryCounts;
    const features = this.queryFeatures;
    const featureCount = this.queryFeatureCount;
    const norms = [0, 0];
    for (let i = 0; i < featureCount; i++) {
      const id = features[i]!;
      norms[this.isWordFeature[id]!]! += (termWeight(counts[id]!) * this.idf[id]!) ** 2;
    }
    norms[0]! += this.unseenGramsSquaredNorm();
    for (const tf of this.unseenWords.values()) norms[1]! += (termWeight(tf) * this.unseenIdf) ** 2;
    this.unseenWords.clear();
    const gramScale = blockScale(1 - this.wordShare, norms[0]!);
    const wordScale = blockScale(this.wordShare, norms[1]!);

    const { postingStart, postingExample, postingWeight } = this;
    for (let i = 0; i < featureCount; i++) {
      const id = features[i]!;
      const weight = termWeight(counts[id]!) * this.idf[id]! * (this.isWordFeature[id] === 1 ? wordScale : gramScale);
      counts[id] = 0;
      for (let p = postingStart[id]!, end = postingStart[id + 1]!; p < end; p++) out[postingExample[p]!]! += weight * postingWeight[p]!;
    }
  }

  private readonly countQueryGram = (key: number | string): void => {
    const id = this.gramIds.get(key);
    if (id !== undefined) this.countQueryFeature(id);
    else if (typeof key === 'string') this.unseenStrings.set(key, (this.unseenStrings.get(key) ?? 0) + 1);
    else {
      if (this.unseenGramCount === this.unseenGramKeys.length) {
        const grown = new Float64Array(this.unseenGramKeys.length * 2);
        grown.set(this.unseenGramKeys);
        this.unseenGramKeys = grown;
      }
      this.unseenGramKeys[this.unseenGramCount++] = key;
    }
  };

  /**
   * The squared norm of the query's unseen n-grams, and resets them. Numeric
   * keys are collected in a buffer and counted by sorting it, cheaper than a
   * Map for the few dozen unseen n-grams of an out-of-scope utterance.
   */
  private unseenGramsSquaredNorm(): number {
    const unseenWeight = (tf: number) => (termWeight(tf) * this.unseenIdf) ** 2;
    let sum = 0;
    const keys = this.unseenGramKeys.subarray(0, this.unseenGramCount).sort();
    for (let i = 0; i < keys.length; ) {
      let j = i + 1;
      while (j < keys.length && keys[j] === keys[i]) j++;
      sum += unseenWeight(j - i);
      i = j;
    }
    for (const tf of this.unseenStrings.values()) sum += unseenWeight(tf);
    this.unseenGramCount = 0;
    this.unseenStrings.clear();
    return sum;
  }

  private countQueryFeature(id: number): void {
    if (id === STOP_FEATURE) return;
    if (this.queryCounts[id] === 0) this.queryFeatures[this.queryFeatureCount++] = id;
    this.queryCounts[id]!++;
  }
}

/** Marks a feature so common that it is ignored (see LexicalTuning.stopFeatureShare). */
const STOP_FEATURE = -1;

/** The factor that normalises a block (n-grams or words) to length 1 and gives it its share of the similarity. */
function blockScale(share: number, squaredNorm: number): number {
  return squaredNorm > 0 ? Math.sqrt(share / squaredNorm) : 0;
}

/** Sublinear term frequency: a word said twice is not twice as telling. */
function termWeight(tf: number): number {
  return tf < TERM_WEIGHTS.length ? TERM_WEIGHTS[tf]! : 1 + Math.log(tf);
}

const TERM_WEIGHTS = Float64Array.from({ length: 32 }, (_, tf) => (tf === 0 ? 0 : 1 + Math.log(tf)));

function canonicalTraining(intents: readonly IntentTraining[]): { intentNames: string[]; intentStart: Int32Array; examples: string[] } {
  const byIntent = new Map<string, Set<string>>();
  for (const { intent, examples } of intents) {
    const set = byIntent.get(intent) ?? new Set<string>();
    for (const example of examples) {
      const normalized = normalizeUtterance(example);
      if (normalized.length > 0) set.add(normalized);
    }
    byIntent.set(intent, set);
  }
  const intentNames = [...byIntent.keys()].sort(compareStrings);
  const intentStart = new Int32Array(intentNames.length + 1);
  const examples: string[] = [];
  intentNames.forEach((name, i) => {
    intentStart[i] = examples.length;
    examples.push(...[...byIntent.get(name)!].sort(compareStrings));
  });
  intentStart[intentNames.length] = examples.length;
  return { intentNames, intentStart, examples };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
