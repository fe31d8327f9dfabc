import { BACKGROUND_UTTERANCES, normalizeUtterance } from '@colloquy/nlu';
import { describe, expect, it } from 'vitest';
import { BLANK_PROBES, OUT_OF_SCOPE_PROBES } from '../../src/generate/probes.ts';

describe("the model recognizer's background utterances", () => {
  it('are none of the out-of-scope probes: a simulation tests what the recognizer never learnt', () => {
    const probes = new Set([...Object.values(OUT_OF_SCOPE_PROBES).flat(), ...Object.values(BLANK_PROBES).flat().map((p) => p.text)].map(normalizeUtterance));
    const shared = BACKGROUND_UTTERANCES.filter((text) => probes.has(normalizeUtterance(text)));
    expect(shared).toEqual([]);
    expect(new Set(BACKGROUND_UTTERANCES.map(normalizeUtterance)).size).toBe(BACKGROUND_UTTERANCES.length);
  });
});
