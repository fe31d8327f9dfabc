/**
 * DeepWordBug's character edits (Gao et al., 2018): one change inside one
 * word, what a slip of the thumb does: two neighbouring letters swapped, a
 * letter replaced by a key next to it, a letter dropped, a letter added. The
 * first letter stays (people seldom mistype it, and readers lean on it), and
 * words shorter than three letters are left alone, as in `noise`. Positions
 * and letters come from the caller's seeded stream.
 */
import { QWERTY_NEIGHBOURS } from './noise.ts';
import type { Random } from './random.ts';

export const CHARACTER_EDITS = ['swap', 'substitute', 'delete', 'insert'] as const;
export type CharacterEdit = (typeof CHARACTER_EDITS)[number];

/** The shortest word that gets character edits. */
export const MIN_EDITED_WORD_LENGTH = 3;

/** Each kind of edit applied once to `word` (kinds that cannot apply, or give the word back unchanged, are left out). */
export function characterEdits(word: string, random: Random): { readonly kind: CharacterEdit; readonly text: string }[] {
  if (word.length < MIN_EDITED_WORD_LENGTH || !/^[A-Za-z]+$/.test(word)) return [];
  const out: { kind: CharacterEdit; text: string }[] = [];
  for (const kind of CHARACTER_EDITS) {
    const text = edit(word, kind, random);
    if (text !== undefined && text !== word && !out.some((e) => e.text === text)) out.push({ kind, text });
  }
  return out;
}

function edit(word: string, kind: CharacterEdit, random: Random): string | undefined {
  switch (kind) {
    case 'swap': {
      // Letters i and i + 1, for i from 1 to length - 2: never the first letter.
      const i = 1 + random.int(word.length - 2);
      if (word[i] === word[i + 1]) return undefined;
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    }
    case 'substitute': {
      const at = 1 + random.int(word.length - 1);
      return word.slice(0, at) + neighbourOf(word[at]!, random) + word.slice(at + 1);
    }
    case 'delete': {
      const at = 1 + random.int(word.length - 1);
      return word.slice(0, at) + word.slice(at + 1);
    }
    case 'insert': {
      // A key next to the letter before, typed after it (`card` → `cadrd`).
      const at = 1 + random.int(word.length - 1);
      return word.slice(0, at) + neighbourOf(word[at - 1]!, random) + word.slice(at);
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown character edit ${String(unreachable)}`);
    }
  }
}

/** A key next to `letter` on a QWERTY keyboard, in the letter's case. */
function neighbourOf(letter: string, random: Random): string {
  const neighbour = random.pick([...QWERTY_NEIGHBOURS[letter.toLowerCase()]!]);
  return letter === letter.toUpperCase() ? neighbour.toUpperCase() : neighbour;
}
