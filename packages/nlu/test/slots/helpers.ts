import type { SlotDefinition } from '@colloquy/core';
import { extractSlot, type SlotExtraction } from '@colloquy/nlu';
import { expect } from 'vitest';

/** A fixed session date: Friday 20 March 2026. */
export const TODAY = '2026-03-20';

export function extract(definition: SlotDefinition, text: string, today = TODAY): SlotExtraction {
  return extractSlot(definition, text, { today });
}

/** The extracted value, asserting that extraction succeeded and that the span points at text that is really there. */
export function valueOf(definition: SlotDefinition, text: string, today = TODAY): unknown {
  const result = extract(definition, text, today);
  if (!result.ok) expect.fail(`expected a value from ${JSON.stringify(text)}, got: ${result.reason}`);
  expect(result.start).toBeGreaterThanOrEqual(0);
  expect(result.end).toBeGreaterThan(result.start);
  expect(result.end).toBeLessThanOrEqual(text.length);
  return result.value;
}

/** The reason extraction failed, asserting that it did. */
export function reasonFor(definition: SlotDefinition, text: string, today = TODAY): string {
  const result = extract(definition, text, today);
  if (result.ok) expect.fail(`expected no value from ${JSON.stringify(text)}, got ${JSON.stringify(result.value)}`);
  return result.reason;
}

/** The part of the text the extraction points at. */
export function spanOf(definition: SlotDefinition, text: string): string {
  const result = extract(definition, text);
  if (!result.ok) expect.fail(result.reason);
  return text.slice(result.start, result.end);
}
