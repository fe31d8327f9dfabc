import { MAX_NOISE_EDITS, NOISE_KINDS, QWERTY_NEIGHBOURS, generateCases } from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@colloquy/core';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { casesOf, editDistance, examplesByIntent, expectSeeded } from './helpers.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await exampleWorkspace();
});

describe('noise generator', () => {
  it('is deterministic under a seed and changes with the seed', () => {
    expectSeeded((seed) => casesOf(workspace, 'noise', seed));
  });

  it('labels every case with its source, transformation and a same-intent expectation', () => {
    const examples = examplesByIntent(workspace);
    const cases = casesOf(workspace, 'noise');
    expect(cases.length).toBe(examples.size * 3);
    for (const c of cases) {
      const [source] = c.sources;
      expect(c.sources).toHaveLength(1);
      expect(examples.get(source!.intent)).toContain(source!.utterance);
      expect(c.id).toMatch(new RegExp(`^noise/${source!.intent}/[0-2]$`));
      expect(NOISE_KINDS).toContain(c.transformation);
      expect(c.detail).not.toBe('');
      expect(c).toMatchObject({ generator: 'noise', expectation: 'same-intent', accept: ['same-intent'], intents: [source!.intent], mustNotEcho: [] });
      expect(c.utterance).not.toBe(source!.utterance);
    }
  });

  it('uses every kind of noise across the workspace', () => {
    const kinds = new Set(casesOf(workspace, 'noise').map((c) => c.transformation));
    expect([...kinds].sort()).toEqual([...NOISE_KINDS].sort());
  });

  it('keeps each kind of noise within its limits', () => {
    const cases = generateCases(workspace, { generators: ['noise'], seed: 'limits', perIntent: 16 });
    for (const c of cases) {
      const source = c.sources[0]!.utterance;
      const text = c.utterance;
      switch (c.transformation) {
        case 'keyboard': {
          expect(text.length).toBe(source.length);
          const changed = [...text].flatMap((ch, i) => (ch === source[i] ? [] : [[source[i]!, ch] as const]));
          expect(changed.length).toBeGreaterThan(0);
          expect(changed.length).toBeLessThanOrEqual(MAX_NOISE_EDITS);
          for (const [from, to] of changed) expect(QWERTY_NEIGHBOURS[from.toLowerCase()]).toContain(to.toLowerCase());
          break;
        }
        case 'deletion':
        case 'doubling':
        case 'transposition': {
          const distance = editDistance(source, text);
          expect(distance, `${c.id}: ${source} -> ${text}`).toBeGreaterThan(0);
          expect(distance, `${c.id}: ${source} -> ${text}`).toBeLessThanOrEqual(MAX_NOISE_EDITS);
          if (c.transformation === 'transposition') expect([...text].sort().join('')).toBe([...source].sort().join(''));
          break;
        }
        case 'casing':
          expect(text.toLowerCase()).toBe(source.toLowerCase());
          break;
        case 'punctuation': {
          const bare = (s: string) => s.replace(/[^\p{L}\p{N} ]/gu, '').replace(/ +/g, ' ').trim();
          expect(bare(text)).toBe(bare(source));
          break;
        }
        case 'whitespace': {
          const words = (s: string) => s.split(/\s+/).filter(Boolean);
          expect(words(text)).toEqual(words(source));
          break;
        }
        case 'emoji':
          expect(text).toContain(source);
          expect(text.length).toBeGreaterThan(source.length);
          break;
        default:
          throw new Error(`unexpected transformation ${c.transformation}`);
      }
    }
  });

  it('never edits a word of fewer than three letters', () => {
    const cases = generateCases(workspace, { generators: ['noise'], seed: 'short words', perIntent: 16 });
    for (const c of cases.filter((c) => ['keyboard', 'deletion', 'transposition', 'doubling'].includes(c.transformation))) {
      const short = (s: string) => s.match(/\b[A-Za-z]{1,2}\b/g) ?? [];
      // Deletions can only shorten long words to two letters, so short words of the source all survive.
      for (const word of short(c.sources[0]!.utterance)) expect(c.utterance).toMatch(new RegExp(`\\b${word}\\b`));
    }
  });
});
