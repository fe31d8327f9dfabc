/**
 * Seeded pseudo-random numbers for the case generators: a seed string is
 * hashed with 32-bit FNV-1a and drives mulberry32 (@colloquy/nlu), so the
 * same seed gives the same numbers on every engine and platform.
 */
import { mulberry32 } from '@colloquy/nlu';

/** A stream of numbers from one seed. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). `n` must be a positive integer. */
  int(n: number): number;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** 32-bit FNV-1a over the string's UTF-16 code units. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A stream seeded by `parts`. The parts are joined unambiguously (as a JSON
 * array), so ("a/b", "c") and ("a", "b/c") give different streams.
 */
export function createRandom(...parts: readonly (string | number)[]): Random {
  const next = mulberry32(hashString(JSON.stringify(parts)));
  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Random.int needs a positive integer, got ${n}`);
    return Math.floor(next() * n);
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('Random.pick needs a non-empty list');
      return items[int(items.length)]!;
    },
    chance: (p) => next() < p,
  };
}
