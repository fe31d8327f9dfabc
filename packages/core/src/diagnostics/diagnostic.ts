/**
 * A diagnostic is a problem in a user's file: it has a stable code, a severity,
 * a message a conversation designer understands, and the exact range it is
 * about. The CLI, the studio's Problems panel and the review page all show this
 * same object, so it carries everything they need and nothing UI-specific.
 */
import type { DiagnosticCode } from './codes/index.ts';

export type Severity = 'error' | 'warning' | 'info';

/** 1-based line and column (as editors show them) plus the 0-based text offset. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface RelatedLocation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Workspace-relative path with forward slashes, e.g. `flows/card_lost.flow.yaml`. */
  readonly file: string;
  readonly range: Range;
  /** Set on policy results: the id of the policy that produced the diagnostic. */
  readonly policy?: string;
  /** A short suggestion of what to do, when there is a likely fix. */
  readonly hint?: string;
  readonly related?: readonly RelatedLocation[];
}

export const START_OF_FILE: Range = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, then position, then code. Output is deterministic. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.start.offset !== b.range.start.offset) return a.range.start.offset - b.range.start.offset;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (a.severity !== b.severity) return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

export interface DiagnosticCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** `file:line:col severity CODE message`: the one-line form the CLI prints. */
export function formatDiagnostic(d: Diagnostic): string {
  const policy = d.policy ? ` [policy ${d.policy}]` : '';
  return `${d.file}:${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code} ${d.message}${policy}`;
}
