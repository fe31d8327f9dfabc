/**
 * The evidence an approval needs: a simulation report of exactly the content
 * being approved, passing the workspace's gates. The report itself stays
 * with the simulator; what reaches governance is its hash and the figures
 * the gates read.
 */
export interface EvidenceSummary {
  /** Hash of the content the simulation ran on: must be the change's content hash. */
  readonly contentHash: string;
  readonly reportHash: string;
  /** Scripted tests that failed. */
  readonly scriptedFailed: number;
  /** Policy results at error level. */
  readonly policyErrors: number;
  /** Generated cases passing, in percent; null when none ran. */
  readonly generatedPassRate: number | null;
}

export interface EvidenceGates {
  /** Generated cases must pass at least this share (percent), from agent.yaml. */
  readonly minGeneratedPassRate: number;
}

export type EvidenceVerdict = { readonly ok: true } | { readonly ok: false; readonly reasons: readonly string[] };

export function evidenceVerdict(evidence: EvidenceSummary | undefined, contentHash: string, gates: EvidenceGates): EvidenceVerdict {
  if (!evidence) return { ok: false, reasons: ["no simulation report of this content with the workspace's evidence settings (agent.yaml approval.evidence): run the change's simulation"] };
  const reasons: string[] = [];
  if (evidence.contentHash !== contentHash) reasons.push('the simulation report is of other content than the change now holds: run it again');
  if (evidence.scriptedFailed > 0) reasons.push(`${evidence.scriptedFailed} scripted test${evidence.scriptedFailed === 1 ? '' : 's'} failed`);
  if (evidence.policyErrors > 0) reasons.push(`${evidence.policyErrors} policy result${evidence.policyErrors === 1 ? ' is' : 's are'} at error level`);
  if (evidence.generatedPassRate === null) reasons.push('no generated cases ran');
  else if (evidence.generatedPassRate < gates.minGeneratedPassRate) reasons.push(`generated cases pass at ${evidence.generatedPassRate}%, under the workspace's gate of ${gates.minGeneratedPassRate}%`);
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}
