import type { Embedder } from '@colloquy/nlu';

/**
 * A tiny deterministic embedder for classifier and cache tests: each word
 * adds a fixed pseudo-random direction, so sentences sharing words are close.
 * Counts the texts it was asked to embed.
 */
export function wordEmbedder(dimensions = 64): Embedder & { calls: string[] } {
  const calls: string[] = [];
  const direction = (word: string) => {
    let h = 2166136261;
    for (const ch of word) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
    return Float32Array.from({ length: dimensions }, (_, i) => Math.sin(h * 0.001 + i * 12.9898) * 43758.5453 % 1);
  };
  return {
    modelId: 'words',
    weightsSha256: 'f'.repeat(64),
    dimensions,
    calls,
    dispose: () => {},
    async embed(texts) {
      calls.push(...texts);
      return texts.map((text) => {
        const out = new Float32Array(dimensions);
        for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) direction(word).forEach((v, i) => (out[i]! += v));
        return out;
      });
    },
  };
}
