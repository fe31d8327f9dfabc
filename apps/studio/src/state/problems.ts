/** The Problems panel's data: diagnostics grouped by file, and the counts the status bar shows. */
import type { Diagnostic, Severity } from '@colloquy/core';

export interface ProblemGroup {
  readonly file: string;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly items: readonly Diagnostic[];
}

export interface ProblemCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function countProblems(diagnostics: readonly Diagnostic[]): ProblemCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

/** Groups by file (files sorted by path); inside a file, by position, then severity. */
export function groupProblems(diagnostics: readonly Diagnostic[]): ProblemGroup[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  return [...byFile.keys()]
    .sort()
    .map((file) => {
      const items = byFile
        .get(file)!
        .slice()
        .sort((a, b) => a.range.start.offset - b.range.start.offset || RANK[a.severity] - RANK[b.severity] || a.code.localeCompare(b.code));
      return { file, ...countProblems(items), items };
    });
}

export function diagnosticsForFile(diagnostics: readonly Diagnostic[], file: string): Diagnostic[] {
  return diagnostics.filter((d) => d.file === file);
}

/** Where a diagnostic code is explained: the docs page `colloquy serve` renders from docs/reference/diagnostics.md. */
export function diagnosticDocsUrl(code: string): string {
  return `/docs/reference/diagnostics.md#${encodeURIComponent(code.toLowerCase())}`;
}
