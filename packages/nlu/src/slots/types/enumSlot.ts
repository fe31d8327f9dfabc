import type { SlotDefinition } from '@colloquy/core';
import { wordsOf } from '../../text/words.ts';
import { PhraseTable } from '../PhraseTable.ts';
import { singleValue, type SlotExtraction } from '../SlotExtraction.ts';
import type { SlotType } from '../SlotType.ts';

/**
 * `enum`: a value's name or one of its synonyms, as whole words,
 * case-insensitive ("credit_card" is also said "credit card"). Multi-word
 * synonyms count, the longest match wins where matches overlap, and an answer
 * naming two different values is ambiguous, so it fills nothing.
 */
export const enumSlot: SlotType = {
  extract: extractEnum,
  prefill: extractEnum,
};

function extractEnum(definition: SlotDefinition, text: string): SlotExtraction {
  const table = phraseTableOf(definition);
  if (!table) return { ok: false, reason: 'the slot has no `values`' };
  const matches = table.find(wordsOf(text));
  return singleValue(
    matches.flatMap((m) => m.values.map((value) => ({ value, start: m.start, end: m.end }))),
    'none of the values was mentioned',
    'more than one of the values was mentioned',
  );
}

/** Phrase tables per slot definition: definitions live as long as their compiled flow, so building once per definition is enough. */
const tables = new WeakMap<SlotDefinition, PhraseTable<string> | undefined>();

function phraseTableOf(definition: SlotDefinition): PhraseTable<string> | undefined {
  if (tables.has(definition)) return tables.get(definition);
  const values = definition.values;
  const table =
    values && typeof values === 'object' && Object.keys(values).length > 0
      ? new PhraseTable<string>(
          Object.entries(values).flatMap(([name, synonyms]) => [
            [name, name] as const,
            ...(Array.isArray(synonyms) ? synonyms : []).filter((s) => typeof s === 'string').map((s) => [s, name] as const),
          ]),
        )
      : undefined;
  tables.set(definition, table);
  return table;
}
