/**
 * Writing YAML scalars and flow collections for the test cases Try-it saves,
 * in the style of the example test files: ids plain (`node: ask_last4`),
 * what people say and read in double quotes (`user: "it ends in 4821"`),
 * expectations as one-line flow maps.
 *
 * Every quoted string is written as JSON, which YAML 1.2 reads back exactly
 * (escapes included), so no text can break out of its scalar. Callers check
 * the result by parsing it again (`conversationToTest.ts`).
 */

export type YamlScalar = string | number | boolean;

/** Plain scalars we write unquoted: identifiers, action names, outcomes. Anything else is quoted. */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Words YAML 1.1 or 1.2 reads as something other than a string. */
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n)$/i;

/** True when `text` reads back as the same string without quotes, in a block or inside a flow collection. */
export function isPlainSafe(text: string): boolean {
  return PLAIN.test(text) && !RESERVED.test(text);
}

/** A string in double quotes (JSON escapes, which YAML reads back exactly). */
export function quoted(text: string): string {
  return JSON.stringify(text);
}

/** A scalar: numbers and booleans as they are, strings plain when safe, else quoted. */
export function scalar(value: YamlScalar): string {
  if (typeof value === 'string') return isPlainSafe(value) ? value : quoted(value);
  if (typeof value === 'number') {
    // Callers only pass finite numbers; a non-finite one would not survive as a test value anyway.
    return Number.isFinite(value) ? String(value) : quoted(String(value));
  }
  return value ? 'true' : 'false';
}

/** A mapping key. */
export function key(name: string): string {
  return isPlainSafe(name) ? name : quoted(name);
}

/** `{ a: 1, b: "x" }` from rendered values; `{}` when empty. */
export function flowMap(entries: readonly (readonly [string, string])[]): string {
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${v}`).join(', ')} }`;
}

/** `[a, "b c"]` from rendered items. */
export function flowSeq(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** A flow map of scalars, keys in the given order. */
export function scalarMap(record: Readonly<Record<string, YamlScalar>>): string {
  return flowMap(Object.entries(record).map(([k, v]) => [k, scalar(v)] as const));
}
