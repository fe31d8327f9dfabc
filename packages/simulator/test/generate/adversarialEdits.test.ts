/**
 * DeepWordBug's character edits: one change inside one word, never the first
 * letter, each kind of edit once, from the caller's seeded stream.
 */
import { describe, expect, it } from 'vitest';
import { CHARACTER_EDITS, characterEdits, createRandom, QWERTY_NEIGHBOURS } from '@colloquy/simulator';
import { editDistance } from './helpers.ts';

describe('characterEdits', () => {
  const words = ['card', 'balance', 'Account', 'hello', 'hey', 'stolen'];

  it('makes each kind of edit at most once, one edit away, keeping the first letter', () => {
    for (const word of words) {
      for (let k = 0; k < 20; k++) {
        const edits = characterEdits(word, createRandom('edits', word, k));
        expect(edits.length).toBeGreaterThan(0);
        expect(new Set(edits.map((e) => e.kind)).size).toBe(edits.length);
        expect(new Set(edits.map((e) => e.text)).size).toBe(edits.length);
        for (const edit of edits) {
          expect(CHARACTER_EDITS).toContain(edit.kind);
          expect(edit.text).not.toBe(word);
          expect(edit.text[0]).toBe(word[0]);
          expect(editDistance(word, edit.text), `${word} -> ${edit.text}`).toBe(1);
          expect(edit.text.length - word.length).toBe(edit.kind === 'insert' ? 1 : edit.kind === 'delete' ? -1 : 0);
        }
      }
    }
  });

  it('substitutes and inserts keys next to a letter on the keyboard, in its case', () => {
    for (let k = 0; k < 30; k++) {
      const substitute = characterEdits('CARD', createRandom('keys', k)).find((e) => e.kind === 'substitute')!;
      const at = [...substitute.text].findIndex((c, i) => c !== 'CARD'[i]);
      expect(QWERTY_NEIGHBOURS['card'[at]!]).toContain(substitute.text[at]!.toLowerCase());
      expect(substitute.text).toBe(substitute.text.toUpperCase());
    }
  });

  it('is the same for the same stream, and leaves short words and non-letters alone', () => {
    expect(characterEdits('balance', createRandom('s', 1))).toEqual(characterEdits('balance', createRandom('s', 1)));
    expect(characterEdits('my', createRandom('s'))).toEqual([]);
    expect(characterEdits('4321', createRandom('s'))).toEqual([]);
    expect(characterEdits("can't", createRandom('s'))).toEqual([]);
  });
});
