/**
 * The meaning check of the model-guided generators: a changed sentence is
 * kept only when a sentence encoder still places it close to the source
 * (cosine of their embeddings), and a swapped word only when the encoder
 * places it close to the word it replaces; a sentence with typos only above a
 * lower floor. Callers first `prepare` every text they will ask about, in one
 * batch (the encoder is fast per batch and slow per call), then ask
 * synchronously. Wrap the embedder with
 * `cachedEmbedder` so that texts the recognizer also embeds cost nothing the
 * second time.
 */
import { cosine, type Embedder } from '@colloquy/nlu';

/**
 * The least cosine similarity, with the Universal Sentence Encoder, between a
 * changed sentence and its source. Chosen on the example workspace's
 * single-synonym swaps (docs/decisions/0011-model-guided-generators.md):
 * below it most swaps change the topic (`account` → `history`, 0.69 to 0.84); above it they mostly keep it.
 * USE is lenient with wrong word senses and strict with typos (one typo in a
 * four-word message scores 0.6 to 0.8), so this is necessary, not sufficient.
 */
export const MIN_SENTENCE_SIMILARITY = 0.85;

/**
 * The least cosine similarity between a word and the synonym that replaces
 * it, each embedded alone: WordNet synonyms of another sense of the word
 * (`account` → `story`, 0.36; `link` → `tie`, 0.28) fall below it, synonyms
 * of the sense meant mostly do not (`need` → `require` 0.72, `cancel` →
 * `call off` 0.50). A second, word-level check like TextFooler's.
 */
export const MIN_WORD_SIMILARITY = 0.45;

/**
 * The least cosine similarity between a sentence with typos (the adversarial
 * search's character edits) and its source: a floor, not the meaning check.
 * A typo's meaning is kept by how it is made (one edit inside a word, never
 * the first letter, never a word that exists, a quarter of the words at
 * most); the encoder itself is what typos move: on the example workspace one
 * typo in a message of up to four words has a median similarity of 0.70 (a
 * tenth below 0.46), of five to seven words 0.82, so the synonym threshold
 * would reject nearly every typo in a short message, the very ones that break
 * a recognizer (`operrator` 0.58, `balabce check` 0.59). Below this floor the
 * encoder reads the text as another sentence altogether.
 */
export const MIN_EDIT_SIMILARITY = 0.5;

export class SimilarityCheck {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(private readonly embedder: Embedder) {}

  /** The encoder behind the check, for the report. */
  get modelId(): string {
    return this.embedder.modelId;
  }

  /** Embeds the texts not embedded before, in one call. */
  async prepare(texts: readonly string[]): Promise<void> {
    const missing = [...new Set(texts.filter((t) => !this.vectors.has(t)))];
    if (missing.length === 0) return;
    const vectors = await this.embedder.embed(missing);
    missing.forEach((text, i) => this.vectors.set(text, vectors[i]!));
  }

  /** Cosine similarity of two prepared texts. */
  similarity(a: string, b: string): number {
    return cosine(this.vector(a), this.vector(b));
  }

  /** Whether `changed` keeps the meaning of `source` by the sentence threshold. */
  sentenceKept(source: string, changed: string): boolean {
    return this.similarity(source, changed) >= MIN_SENTENCE_SIMILARITY;
  }

  /** Whether `changed`, the source with typos, is close enough to it by the edit threshold. */
  editKept(source: string, changed: string): boolean {
    return this.similarity(source, changed) >= MIN_EDIT_SIMILARITY;
  }

  /** Whether `synonym` is close enough to `word` by the word threshold (case ignored; both must have been prepared in lower case). */
  wordKept(word: string, synonym: string): boolean {
    return this.similarity(word.toLowerCase(), synonym.toLowerCase()) >= MIN_WORD_SIMILARITY;
  }

  private vector(text: string): Float32Array {
    const vector = this.vectors.get(text);
    if (!vector) throw new Error(`SimilarityCheck: "${text}" was not prepared`);
    return vector;
  }
}
