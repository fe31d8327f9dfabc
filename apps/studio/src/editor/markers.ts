/** Core diagnostics as Monaco markers (plain data: tested without Monaco). */
import type { Diagnostic } from '@colloquy/core';

export interface MarkerSeverities {
  readonly Error: number;
  readonly Warning: number;
  readonly Info: number;
}

export interface MarkerLike {
  severity: number;
  message: string;
  code: string;
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export function toMarkers(diagnostics: readonly Diagnostic[], severities: MarkerSeverities): MarkerLike[] {
  return diagnostics.map((d) => {
    const empty = d.range.start.offset === d.range.end.offset;
    return {
      severity: d.severity === 'error' ? severities.Error : d.severity === 'warning' ? severities.Warning : severities.Info,
      message: d.hint ? `${d.message}\n${d.hint}` : d.message,
      code: d.code,
      source: 'colloquy',
      startLineNumber: d.range.start.line,
      startColumn: d.range.start.column,
      endLineNumber: d.range.end.line,
      // An empty range would draw nothing: underline at least one character.
      endColumn: empty && d.range.end.line === d.range.start.line ? d.range.end.column + 1 : d.range.end.column,
    };
  });
}
