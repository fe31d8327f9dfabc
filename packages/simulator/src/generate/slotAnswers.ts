/**
 * What a customer says to a question, by the slot's type: answers that fill
 * it (each with the value the slot's type reads from it), answers that do
 * not, and the spoken forms of corrections and of values given early. Every
 * answer is checked with @colloquy/nlu's `extractSlot`, the extractor the
 * engine uses, so a "valid" answer is one the engine accepts and an
 * "invalid" one is one it refuses, whatever the slot's settings (a
 * `min`/`max`, an enum's synonyms, a pattern).
 *
 * Valid answers come first from the workspace's scripted tests (a turn whose
 * `expect.slots` names the slot, when its utterance gives that value), then
 * from small built-in lists; the order is fixed, so a seeded pick is
 * reproducible.
 */
import type { SlotDefinition, Workspace } from '@colloquy/core';
import { extractSlot, type SlotValue } from '@colloquy/nlu';

export interface SpokenValue {
  readonly text: string;
  readonly value: SlotValue;
}

/** Utterances of scripted test turns that expect a value for a slot, by `flow/slot` (the turn's `expect.flow`, else its suite's `flow`, else `*`). */
export type HarvestedAnswers = ReadonlyMap<string, readonly string[]>;

export function harvestAnswers(workspace: Workspace): HarvestedAnswers {
  const found = new Map<string, string[]>();
  for (const file of workspace.tests) {
    for (const test of file.data.tests) {
      for (const turn of test.turns) {
        for (const slot of Object.keys(turn.expect?.slots ?? {})) {
          const key = `${turn.expect?.flow ?? file.data.flow ?? '*'}/${slot}`;
          const list = found.get(key) ?? [];
          if (!list.includes(turn.user)) list.push(turn.user);
          found.set(key, list);
        }
      }
    }
  }
  return found;
}

const DIGIT_SOURCE = '48217390156482937105';

/** Built-in answers that fill a slot of each type, before they are checked against the slot's settings. */
function builtInAnswers(definition: SlotDefinition): string[] {
  switch (definition.type) {
    case 'boolean':
      return ['yes', 'no', 'yes please', 'no thanks'];
    case 'digits': {
      const length = definition.length ?? 4;
      return [0, 3, 7, 11].map((offset) => DIGIT_SOURCE.repeat(Math.ceil((offset + length) / DIGIT_SOURCE.length) + 1).slice(offset, offset + length));
    }
    case 'number': {
      const numbers = [250, 40, 75, 1200, 15, 600, 8, 3, 30, 5000];
      const inRange = numbers.filter((n) => (definition.min === undefined || n >= definition.min) && (definition.max === undefined || n <= definition.max));
      const middle = Math.floor(((definition.min ?? 0) + (definition.max ?? (definition.min ?? 0) + 100)) / 2);
      return (inRange.length > 0 ? inRange : [middle]).map(String);
    }
    case 'enum':
      return Object.entries(definition.values ?? {}).flatMap(([name, synonyms]) => [...(Array.isArray(synonyms) ? synonyms.slice(0, 1) : []), name.replace(/_/g, ' ')]);
    case 'date':
      return ['14 March', '2 February', '21 April', 'yesterday', '3 May'];
    case 'pattern':
      return ['SW1A 1AA', 'M1 1AE', 'LS1 4AP', 'B33 8TH', 'AB123456', 'REF12345', '12345678', 'X1Y2Z3'];
    case 'text':
      return ['Alex Morgan', 'Priya Shah', '12 Mill Lane'];
    default:
      return [];
  }
}

/**
 * Answers that give the slot a value, harvested ones first, one per distinct
 * text; for an enum, every value that can be said. A `text` slot gets the
 * built-in names and addresses only when the tests gave no answer: any text
 * is a value, so only the tests know what fits the question.
 */
export function validAnswers(definition: SlotDefinition, harvested: readonly string[], today: string): SpokenValue[] {
  const answers: SpokenValue[] = [];
  const builtIn = definition.type === 'text' && harvested.some((text) => text.trim() !== '') ? [] : builtInAnswers(definition);
  for (const text of [...harvested, ...builtIn]) {
    if (answers.some((a) => a.text === text)) continue;
    const extracted = extractSlot(definition, text, { today });
    if (extracted.ok) answers.push({ text, value: extracted.value });
  }
  return answers;
}

/** One answer per distinct value, in the order of `answers`: the choices a question's routes can branch on. */
export function distinctValues(answers: readonly SpokenValue[]): SpokenValue[] {
  return answers.filter((a, i) => answers.findIndex((b) => b.value === a.value) === i);
}

/**
 * Answers the slot's type refuses: a wrong number of digits, a number out of
 * range, a word that is no value, an impossible date, an unsure yes/no. None
 * for `text`, which takes any answer that is not empty.
 */
export function invalidAnswers(definition: SlotDefinition, today: string): string[] {
  const candidates: string[] = [];
  switch (definition.type) {
    case 'boolean':
      candidates.push('maybe', 'not sure', 'it depends');
      break;
    case 'digits': {
      const length = definition.length ?? 4;
      if (length > 1) candidates.push(DIGIT_SOURCE.slice(0, length - 1));
      candidates.push(DIGIT_SOURCE.repeat(2).slice(0, length + 2), "I don't know it");
      break;
    }
    case 'number':
      if (definition.max !== undefined) candidates.push(String(Math.max(definition.max * 10, definition.max + 100)));
      if (definition.min !== undefined && definition.min > 0) candidates.push('0');
      candidates.push('quite a lot', 'not much');
      break;
    case 'enum':
      candidates.push('the purple one', 'none of your business', 'erm, the usual');
      break;
    case 'date':
      candidates.push('the 31st of February', 'sometime soon', 'ages ago');
      break;
    case 'pattern':
      candidates.push("I don't have it to hand", 'no idea', 'hang on');
      break;
    case 'text':
      break;
  }
  return candidates.filter((text) => !extractSlot(definition, text, { today }).ok);
}

/** How a customer takes an answer back within one message; `{x}` is what they said first, `{y}` what they meant. */
export const CORRECTION_TEMPLATES = ['{x}, sorry, I mean {y}', '{x}. Actually, make it {y}', '{x}, no wait, {y}', 'Hmm, {x}. No, {y}'] as const;

/** How a value comes with the first message; `{x}` is the intent example, `{v}` the value (a short one: EARLY_VALUE_MAX_WORDS). */
export const EARLY_TEMPLATES = ["{x}, it's {v}", '{x} - {v}', '{x} ({v})'] as const;

/** Longest answer given early, in words: a whole answer sentence ("I was charged twice at the supermarket") reads oddly after "it's". */
export const EARLY_VALUE_MAX_WORDS = 3;

/** Slot types the engine takes from the message that starts a flow (docs/reference/runtime.md): only these can be given early. */
export const PREFILLED_TYPES: ReadonlySet<SlotDefinition['type']> = new Set(['digits', 'enum', 'pattern', 'date']);
