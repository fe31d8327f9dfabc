/**
 * Maps a position inside a cell's FEEL text back to the YAML source, so a
 * syntax error can be underlined at the exact character even when YAML quoted
 * the cell (`'"gold" "silver"'`, `"\"gold\""`). Folded multi-line scalars and
 * block scalars fall back to the whole cell.
 */
import type { Range } from '../diagnostics/diagnostic.ts';
import type { PathSegment, SourceDocument } from '../source/sourceDocument.ts';
import type { CellSpan } from './parseCell.ts';

export function cellSpanRange(source: SourceDocument, path: readonly PathSegment[], cellText: string, span: CellSpan): Range {
  const whole = source.rangeOf(path);
  const raw = source.text.slice(whole.start.offset, whole.end.offset);
  const offsets = sourceOffsets(raw, cellText);
  const from = offsets?.[span.from];
  const to = offsets?.[span.to];
  if (from === undefined || to === undefined) return whole;
  return source.rangeAt(whole.start.offset + from, whole.start.offset + to);
}

/** For each index of `text` (and its end), the index in `raw` where that character is written. */
export function sourceOffsets(raw: string, text: string): number[] | undefined {
  if (raw === text) return Array.from({ length: text.length + 1 }, (_, i) => i);
  const quote = raw[0];
  if (quote !== "'" && quote !== '"') return undefined;
  const offsets: number[] = [];
  let j = 1;
  for (let i = 0; i < text.length; i++) {
    offsets.push(j);
    if (quote === "'" && raw[j] === "'" && raw[j + 1] === "'") {
      j += 2;
    } else if (quote === '"' && raw[j] === '\\') {
      const length = escapeLength(raw[j + 1]);
      if (length === undefined) return undefined;
      // An escape for a character outside the BMP stands for two UTF-16 units.
      if (raw[j + 1] === 'U' && text.codePointAt(i)! > 0xffff) offsets.push(j), i++;
      j += length;
    } else if (raw[j] === text[i]) {
      j++;
    } else {
      return undefined;
    }
  }
  if (raw[j] !== quote) return undefined;
  offsets.push(j);
  return offsets;
}

function escapeLength(letter: string | undefined): number | undefined {
  if (letter === undefined || letter === '\n' || letter === '\r') return undefined; // a line continuation: give up
  if (letter === 'x') return 4;
  if (letter === 'u') return 6;
  if (letter === 'U') return 10;
  return 2;
}
