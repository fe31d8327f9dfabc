import type { SlotDefinition } from '@colloquy/core';
import type { SlotValue } from '../recognizer.ts';
import type { SlotExtraction, SlotExtractionOptions } from './SlotExtraction.ts';
import { SLOT_TYPES } from './slotTypes.ts';

/**
 * Reads a slot's value from the customer's answer to its question, by the
 * slot's type (docs/reference/runtime.md, "Slot types"). Never throws: an
 * unusable definition or an answer without a value is `{ ok: false, reason }`.
 */
export function extractSlot(definition: SlotDefinition, text: string, options: SlotExtractionOptions): SlotExtraction {
  const type = slotTypeOf(definition);
  if (!type) return { ok: false, reason: 'unknown slot type' };
  return type.extract(definition, text, options);
}

/**
 * The slot values that the utterance starting a flow already contains, for
 * the types that cannot be mistaken for something else in a sentence
 * (`digits`, `enum`, `pattern`, `date`; never `number` or `text`, and never
 * `boolean`, as a yes only answers the question it was given to), and only
 * where the utterance holds exactly one value for the slot.
 */
export function prefillSlots(slots: Readonly<Record<string, SlotDefinition>>, text: string, options: SlotExtractionOptions): Record<string, SlotValue> {
  const found: Record<string, SlotValue> = {};
  for (const [name, definition] of Object.entries(slots)) {
    const prefill = slotTypeOf(definition)?.prefill;
    if (!prefill) continue;
    const extracted = prefill(definition, text, options);
    if (extracted.ok) found[name] = extracted.value;
  }
  return found;
}

function slotTypeOf(definition: SlotDefinition) {
  const type = (definition as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(SLOT_TYPES, type) ? SLOT_TYPES[type as SlotDefinition['type']] : undefined;
}
