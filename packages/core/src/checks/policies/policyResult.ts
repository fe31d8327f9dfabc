/**
 * A policy result is an ordinary diagnostic with two differences: its severity
 * is the one the policy file sets (the responsible-AI lead decides what blocks
 * approval, not the code table), and it names the policy that produced it so
 * reviewers can filter and trace results back to the guardrail.
 */
import type { DiagnosticCode } from '../../diagnostics/codes/index.ts';
import type { Diagnostic, Range } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { report, type ReportOptions } from '../report.ts';

export function policyResult(
  policy: LoadedFile<'policy'>,
  code: DiagnosticCode,
  file: string,
  range: Range,
  message: string,
  options: ReportOptions = {},
): Diagnostic {
  return { ...report(code, file, range, message, options), severity: policy.data.severity, policy: policy.data.id };
}

/** "policy `id`", as results and related locations name it. */
export function policyName(policy: LoadedFile<'policy'>): string {
  return `policy \`${policy.data.id}\``;
}
