import { bail } from './bail.ts';
import { BLANK, type LineTable } from './scanLines.ts';

export interface BlockScalar {
  readonly value: string;
  /** Offset after the scalar's last line (its `range[1]` and `range[2]` in the yaml package). */
  readonly end: number;
  /** Index of the scalar's last line. */
  readonly lastLine: number;
}

/**
 * A `|` or `>` block scalar (with optional `-` / `+` chomping) whose header is
 * at `header` on line `line`, inside a collection indented `parentIndent`.
 *
 * Which lines belong to it follows the yaml lexer (parseBlockScalar): the first
 * non-blank line sets the content indent; blank lines and lines indented at
 * least as much continue it; without `+`, trailing blank lines are left out.
 * Bails on explicit indentation indicators, empty scalars, and blank lines
 * indented deeper than the content (the lexer and composer treat those in ways
 * not worth reproducing).
 */
export function readBlockScalar(text: string, lines: LineTable, line: number, header: number, parentIndent: number): BlockScalar {
  const lineEnd = lines.end[line]!;
  const literal = text.charCodeAt(header) === 0x7c; /* | */
  let at = header + 1;
  const chompChar = text.charCodeAt(at);
  const chomp = chompChar === 0x2d ? '-' : chompChar === 0x2b ? '+' : '';
  if (chomp !== '') at++;
  // After the header: nothing, or spaces and perhaps a comment.
  if (at < lineEnd) {
    if (text.charCodeAt(at) !== 0x20) bail();
    while (at < lineEnd && text.charCodeAt(at) === 0x20) at++;
    if (at < lineEnd && text.charCodeAt(at) !== 0x23) bail();
  }

  const { count, indent, kind } = lines;
  let first = line + 1;
  while (first < count && kind[first] === BLANK) first++;
  if (first === count) bail();
  const contentIndent = indent[first]!;
  if (contentIndent < parentIndent + 1) bail(); // an empty block scalar
  for (let b = line + 1; b < first; b++) if (indent[b]! > contentIndent) bail();
  let last = first;
  for (let m = first + 1; m < count; m++) {
    if (kind[m] === BLANK) {
      if (indent[m]! > contentIndent) bail();
      // The lexer continues over a blank line only up to its `\n`: a last,
      // unterminated line of fewer spaces than the content indent is not part of it.
      if (lines.next[m] === lines.end[m] && indent[m]! < contentIndent) break;
    } else if (indent[m]! < contentIndent) {
      break;
    }
    last = m;
  }
  if (chomp !== '+') while (last > first && kind[last] === BLANK) last--;

  const end = lines.next[last]!;
  const value = blockScalarValue(text.slice(lines.next[line]!, end), literal, chomp, parentIndent);
  return { value, end, lastLine: last };
}

/**
 * The scalar's value from its body text: yaml/dist/compose/resolve-block-scalar.js
 * ported line for line (no explicit indentation indicator), with each error it
 * would report turned into a bail.
 */
function blockScalarValue(source: string, literal: boolean, chomp: string, parentIndent: number): string {
  const lines = splitLines(source);
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i]![1];
    if (content === '' || content === '\r') chompStart = i;
    else break;
  }
  if (chompStart === 0) bail();
  let trimIndent = parentIndent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i]!;
    if (content === '' || content === '\r') {
      if (indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) bail();
      trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) bail();
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i]![0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i]![0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const indent = lines[i]![0];
    let content = lines[i]![1];
    if (content[content.length - 1] === '\r') content = content.slice(0, -1);
    if (content && indent.length < trimIndent) bail();
    if (literal) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i]![0].slice(trimIndent);
    if (value[value.length - 1] !== '\n') value += '\n';
  } else if (chomp === '') {
    value += '\n';
  }
  return value;
}

/** `[indent, content]` per line, as the yaml package splits a block scalar's source. */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0]!;
  const m = /^( *)/.exec(first);
  const lines: [string, string][] = [m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i]!, split[i + 1]!]);
  return lines;
}
