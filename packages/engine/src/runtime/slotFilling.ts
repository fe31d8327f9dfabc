/**
 * Slot values from what the customer says, through @colloquy/nlu's slot
 * extractors (one definition of each slot type for the runtime, the
 * simulator and the studio). This module is the engine's only contact with
 * them.
 */
import { extractSlot, prefillSlots as extractPrefill, type SlotValue } from '@colloquy/nlu';
import type { Question } from '../compile/compiled.ts';
import type { Frame } from './SessionState.ts';
import type { TurnScope } from './TurnScope.ts';

/** The answer's value for the question's slot, or undefined when the answer does not contain one. */
export function readAnswer(scope: TurnScope, question: Question, utterance: string): SlotValue | undefined {
  const extracted = extractSlot(question.definition, utterance, { today: scope.state.today });
  return extracted.ok ? extracted.value : undefined;
}

/** Fills the slots that the utterance starting the flow already contains (only the unambiguous types; see compileFlow). */
export function prefillSlots(scope: TurnScope, frame: Frame, utterance: string): void {
  const found = extractPrefill(frame.flow.prefillable, utterance, { today: scope.state.today });
  for (const slot in found) {
    const value = found[slot]!;
    frame.slots[slot] = value;
    scope.turn.record({ type: 'slot_filled', flow: frame.flow.id, slot, value, source: 'prefill', at: frame.flow.slotAt.get(slot) });
  }
}
