/**
 * Context variables typed in by a person, for a conversation outside a test file:
 * `colloquy chat --context NAME=VALUE` and the studio's Try-it settings. Test files
 * need none of this (YAML already types their values). One parser, so the CLI and
 * the studio give a text the same value and refuse the same mistakes.
 */
import type { ContextVariable } from '@colloquy/core';
import type { ContextValue } from '@colloquy/engine';

/** What the parser needs of a declaration: agent.yaml's `context.<name>` with its name. */
export interface ContextDeclaration {
  readonly name: string;
  readonly type: ContextVariable['type'];
  /** For text variables with a closed list of values. */
  readonly values?: readonly string[];
}

/** `value` undefined: nothing was typed, so the conversation uses the agent.yaml default. */
export type ParsedContextValue = { readonly ok: true; readonly value: ContextValue | undefined } | { readonly ok: false; readonly reason: string };

/**
 * `raw` as a value of the variable's declared type: `true`/`false` for a boolean, a
 * finite number for a number, one of `values` (or any text) for a string; a declared
 * string stays a string even when it looks like a number (`--context branch=0042`).
 * Without a declaration (a variable agent.yaml does not declare) the type is guessed:
 * `true`/`false`, then a number, else the text. Empty or blank input is "not set".
 * A mismatch is refused with a reason a person understands.
 */
export function parseContextValue(raw: string, declared?: ContextDeclaration): ParsedContextValue {
  const text = raw.trim();
  if (text === '') return { ok: true, value: undefined };
  if (!declared) return { ok: true, value: guessContextValue(text) };
  switch (declared.type) {
    case 'boolean':
      if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
      return { ok: false, reason: `${declared.name} is true or false` };
    case 'number': {
      const value = Number(text);
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: `${declared.name} is a number, e.g. 0.5` };
    }
    case 'string':
      if (declared.values && !declared.values.includes(text)) return { ok: false, reason: `${declared.name} is one of ${declared.values.join(', ')}` };
      return { ok: true, value: text };
    default: {
      const unreachable: never = declared.type;
      return { ok: false, reason: `${declared.name} has an unknown type ${String(unreachable)}` };
    }
  }
}

function guessContextValue(text: string): ContextValue {
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

/** How a value is shown in a field that `parseContextValue` reads back (empty for "not set"). */
export function formatContextValue(value: ContextValue | undefined): string {
  return value === undefined ? '' : String(value);
}

/** The declarations agent.yaml makes, by name, for `parseContextValue`. */
export function contextDeclarations(agentContext: Readonly<Record<string, ContextVariable>> | undefined): Map<string, ContextDeclaration> {
  return new Map(Object.entries(agentContext ?? {}).map(([name, variable]) => [name, { name, type: variable.type, ...(variable.values ? { values: variable.values } : {}) }]));
}
