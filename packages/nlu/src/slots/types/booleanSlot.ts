import { wordsOf } from '../../text/words.ts';
import { PhraseTable } from '../PhraseTable.ts';
import type { SlotExtraction } from '../SlotExtraction.ts';
import type { SlotType } from '../SlotType.ts';
import { BOOLEAN_PHRASES, OPENING_ANSWERS, type Polarity } from './booleanVocabulary.ts';

/**
 * `boolean`: yes or no, from a vocabulary of affirmations and negations
 * ("yes", "sure", "I do"; "no", "not really", "I don't"). An answer that is
 * unsure ("not sure", "maybe") or says both ("yes... no") fills nothing, so
 * the question is asked again rather than guessed.
 */
export const booleanSlot: SlotType = {
  extract(_definition, text) {
    const matches = ANSWERS.find(wordsOf(text));
    if (matches.length === 0) return { ok: false, reason: 'no yes or no found' };
    if (matches.some((m) => m.values.includes('unsure'))) return { ok: false, reason: 'the answer is unsure' };
    const first = matches[0]!;
    const polarity = first.values[0]!;
    if (matches.some((m) => m.values[0] !== polarity)) return { ok: false, reason: 'the answer says both yes and no' };
    return { ok: true, value: polarity === 'yes', start: first.start, end: first.end };
  },
  /** Only an opening "Yes," or "No," followed by punctuation or nothing: see OPENING_ANSWERS. */
  prefill(_definition, text) {
    const words = wordsOf(text);
    const opening = OPENINGS.find(words)[0];
    if (!opening || opening.firstWord !== 0) return { ok: false, reason: 'the utterance does not open with yes or no' };
    const after = text.slice(opening.end);
    if (!/^\s*(?:$|[,.!;:\-–—])/u.test(after)) return { ok: false, reason: 'the utterance does not open with yes or no' };
    return { ok: true, value: opening.values[0] === 'yes', start: opening.start, end: opening.end };
  },
};

const ANSWERS = new PhraseTable<Polarity>(BOOLEAN_PHRASES);
const OPENINGS = new PhraseTable<Polarity>(OPENING_ANSWERS);
