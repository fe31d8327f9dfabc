import type { SlotDefinition } from '@colloquy/core';
import type { SlotExtraction, SlotExtractionOptions } from './SlotExtraction.ts';

/**
 * How one slot type reads its value. Each type lives in its own module under
 * `types/` and is registered in `slotTypes.ts`; the registry is keyed by the
 * schema's type names, so adding a type to the schema fails the build until
 * it is implemented here.
 */
export interface SlotType {
  /** Reads the value from the customer's answer to the slot's question. */
  extract(definition: SlotDefinition, text: string, options: SlotExtractionOptions): SlotExtraction;
  /**
   * Reads the value from the utterance that starts a flow, where the customer
   * was not asked for it: stricter than `extract`, succeeding only when the
   * utterance holds exactly one unmistakable value. Absent for types that are
   * never pre-filled (a number or free text in a sentence is too easily the
   * wrong one).
   */
  prefill?(definition: SlotDefinition, text: string, options: SlotExtractionOptions): SlotExtraction;
}
