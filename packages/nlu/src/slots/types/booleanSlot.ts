import { wordsOf, type Word } from '../../text/words.ts';
import { PhraseTable, type PhraseMatch } from '../PhraseTable.ts';
import type { SlotExtraction } from '../SlotExtraction.ts';
import type { SlotType } from '../SlotType.ts';
import { AUXILIARIES, BOOLEAN_PHRASES, INTERROGATIVES, QUESTION_SUBJECTS, type Polarity } from './booleanVocabulary.ts';

/**
 * `boolean`: yes or no, from a vocabulary of affirmations and negations
 * ("yes", "sure", "I do"; "no", "not really", "I don't"). An answer that is
 * unsure ("not sure", "maybe"), says both ("yes... no") or asks a question
 * ("is that right?", "can you do it") fills nothing, so the question is asked
 * again rather than guessed: these slots hold consents and confirmations.
 *
 * Never pre-filled from the utterance that starts a flow: a yes or no only
 * answers the question it was given to ("No, it hasn't arrived" is not a "no"
 * to "may I check your identity?"; docs/reference/runtime.md).
 */
export const booleanSlot: SlotType = {
  extract(_definition, text) {
    const words = wordsOf(text);
    const matches = ANSWERS.find(words);
    if (matches.length === 0) return { ok: false, reason: 'no yes or no found' };
    if (matches.some((m) => m.values.includes('unsure'))) return { ok: false, reason: 'the answer is unsure' };
    if (isQuestion(text, words, matches)) return { ok: false, reason: 'the answer is a question' };
    const first = matches[0]!;
    const polarity = first.values[0]!;
    if (matches.some((m) => m.values[0] !== polarity)) return { ok: false, reason: 'the answer says both yes and no' };
    return { ok: true, value: polarity === 'yes', start: first.start, end: first.end };
  },
};

const ANSWERS = new PhraseTable<Polarity>(BOOLEAN_PHRASES);

/** `?` and its full-width, Arabic and reversed forms. */
const QUESTION_MARK = /[?？؟⸮]/u;

/**
 * A question holds yes/no words that are not an answer ("is that right?"
 * holds "right", "do I have to" holds "I have"). A question is marked by a
 * question mark (even "yes?" or "why not?": asking again costs a turn, a
 * wrong yes can confirm a payment), or opens with a question word ("what",
 * "how") or with an auxiliary before its subject ("can you", "is that",
 * "do I"), unless those opening words are themselves an answer ("why not",
 * "do it").
 */
function isQuestion(text: string, words: readonly Word[], matches: readonly PhraseMatch<Polarity>[]): boolean {
  if (QUESTION_MARK.test(text)) return true;
  const opening = words[0]?.folded;
  if (opening === undefined) return false;
  if (matches[0]!.firstWord === 0) return false;
  if (INTERROGATIVES.has(opening)) return true;
  const subject = words[1]?.folded;
  return AUXILIARIES.has(opening) && subject !== undefined && QUESTION_SUBJECTS.has(subject);
}
