import { relative, sep } from 'node:path';
import { countDiagnostics, formatDiagnostic, type Diagnostic } from '@colloquy/core';

export interface DiagnosticSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly files: number;
}

export function summarise(diagnostics: readonly Diagnostic[], files: number): DiagnosticSummary {
  const counts = countDiagnostics(diagnostics);
  return { errors: counts.error, warnings: counts.warning, infos: counts.info, files };
}

/** Whether the findings fail the command: errors always, warnings with --strict. */
export function hasFindings(summary: DiagnosticSummary, strict: boolean): boolean {
  return summary.errors > 0 || (strict && summary.warnings > 0);
}

/**
 * `file:line:col severity CODE message` lines, with paths relative to where the
 * command was run so terminals and editors can open them.
 */
export function formatDiagnosticLines(diagnostics: readonly Diagnostic[], root: string, cwd: string): string {
  const prefix = relative(cwd, root).split(sep).join('/');
  return diagnostics
    .map((d) => {
      const line = formatDiagnostic({ ...d, file: prefix ? `${prefix}/${d.file}` : d.file });
      return d.hint ? `${line}\n    hint: ${d.hint}` : line;
    })
    .join('\n');
}

export function formatSummary(summary: DiagnosticSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
  if (summary.infos > 0) parts.push(plural(summary.infos, 'note'));
  return `${parts.join(', ')} in ${plural(summary.files, 'file')}`;
}

/** The JSON form of diagnostics: stable field order, workspace-relative paths. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[]): unknown[] {
  return diagnostics.map((d) => ({
    file: d.file,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.policy ? { policy: d.policy } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.related ? { related: d.related.map((r) => ({ file: r.file, line: r.range.start.line, column: r.range.start.column, message: r.message })) } : {}),
  }));
}
