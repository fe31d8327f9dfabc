import type { Embedder } from './Embedder.ts';
import type { EmbeddingCache } from './EmbeddingCache.ts';

/**
 * An embedder that asks the model only for texts the cache does not hold
 * (each distinct text once per call), and remembers what it computed. The
 * vectors handed out are the cached ones: callers must not write to them.
 */
export function cachedEmbedder(embedder: Embedder, cache: EmbeddingCache): Embedder {
  const hash = embedder.weightsSha256;
  return {
    modelId: embedder.modelId,
    weightsSha256: hash,
    dimensions: embedder.dimensions,
    dispose: () => embedder.dispose(),
    async embed(texts) {
      const missing = [...new Set(texts.filter((text) => cache.get(hash, text) === undefined))];
      const computed = new Map<string, Float32Array>();
      if (missing.length > 0) {
        const vectors = await embedder.embed(missing);
        missing.forEach((text, i) => {
          computed.set(text, vectors[i]!);
          cache.set(hash, text, vectors[i]!);
        });
      }
      // Read back from `computed` first: a small cache may already have evicted a text of this call.
      return texts.map((text) => computed.get(text) ?? cache.get(hash, text)!);
    },
  };
}
