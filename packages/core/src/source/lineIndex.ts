/**
 * Offset → 1-based line and column. `SourceDocument` asks this of either the
 * `yaml` package's `LineCounter` (filled while that parser lexes) or a
 * `LineIndex` (for documents the fast path parsed, which never lexes).
 */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/**
 * Line starts computed on first use: most parsed files never need a position
 * (no diagnostics), so the scan is deferred until one is asked for. Answers
 * exactly as `LineCounter` does for the same text: a line starts at 0 and after
 * every `\n` (so `\r\n` ends a line at the `\n`, and a final `\n` opens an
 * empty last line).
 */
export class LineIndex implements LinePositions {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  linePos(offset: number): { line: number; col: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    // Same binary search as LineCounter.linePos, so both agree offset for offset.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return starts;
}
