/**
 * Places in YAML text. No dependencies (not even core's validator), so the
 * workbench's Trace panel can reveal a trace step without loading the simulator.
 */
import type { Range } from '@colloquy/core';

/**
 * The range of a 1-based line and column in `text`, running to the end of that
 * line: what traces (`SourceRef`) and test reports (`SourceLocation`) point at,
 * as the editor's `Range` with offsets. Out-of-range places are clamped.
 */
export function rangeAtLineColumn(text: string, line: number, column: number): Range {
  let lineStart = 0;
  let current = 1;
  while (current < line) {
    const next = text.indexOf('\n', lineStart);
    if (next === -1) break;
    lineStart = next + 1;
    current++;
  }
  const newline = text.indexOf('\n', lineStart);
  const lineEnd = newline === -1 ? text.length : newline > lineStart && text[newline - 1] === '\r' ? newline - 1 : newline;
  const startOffset = Math.min(lineStart + Math.max(0, column - 1), lineEnd);
  return {
    start: { line: current, column: startOffset - lineStart + 1, offset: startOffset },
    end: { line: current, column: lineEnd - lineStart + 1, offset: lineEnd },
  };
}
