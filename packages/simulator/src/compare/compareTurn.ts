/**
 * Checks one turn's result against its `expect:` block. Only the fields the
 * test lists are checked; each field that does not hold gives one mismatch
 * (one per slot, action or text fragment for the fields that list several),
 * in the order of `EXPECTATION_FIELDS`, so reports read the same every run.
 */
import type { TurnExpectation } from '@colloquy/core';
import type { TurnResult } from '@colloquy/engine';
import type { SlotValue } from '@colloquy/nlu';
import type { ExpectationField, Mismatch } from '../report.ts';
import { joinReply, replyContains } from './replyText.ts';
import { sameSlotValue } from './sameSlotValue.ts';

/** A mismatch before it is placed in the test file: `path` is relative to the turn (`['expect', 'slots', 'card_last4']`). */
export type TurnMismatch = Omit<Mismatch, 'location'> & { readonly path: readonly (string | number)[] };

export function compareTurn(expect: TurnExpectation | undefined, result: TurnResult): TurnMismatch[] {
  if (!expect) return [];
  const mismatches: TurnMismatch[] = [];
  const reply = joinReply(result.messages);

  if (expect.intent !== undefined && result.intent !== expect.intent) {
    mismatches.push(mismatch('intent', undefined, expect.intent, result.intent ?? (result.fallback ? 'none (not understood)' : 'none')));
  }
  if (expect.fallback !== undefined && result.fallback !== expect.fallback) {
    mismatches.push(mismatch('fallback', undefined, String(expect.fallback), String(result.fallback)));
  }
  if (expect.flow !== undefined && result.flow !== expect.flow) {
    mismatches.push(mismatch('flow', undefined, expect.flow, result.flow ?? 'no flow'));
  }
  if (expect.node !== undefined && result.node !== expect.node) {
    mismatches.push(mismatch('node', undefined, expect.node, result.node ?? 'no node'));
  }
  for (const { text, path } of fragmentsOf(expect.bot, 'bot')) {
    if (!replyContains(reply, text)) {
      mismatches.push(mismatch('bot', text, `a reply containing ${quote(text)}`, describeReply(reply), path));
    }
  }
  for (const { text, path } of fragmentsOf(expect.not_bot, 'not_bot')) {
    if (replyContains(reply, text)) {
      mismatches.push(mismatch('not_bot', text, `a reply without ${quote(text)}`, describeReply(reply), path));
    }
  }
  for (const [slot, value] of Object.entries(expect.slots ?? {})) {
    const actual = Object.hasOwn(result.slots, slot) ? result.slots[slot] : undefined;
    if (!sameSlotValue(value, actual)) {
      mismatches.push(mismatch('slots', slot, formatSlotValue(value), actual === undefined ? 'no value' : formatSlotValue(actual)));
    }
  }
  for (const [action, outcome] of Object.entries(expect.actions ?? {})) {
    const ran = result.actions.filter((a) => a.action === action);
    if (!ran.some((a) => a.outcome === outcome)) {
      const actual = ran.length === 0 ? 'not run' : ran.map((a) => a.outcome).join(', ');
      mismatches.push(mismatch('actions', action, outcome, actual));
    }
  }
  if (expect.handoff !== undefined && result.handoff?.queue !== expect.handoff) {
    mismatches.push(mismatch('handoff', undefined, expect.handoff, result.handoff ? result.handoff.queue : 'no handoff'));
  }
  if (expect.end !== undefined && result.end !== expect.end) {
    mismatches.push(mismatch('end', undefined, expect.end, result.end ?? 'no end'));
  }
  return mismatches;
}

function mismatch(
  field: ExpectationField,
  key: string | undefined,
  expected: string,
  actual: string,
  textPath?: readonly (string | number)[],
): TurnMismatch {
  // `bot`/`not_bot` keys are the text itself: the label stays the field name.
  const keyed = key !== undefined && (field === 'slots' || field === 'actions');
  const label = keyed ? `${field}.${key}` : field;
  const path = textPath ?? (keyed ? ['expect', field, key] : ['expect', field]);
  return {
    field,
    ...(key !== undefined ? { key } : {}),
    expected,
    actual,
    message: `${label}: expected ${expected}, got ${actual}`,
    path,
  };
}

/** Each expected text with its path in the turn (`['expect', 'bot', 1]` for the second of a list). */
function fragmentsOf(value: string | readonly string[] | undefined, field: 'bot' | 'not_bot'): { text: string; path: (string | number)[] }[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ text: value, path: ['expect', field] }];
  return value.map((text, index) => ({ text, path: ['expect', field, index] }));
}

/** Text values are quoted (with escapes) so that `"250"` and `250` read differently. */
export function formatSlotValue(value: SlotValue): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function describeReply(reply: string): string {
  return reply === '' ? 'no reply' : quote(reply);
}
