/**
 * agent.yaml's `approval` section for a test workspace: the pass-rate gate,
 * and the run that counts as evidence. Only a run with exactly those settings
 * is evidence, so a test that simulates with small settings (to stay fast)
 * names the same settings here.
 */
export interface EvidenceRun {
  readonly generators: readonly string[];
  readonly perIntent: number;
  readonly seed: string;
}

export function approvalYaml(minPassRate: number, run: EvidenceRun): string {
  return `approval:\n  min_pass_rate: ${minPassRate}\n  evidence:\n    generators: [${run.generators.join(', ')}]\n    per_intent: ${run.perIntent}\n    seed: ${run.seed}\n`;
}
