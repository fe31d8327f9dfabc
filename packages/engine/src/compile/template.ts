/**
 * Message templates: `{name}` placeholders replaced by the value of a slot, a
 * rules output or a context variable. Templates are parsed once, when the
 * engine is built, so a turn only concatenates precomputed parts.
 *
 * What counts as a placeholder is @colloquy/core's `findPlaceholders`, the
 * same definition the placeholder checks use: `{` + an identifier + `}`.
 * Anything else in braces (`{ }`, `{1,2}`) is plain text, and a placeholder
 * whose name has no value renders as written, so a designer sees
 * `{card_last4}` in Try-it rather than an empty gap.
 */
import { findPlaceholders } from '@colloquy/core';
import type { SlotValue } from '@colloquy/nlu';

/** Literal text and placeholder names, alternating: `parts[0]` is text, `parts[1]` a name, ... */
export interface Template {
  /** The message as written. */
  readonly text: string;
  /** Undefined when the message has no placeholder: it is sent as `text`. */
  readonly parts: readonly string[] | undefined;
}

export function compileTemplate(text: string): Template {
  const parts: string[] = [];
  let last = 0;
  for (const { name, offset } of findPlaceholders(text)) {
    parts.push(text.slice(last, offset), name);
    last = offset + name.length + 2;
  }
  if (parts.length === 0) return { text, parts: undefined };
  parts.push(text.slice(last));
  return { text, parts };
}

/** Where placeholder values come from, in lookup order (null-prototype records). */
export type ValueScope = readonly (Readonly<Record<string, SlotValue>> | undefined)[];

export function renderTemplate(template: Template, scope: ValueScope): string {
  const parts = template.parts;
  if (parts === undefined) return template.text;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = lookup(name, scope);
    out += value === undefined ? `{${name}}` : String(value);
    out += parts[i + 1]!;
  }
  return out;
}

function lookup(name: string, scope: ValueScope): SlotValue | undefined {
  for (const values of scope) {
    const value = values?.[name];
    if (value !== undefined) return value;
  }
  return undefined;
}
