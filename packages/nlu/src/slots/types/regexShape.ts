/**
 * The structure of a JavaScript regular expression (Unicode mode), just
 * enough to reason about how much it can backtrack (see regexSafety.ts):
 * single-character atoms, assertions, back-references, groups with their
 * alternatives, and repetitions with their bounds. The pattern must already
 * compile with the `u` flag; this parser does not validate it.
 */
export type RegexNode =
  /** Matches one character: a literal, an escape such as `\d` or `\.`, a class `[...]`, or `.`. */
  | { readonly kind: 'char'; readonly source: string }
  /** Matches no character: `^` (`start`), `$`, `\b`, `\B`. */
  | { readonly kind: 'assertion'; readonly start: boolean }
  /** `\1`, `\k<name>`: repeats what a group matched, of any length. */
  | { readonly kind: 'backreference' }
  | { readonly kind: 'group'; readonly alternatives: readonly RegexSequence[]; readonly lookaround: boolean }
  | { readonly kind: 'repeat'; readonly node: RegexNode; readonly min: number; readonly max: number };

export type RegexSequence = readonly RegexNode[];

/** The top-level alternatives of a pattern. */
export function parseRegex(pattern: string): readonly RegexSequence[] {
  const parser = { pattern, at: 0 };
  return parseAlternatives(parser);
}

interface Parser {
  readonly pattern: string;
  at: number;
}

function parseAlternatives(p: Parser): RegexSequence[] {
  const alternatives: RegexSequence[] = [];
  let sequence: RegexNode[] = [];
  while (p.at < p.pattern.length && p.pattern[p.at] !== ')') {
    if (p.pattern[p.at] === '|') {
      alternatives.push(sequence);
      sequence = [];
      p.at++;
      continue;
    }
    const atom = parseAtom(p);
    sequence.push(parseQuantifier(p, atom));
  }
  alternatives.push(sequence);
  return alternatives;
}

function parseAtom(p: Parser): RegexNode {
  const { pattern } = p;
  const start = p.at;
  const char = pattern[p.at]!;
  if (char === '(') {
    const prefix = /^\(\?(?::|=|!|<=|<!|<[^>]*>)?/.exec(pattern.slice(p.at, p.at + 64))?.[0] ?? '(';
    const lookaround = prefix === '(?=' || prefix === '(?!' || prefix === '(?<=' || prefix === '(?<!';
    p.at += prefix.length;
    const alternatives = parseAlternatives(p);
    p.at++; // the closing parenthesis
    return { kind: 'group', alternatives, lookaround };
  }
  if (char === '[') {
    p.at = endOfClass(pattern, p.at) + 1;
    return { kind: 'char', source: pattern.slice(start, p.at) };
  }
  if (char === '^' || char === '$') {
    p.at++;
    return { kind: 'assertion', start: char === '^' };
  }
  if (char === '\\') return parseEscape(p);
  // One code point, so that an astral character is one atom.
  p.at += char.codePointAt(0)! > 0xffff ? 2 : 1;
  return { kind: 'char', source: pattern.slice(start, p.at) };
}

function parseEscape(p: Parser): RegexNode {
  const { pattern } = p;
  const start = p.at;
  const next = pattern[p.at + 1] ?? '';
  if (next === 'b' || next === 'B') {
    p.at += 2;
    return { kind: 'assertion', start: false };
  }
  if (/[1-9]/.test(next)) {
    p.at += 1 + /^\d+/.exec(pattern.slice(p.at + 1))![0].length;
    return { kind: 'backreference' };
  }
  if (next === 'k') {
    p.at = endOf(pattern, '>', p.at);
    return { kind: 'backreference' };
  }
  const braced = next === 'p' || next === 'P' || (next === 'u' && pattern[p.at + 2] === '{');
  if (braced) p.at = endOf(pattern, '}', p.at);
  else if (next === 'u') p.at += 6;
  else if (next === 'x') p.at += 4;
  else if (next === 'c') p.at += 3;
  else p.at += 2;
  return { kind: 'char', source: pattern.slice(start, p.at) };
}

function parseQuantifier(p: Parser, atom: RegexNode): RegexNode {
  const { pattern } = p;
  const char = pattern[p.at];
  let min: number;
  let max: number;
  if (char === '*' || char === '+' || char === '?') {
    min = char === '+' ? 1 : 0;
    max = char === '?' ? 1 : Infinity;
    p.at++;
  } else if (char === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(p.at, p.at + 40));
    if (!braces) return atom;
    min = Number(braces[1]);
    max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
    p.at += braces[0].length;
  } else {
    return atom;
  }
  if (pattern[p.at] === '?') p.at++; // lazy: the same choices, tried in another order
  return { kind: 'repeat', node: atom, min, max };
}

/** Just past the next `close` after `from`; the end of the pattern if there is none, so that parsing always moves on. */
function endOf(pattern: string, close: string, from: number): number {
  const at = pattern.indexOf(close, from);
  return at < 0 ? pattern.length : at + 1;
}

/** The index of the `]` closing the class opened at `open` (in JavaScript, `[]` is an empty class). */
function endOfClass(pattern: string, open: number): number {
  for (let i = open + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return pattern.length - 1;
}
