import { createRandom, hashString } from '@colloquy/simulator';
import { describe, expect, it } from 'vitest';

describe('seeded random numbers', () => {
  it('hashes with 32-bit FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });

  it('gives the same stream for the same seed and another for another seed', () => {
    const draw = (...parts: string[]) => {
      const random = createRandom(...parts);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw('seed', 'noise')).toEqual(draw('seed', 'noise'));
    expect(draw('seed', 'noise')).not.toEqual(draw('seed', 'wording'));
    // Parts are joined unambiguously.
    expect(draw('a/b', 'c')).not.toEqual(draw('a', 'b/c'));
  });

  it('pins the first numbers so that a change to the generator shows up', () => {
    const random = createRandom('colloquy');
    expect(Array.from({ length: 5 }, () => random.int(1000))).toMatchInlineSnapshot(`
      [
        295,
        160,
        791,
        716,
        396,
      ]
    `);
  });

  it('stays in range and refuses bad arguments', () => {
    const random = createRandom('range');
    for (let i = 0; i < 1000; i++) {
      const n = random.next();
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(1);
      expect(random.int(7)).toBeLessThan(7);
    }
    expect(() => random.int(0)).toThrow(RangeError);
    expect(() => random.pick([])).toThrow(RangeError);
  });
});
