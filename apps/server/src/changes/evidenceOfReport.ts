/**
 * What a simulation report says as evidence: the figures governance's
 * evidence gate reads (`EvidenceSummary`) and what an audit record keeps of it
 * (`AuditEvidence`). Worked out from the report itself every time it is used,
 * never stored beside it, so the only thing that can vouch for a change is a
 * report whose hash checks.
 *
 * "Error-level policy results": the report's policy rows of a policy file
 * whose `severity` is `error`, counted by their failing cases. The injection
 * and personal-data probes come from no policy file; their failures count
 * through the generated-case pass rate, as they do in the report.
 */
import { parseYaml } from '@colloquy/core';
import type { AuditEvidence, EvidenceSummary } from '@colloquy/governance';
import type { GeneratorName, SimulationReport } from '@colloquy/simulator';
import type { OverlayFile } from './ChangeRequestStore.ts';

export interface ReportEvidence {
  readonly summary: EvidenceSummary;
  readonly audit: AuditEvidence;
  /** How the report was run, for reviewers to see what the figures are of. */
  readonly run: EvidenceRunDescription;
}

/** The settings of the run behind a piece of evidence (the report's `run` section). */
export interface EvidenceRunDescription {
  /** The generators that ran, in run order. */
  readonly generators: readonly GeneratorName[];
  readonly perIntent: number;
  readonly seed: string;
  /** `lexical`, or a model recognizer's name. */
  readonly recognizer: string;
  /** The model id; null for the lexical recognizer. */
  readonly model: string | null;
  /** Flows whose cases were made with their own settings (a test file's `simulate:` block). */
  readonly flowsWithOwnSettings: readonly string[];
}

/** `files`: the content the report ran on (its policy files say which policies are at error level). */
export function evidenceOfReport(report: SimulationReport, files: readonly OverlayFile[]): ReportEvidence {
  const errorPolicies = new Set<string>();
  for (const file of files) {
    const data = parseYaml(file.path, file.content).data as { readonly kind?: unknown; readonly id?: unknown; readonly severity?: unknown } | null | undefined;
    if (data?.kind === 'policy' && data.severity === 'error' && typeof data.id === 'string') errorPolicies.add(data.id);
  }
  const { run, summary } = report;
  const passRates: Record<string, number> = {};
  if (summary.scripted.rate !== null) passRates['scripted'] = summary.scripted.rate;
  if (summary.generated.rate !== null) passRates['generated'] = summary.generated.rate;
  return {
    summary: {
      contentHash: run.workspaceHash ?? '',
      reportHash: report.reportHash,
      scriptedFailed: summary.scripted.failed,
      policyErrors: report.policies.filter((row) => row.policy !== null && errorPolicies.has(row.policy)).reduce((sum, row) => sum + row.failed, 0),
      generatedPassRate: summary.generated.rate,
    },
    audit: {
      reportHash: report.reportHash,
      workspaceHash: run.workspaceHash ?? '',
      recognizer: run.recognizer,
      model: run.model,
      weightsHash: run.weightsHash,
      seed: run.seed,
      passRates,
    },
    run: { generators: run.generators, perIntent: run.perIntent, seed: run.seed, recognizer: run.recognizer, model: run.model, flowsWithOwnSettings: run.flows.map((flow) => flow.flow) },
  };
}
