/**
 * Small helpers every check uses to build diagnostics: the severity comes from
 * the code's table (one place to change it), names are quoted the same way
 * everywhere, and lists read as English.
 */
import { codeInfo, type DiagnosticCode } from '../diagnostics/codes/index.ts';
import type { Diagnostic, Range, RelatedLocation } from '../diagnostics/diagnostic.ts';
import { didYouMean } from '../schema/closestName.ts';

export interface ReportOptions {
  readonly hint?: string;
  readonly related?: readonly RelatedLocation[];
}

/** A diagnostic with the code's default severity. */
export function report(code: DiagnosticCode, file: string, range: Range, message: string, options: ReportOptions = {}): Diagnostic {
  return {
    code,
    severity: codeInfo(code).severity,
    message,
    file,
    range,
    ...(options.hint ? { hint: options.hint } : {}),
    ...(options.related && options.related.length > 0 ? { related: options.related } : {}),
  };
}

/** `name` in backticks. */
export function quote(name: string | number | boolean): string {
  return `\`${String(name)}\``;
}

/** "`a`", "`a` and `b`", "`a`, `b` and `c`"; long lists are cut with "and N more". */
export function quoteList(names: readonly (string | number | boolean)[], limit = 8): string {
  const quoted = names.slice(0, limit).map(quote);
  const rest = names.length - quoted.length;
  if (rest > 0) return `${quoted.join(', ')} and ${rest} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]!}`;
}

/**
 * "; did you mean `x`?" when a close name exists, else "(known: `a`, `b`)" for
 * short lists, so the designer always sees what would have been valid.
 */
export function suggestion(name: string, candidates: readonly string[]): string {
  const close = didYouMean(name, candidates);
  if (close) return close;
  if (candidates.length > 0 && candidates.length <= 6) return ` (known: ${quoteList(candidates)})`;
  return '';
}
