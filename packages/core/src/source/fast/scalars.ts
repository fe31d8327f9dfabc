import { bail } from './bail.ts';

/**
 * Single-line scalars, read exactly as the `yaml` package (2.x, YAML 1.2 core
 * schema, `strict`) reads them. Anything the fast path does not reproduce
 * exactly (invalid escapes, unusual starts) bails instead of guessing.
 */

// The core schema's plain-scalar tests, copied from yaml/dist/schema/{common,core}
// and tried in the schema's order: null, bool, octal int, int, hex int, .inf/.nan,
// exponent float, float; anything else is a string.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The value of a plain scalar's source text (already trimmed, single line). */
export function resolvePlain(source: string): string | number | boolean | null {
  const c = source.charCodeAt(0);
  // Only these first characters can start a non-string; most plain scalars are
  // words, so the regular expressions run for few of them.
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b /* + */ || c === 0x2d /* - */ || c === 0x2e /* . */) {
    // Same resolve functions as the yaml tags: parseInt/parseFloat, so -0, huge
    // ints and float rounding come out identical.
    if (INT_OCT.test(source)) return parseInt(source.substring(2), 8);
    if (INT.test(source)) return parseInt(source, 10);
    if (INT_HEX.test(source)) return parseInt(source.substring(2), 16);
    if (FLOAT_NAN.test(source)) {
      return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    if (FLOAT_EXP.test(source) || FLOAT.test(source)) return parseFloat(source);
    return source;
  }
  if (c === 0x6e /* n */ || c === 0x4e /* N */ || c === 0x7e /* ~ */) {
    return NULL.test(source) ? null : source;
  }
  if (c === 0x74 /* t */ || c === 0x54 /* T */ || c === 0x66 /* f */ || c === 0x46 /* F */) {
    return BOOL.test(source) ? source[0] === 't' || source[0] === 'T' : source;
  }
  return source;
}

/** `,[]{}`: they end plain scalars inside flow collections. */
export function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/**
 * Whether a plain scalar may start at `at`. Indicator characters either start
 * something else (quotes, flows, block scalars, anchors, tags, aliases,
 * comments, explicit keys) or are errors in the `yaml` package; `-` is fine
 * only when followed by a character that cannot end it (`-1`, `-x`), as a
 * `- ` would be a sequence entry.
 */
export function plainCanStart(text: string, at: number, lineEnd: number, inFlow: boolean): boolean {
  if (at >= lineEnd) return false;
  const c = text.charCodeAt(at);
  switch (c) {
    case 0x2d /* - */: {
      if (at + 1 >= lineEnd) return false;
      const next = text.charCodeAt(at + 1);
      return next !== 0x20 && !(inFlow && isFlowIndicator(next));
    }
    case 0x3f /* ? */:
    case 0x3a /* : */:
    case 0x2c /* , */:
    case 0x5b /* [ */:
    case 0x5d /* ] */:
    case 0x7b /* { */:
    case 0x7d /* } */:
    case 0x23 /* # */:
    case 0x26 /* & */:
    case 0x2a /* * */:
    case 0x21 /* ! */:
    case 0x7c /* | */:
    case 0x3e /* > */:
    case 0x27 /* ' */:
    case 0x22 /* " */:
    case 0x25 /* % */:
    case 0x40 /* @ */:
    case 0x60 /* ` */:
    case 0x20 /* space */:
      return false;
    default:
      return true;
  }
}

/**
 * Offset of the `"` closing the double-quoted scalar opened at `open`, or -1
 * when it does not close on this line (a multi-line scalar: bail). A quote
 * preceded by an odd number of backslashes is escaped, as in the yaml lexer.
 */
export function closeDoubleQuote(text: string, open: number, lineEnd: number): number {
  let end = text.indexOf('"', open + 1);
  while (end !== -1 && end < lineEnd) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

/** Offset of the `'` closing the single-quoted scalar opened at `open` (`''` is an escaped quote), or -1. */
export function closeSingleQuote(text: string, open: number, lineEnd: number): number {
  let end = text.indexOf("'", open + 1);
  while (end !== -1 && end < lineEnd && text.charCodeAt(end + 1) === 0x27) end = text.indexOf("'", end + 2);
  return end !== -1 && end < lineEnd ? end : -1;
}

/** The value of `'…'` whose quotes are at `open` and `close`. */
export function singleQuotedValue(text: string, open: number, close: number): string {
  const inner = text.slice(open + 1, close);
  return inner.includes("'") ? inner.replace(/''/g, "'") : inner;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/**
 * The value of `"…"` whose quotes are at `open` and `close`, on one line. On
 * one line the yaml package keeps every space, so only escapes change the
 * text; an escape it would report as invalid bails.
 */
export function doubleQuotedValue(text: string, open: number, close: number): string {
  const first = text.indexOf('\\', open + 1);
  if (first === -1 || first >= close) return text.slice(open + 1, close);
  let out = text.slice(open + 1, first);
  for (let i = first; i < close; i++) {
    const ch = text[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = text[++i];
    if (next === undefined || i >= close) bail();
    const simple = ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = text.slice(i + 1, i + 1 + length);
      if (i + length >= close || !/^[0-9a-fA-F]+$/.test(hex)) bail();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) bail(); // String.fromCodePoint would throw: the yaml package reports it
      out += String.fromCodePoint(code);
      i += length;
    } else {
      bail(); // an escape the yaml package reports as BAD_DQ_ESCAPE
    }
  }
  return out;
}
