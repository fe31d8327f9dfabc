/**
 * A bounded least-recently-used store of embeddings keyed by model hash and
 * text. Designers re-run the same tests and simulations, and a studio session
 * re-trains on nearly the same examples after every edit, so most texts were
 * embedded before. Keyed by the weights' hash, one cache can serve several
 * models without ever handing one model's vector to another.
 */
export class EmbeddingCache {
  private readonly entries = new Map<string, Float32Array>();

  /** @param capacity most embeddings kept; 20,000 × 512 floats is about 40 MB. */
  constructor(private readonly capacity = 20_000) {}

  get size(): number {
    return this.entries.size;
  }

  get(modelHash: string, text: string): Float32Array | undefined {
    const key = cacheKey(modelHash, text);
    const found = this.entries.get(key);
    if (found !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry most recent.
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(modelHash: string, text: string, embedding: Float32Array): void {
    if (this.capacity <= 0) return;
    const key = cacheKey(modelHash, text);
    this.entries.delete(key);
    while (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, embedding);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The hash is fixed-length hex, so a separator that cannot occur in it keeps keys unambiguous. */
function cacheKey(modelHash: string, text: string): string {
  return `${modelHash}\u0000${text}`;
}
