import type { SlotExtraction } from '../SlotExtraction.ts';
import type { SlotType } from '../SlotType.ts';

/** `text`: any non-empty answer, trimmed. */
export const textSlot: SlotType = {
  extract(_definition, text): SlotExtraction {
    const start = text.length - text.trimStart().length;
    const end = text.trimEnd().length;
    if (end <= start) return { ok: false, reason: 'the answer is empty' };
    return { ok: true, value: text.slice(start, end), start, end };
  },
};
