/**
 * A sentence encoder: texts in, one vector per text out. Implementations own
 * their model (a TensorFlow.js graph, an ONNX session) and are identified by
 * `modelId` and `weightsSha256`, so that embeddings, caches and recognitions
 * computed with one set of weights are never mixed up with another's.
 */
export interface Embedder {
  /** A readable id of the model, e.g. `use-lite-512`. */
  readonly modelId: string;
  /** sha256 (hex) over the model's weight files in manifest order, computed once when the model is loaded. */
  readonly weightsSha256: string;
  /** Length of every vector `embed` returns. */
  readonly dimensions: number;
  /** One vector per text, in order. Never throws on odd text; rejects only when the model itself fails. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Frees the model's memory (tensors, backend buffers). */
  dispose(): void;
}
