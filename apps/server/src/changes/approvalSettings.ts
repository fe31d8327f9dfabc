/**
 * What governance's rules need to know about a change, worked out from the
 * workspace: the approval rules and evidence gate of agent.yaml, and what
 * each changed file is (its kind, a flow's risk, the topics of its intents).
 * Counting approvals and deciding are @colloquy/governance's (`requiredApprovals`,
 * `decide`); this module only translates files into their terms.
 *
 * The rules are the published agent.yaml's, never the change's own: a change
 * that edits the approval rules is judged by the rules it would replace, so
 * no change can relax the review it gets.
 */
import { parseYaml } from '@colloquy/core';
import { DEFAULT_PER_INTENT, DEFAULT_SEED, GENERATOR_NAMES, RUN_SETTINGS, type GeneratorName, type RunSetting } from '@colloquy/simulator';
import { DEFAULT_APPROVAL_RULES, type ApprovalCondition, type ApprovalRule, type ChangedFile, type EvidenceGates, type ReviewerRole } from '@colloquy/governance';

/**
 * The generated-case pass rate approval needs when agent.yaml sets no
 * `approval.min_pass_rate`: 95 %, the example workspace's setting. A gate
 * that defaults to nothing would let any report through.
 */
export const DEFAULT_MIN_PASS_RATE = 0.95;

/** The most cases per intent agent.yaml's schema allows for evidence: the server's limit on any run. */
const MAX_EVIDENCE_PER_INTENT = 1000;

export interface ApprovalSettings {
  readonly rules: readonly ApprovalRule[];
  readonly gates: EvidenceGates;
  /** agent.yaml's `approval.evidence`: the run that counts as evidence (empty: the simulator's defaults). */
  readonly evidence: EvidenceRunOptions;
}

/** Options of a change's simulation: agent.yaml's `approval.evidence`, or what a request names. */
export interface EvidenceRunOptions {
  readonly generators?: readonly GeneratorName[];
  readonly perIntent?: number;
  readonly seed?: string;
}

/** A change's simulation settings as SimulationRuns takes them (simulation/protocol.ts's SimulationSettings). */
export interface EvidenceRunSettings {
  readonly seed: string;
  readonly perIntent: number;
  readonly generators?: readonly GeneratorName[];
  readonly overrides: readonly RunSetting[];
}

const KINDS = ['agent', 'flow', 'rules', 'policy', 'test'] as const;
const RISKS = ['low', 'medium', 'high'] as const;
type Risk = (typeof RISKS)[number];
type YamlRecord = { readonly [key: string]: unknown };

/**
 * agent.yaml's `approval` section in governance's terms. A rule applies when
 * the change touches anything its `when` names (any listed risk, kind or
 * topic); without `when` it applies to every change. Each role listed in
 * `require` is one approval needed (a role listed twice, two). No agent.yaml,
 * or no `approval.rules`: governance's DEFAULT_APPROVAL_RULES.
 */
export function approvalSettings(agentYaml: string | Uint8Array | undefined): ApprovalSettings {
  const approval = record(record(agentYaml === undefined ? undefined : parseYaml('agent.yaml', agentYaml).data)?.['approval']);
  const minPassRate = typeof approval?.['min_pass_rate'] === 'number' ? approval['min_pass_rate'] : DEFAULT_MIN_PASS_RATE;
  const gates = { minGeneratedPassRate: Math.round(minPassRate * 1000) / 10 };
  const evidence = evidenceOptions(record(approval?.['evidence']));
  const listed = approval?.['rules'];
  if (!Array.isArray(listed)) return { rules: DEFAULT_APPROVAL_RULES, gates, evidence };
  const rules: ApprovalRule[] = [];
  listed.forEach((item, index) => {
    const rule = record(item);
    if (!rule) return;
    const name = typeof rule['description'] === 'string' ? rule['description'] : `approval rule ${index + 1}`;
    const require: Partial<Record<ReviewerRole, number>> = {};
    for (const role of strings(rule['require'])) if (role === 'ops_manager' || role === 'rai_lead') require[role] = (require[role] ?? 0) + 1;
    const when = record(rule['when']);
    const conditions: ApprovalCondition[] = [
      ...strings(when?.['risk'])
        .filter(isRisk)
        .map((risk) => ({ risk })),
      ...strings(when?.['kinds'])
        .filter(isKind)
        .map((kind) => ({ kind })),
      ...strings(when?.['topics']).map((topic) => ({ topic })),
    ];
    for (const condition of conditions.length > 0 ? conditions : ['any' as const]) rules.push({ name, when: condition, require });
  });
  return { rules, gates, evidence };
}

/**
 * The settings of a change's simulation: each one the request names, else
 * agent.yaml's `approval.evidence` (`configured`), else the simulator's
 * default (every generator, 3 per intent, seed `colloquy`). A setting named
 * by either was chosen on purpose, so it wins over test files' `simulate:`
 * blocks: those are part of the change, and a change must not pick the run
 * that judges it.
 */
export function evidenceRunSettings(requested: EvidenceRunOptions, configured: EvidenceRunOptions): EvidenceRunSettings {
  const generators = requested.generators ?? configured.generators;
  return {
    seed: requested.seed ?? configured.seed ?? DEFAULT_SEED,
    perIntent: requested.perIntent ?? configured.perIntent ?? DEFAULT_PER_INTENT,
    ...(generators ? { generators } : {}),
    overrides: RUN_SETTINGS.filter((setting) => requested[setting] !== undefined || configured[setting] !== undefined),
  };
}

/**
 * `approval.evidence` as run options. Validation (`colloquy validate`, the
 * schema) refuses a malformed block; one that is published anyway keeps only
 * what is well formed, in the simulator's generator order.
 */
function evidenceOptions(evidence: YamlRecord | undefined): EvidenceRunOptions {
  const named = strings(evidence?.['generators']);
  const generators = GENERATOR_NAMES.filter((name) => named.includes(name));
  const perIntent = evidence?.['per_intent'];
  const seed = evidence?.['seed'];
  return {
    ...(generators.length > 0 ? { generators } : {}),
    ...(typeof perIntent === 'number' && Number.isInteger(perIntent) && perIntent >= 0 && perIntent <= MAX_EVIDENCE_PER_INTENT ? { perIntent } : {}),
    ...(typeof seed === 'string' && seed.length > 0 ? { seed } : {}),
  };
}

/**
 * One changed file as the rules see it, from its published content (`before`,
 * null when the change adds it) and the change's (`after`, null when it
 * deletes it). Both sides count: a flow taken from high risk to low still
 * needs the high-risk sign-off, and a deleted policy is a policy change. A
 * flow's topics are those of every intent it declares before or after: its
 * conversations are the ones on those topics.
 */
export function changedFile(path: string, before: string | null, after: string | null): ChangedFile {
  const sides = [after, before].filter((content): content is string => content !== null).map((content) => record(parseYaml(path, content).data));
  const kind = sides.map((data) => data?.['kind']).find(isKind) ?? 'other';
  if (kind !== 'flow') return { path, kind };
  const risks = sides.map((data) => data?.['risk']).filter(isRisk);
  const risk = RISKS.filter((level) => risks.includes(level)).at(-1);
  const topics = [...new Set(sides.flatMap((data) => Object.values(record(data?.['intents']) ?? {}).flatMap((intent) => strings(record(intent)?.['topics']))))].sort();
  return { path, kind, ...(risk ? { risk } : {}), ...(topics.length > 0 ? { topics, sensitiveIntent: true } : {}) };
}

function record(value: unknown): YamlRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as YamlRecord) : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isRisk(value: unknown): value is Risk {
  return (RISKS as readonly unknown[]).includes(value);
}

function isKind(value: unknown): value is (typeof KINDS)[number] {
  return (KINDS as readonly unknown[]).includes(value);
}
