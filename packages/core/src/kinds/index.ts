import { AGENT_VERSION, agentSchema } from './agent.ts';
import { FLOW_VERSION, flowSchema } from './flow.ts';
import { POLICY_VERSION, policySchema } from './policy.ts';
import { RULES_VERSION, rulesSchema } from './rules.ts';
import { SIMULATION_GENERATORS, TEST_VERSION, testSchema } from './test.ts';
import type { AgentFile, FlowFile, PolicyFile, RulesFile, TestFile } from './types.generated.ts';
import type { Migration } from './migrations.ts';

export type * from './types.generated.ts';

export type FileKind = 'agent' | 'flow' | 'rules' | 'policy' | 'test';

export const FILE_KINDS: readonly FileKind[] = ['agent', 'flow', 'rules', 'policy', 'test'];

/** The data type of each kind, at its current version. */
export interface KindData {
  agent: AgentFile;
  flow: FlowFile;
  rules: RulesFile;
  policy: PolicyFile;
  test: TestFile;
}

export interface KindDefinition {
  readonly kind: FileKind;
  /** The current format version: files are migrated up to it before validation. */
  readonly version: number;
  readonly schema: Readonly<Record<string, unknown>>;
  /** Consecutive migrations, `migrations[i]` takes version i+1 to i+2. Never renumber a shipped one. */
  readonly migrations: readonly Migration[];
  /** The file name suffix this kind should have. */
  readonly suffix: string;
}

export const KINDS: Readonly<Record<FileKind, KindDefinition>> = {
  agent: { kind: 'agent', version: AGENT_VERSION, schema: agentSchema, migrations: [], suffix: 'agent.yaml' },
  flow: { kind: 'flow', version: FLOW_VERSION, schema: flowSchema, migrations: [], suffix: '.flow.yaml' },
  rules: { kind: 'rules', version: RULES_VERSION, schema: rulesSchema, migrations: [], suffix: '.rules.yaml' },
  policy: { kind: 'policy', version: POLICY_VERSION, schema: policySchema, migrations: [], suffix: '.policy.yaml' },
  test: { kind: 'test', version: TEST_VERSION, schema: testSchema, migrations: [], suffix: '.test.yaml' },
};

export function isFileKind(value: unknown): value is FileKind {
  return typeof value === 'string' && (FILE_KINDS as readonly string[]).includes(value);
}

export { agentSchema, flowSchema, policySchema, rulesSchema, testSchema };
export { MAX_PER_INTENT, SIMULATION_GENERATORS } from './test.ts';
/** A generator a test file's `simulate:` block may name. */
export type SimulationGeneratorName = (typeof SIMULATION_GENERATORS)[number];

