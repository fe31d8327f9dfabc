/**
 * `{name}` placeholders in messages. The runtime replaces each with the value
 * of the slot, context variable or rules output called `name`; the checks make
 * sure every name resolves. This module is the one definition of what counts
 * as a placeholder, so the engine and the checks agree.
 */
import type { Range } from '../diagnostics/diagnostic.ts';
import type { PathSegment, SourceDocument } from '../source/sourceDocument.ts';

/** `{` + an identifier + `}`. Braces around anything else (`{ }`, `{1,2}`) are plain text. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Placeholder {
  readonly name: string;
  /** Offset of the `{` in the message text. */
  readonly offset: number;
  /** How many earlier placeholders in the same message have the same name. */
  readonly occurrence: number;
}

export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  const seen = new Map<string, number>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    const occurrence = seen.get(name) ?? 0;
    seen.set(name, occurrence + 1);
    found.push({ name, offset: match.index, occurrence });
  }
  return found;
}

/**
 * The range of the placeholder in the YAML text, or of the whole message when
 * it cannot be located exactly. The scalar's raw text is searched for the
 * literal `{name}`: in plain, quoted and block scalars it appears verbatim
 * unless escapes or line folding split it, in which case the counts differ
 * and the whole message is the honest answer.
 */
export function placeholderRange(source: SourceDocument, path: readonly PathSegment[], placeholder: Placeholder, message: string): Range {
  const whole = source.rangeOf(path);
  const raw = source.text.slice(whole.start.offset, whole.end.offset);
  const literal = `{${placeholder.name}}`;
  const rawOffsets = offsetsOf(raw, literal);
  if (rawOffsets.length !== offsetsOf(message, literal).length) return whole;
  const start = whole.start.offset + rawOffsets[placeholder.occurrence]!;
  return source.rangeAt(start, start + literal.length);
}

function offsetsOf(text: string, literal: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + literal.length)) offsets.push(at);
  return offsets;
}
