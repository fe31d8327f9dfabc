import type { SlotDefinition } from '@colloquy/core';
import type { SlotType } from './SlotType.ts';
import { booleanSlot } from './types/booleanSlot.ts';
import { dateSlot } from './types/dateSlot.ts';
import { digitsSlot } from './types/digitsSlot.ts';
import { enumSlot } from './types/enumSlot.ts';
import { numberSlot } from './types/numberSlot.ts';
import { patternSlot } from './types/patternSlot.ts';
import { textSlot } from './types/textSlot.ts';

/** Every slot type of the flow schema, by name. Typed so that a type added to the schema must be added here. */
export const SLOT_TYPES: Readonly<Record<SlotDefinition['type'], SlotType>> = {
  text: textSlot,
  number: numberSlot,
  digits: digitsSlot,
  enum: enumSlot,
  pattern: patternSlot,
  date: dateSlot,
  boolean: booleanSlot,
};
