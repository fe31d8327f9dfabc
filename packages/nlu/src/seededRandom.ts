/**
 * mulberry32 (Tommy Ettinger, public domain): a seeded stream of floats in [0, 1) from a few
 * lines of 32-bit integer arithmetic, so the same seed gives the same numbers on every engine
 * and platform. Everything in Colloquy that must be reproducible (training order, generated
 * cases, the tiny test model's weights) draws from it; Math.random is never used. Not for secrets.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
