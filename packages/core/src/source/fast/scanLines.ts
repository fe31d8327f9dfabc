import { bail } from './bail.ts';

export const BLANK = 0; // only spaces
export const COMMENT = 1; // spaces, then `#`
export const CONTENT = 2;

/**
 * The text cut into lines, with what the block composer needs per line. Lines
 * end at `\n`; a `\r` right before it is not content. A final `\n` does not
 * open another line here.
 */
export interface LineTable {
  readonly count: number;
  /** Offset of the line's first character. */
  readonly start: number[];
  /** Offset just after the line's content (at its `\r\n`, `\n`, or the end of text). */
  readonly end: number[];
  /** Offset where the next line starts (after the `\n`), or the text length. */
  readonly next: number[];
  /** Leading spaces. */
  readonly indent: number[];
  readonly kind: number[];
}

// Characters the fast path refuses anywhere: tabs (indentation and separation
// rules differ around them), control characters, a BOM inside the text, and
// the YAML 1.1 line breaks (NEL, LS, PS) that tools disagree about.
const REFUSED = /[\x00-\x09\x0b\x0c\x0e-\x1f\x85\u2028\u2029\ufeff]/;

export function scanLines(text: string): LineTable {
  if (REFUSED.test(text)) bail();
  // A carriage return is only accepted as part of `\r\n`.
  for (let cr = text.indexOf('\r'); cr !== -1; cr = text.indexOf('\r', cr + 1)) {
    if (text.charCodeAt(cr + 1) !== 0x0a) bail();
  }
  const start: number[] = [];
  const end: number[] = [];
  const next: number[] = [];
  const indent: number[] = [];
  const kind: number[] = [];
  const length = text.length;
  let at = 0;
  while (at < length) {
    const nl = text.indexOf('\n', at);
    const after = nl === -1 ? length : nl + 1;
    const contentEnd = nl === -1 ? length : nl > at && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
    let i = at;
    while (i < contentEnd && text.charCodeAt(i) === 0x20) i++;
    const first = i < contentEnd ? text.charCodeAt(i) : -1;
    // At column 0: directives (`%`) and document markers (`---`, `...`) belong
    // to the YAML stream, not to the one-document subset.
    if (i === at && (first === 0x25 || ((first === 0x2d || first === 0x2e) && text.startsWith(first === 0x2d ? '---' : '...', at)))) bail();
    start.push(at);
    end.push(contentEnd);
    next.push(after);
    indent.push(i - at);
    kind.push(first === -1 ? BLANK : first === 0x23 ? COMMENT : CONTENT);
    at = after;
  }
  return { count: start.length, start, end, next, indent, kind };
}
