/**
 * Small inline workspaces for the policy checks: an agent, one policy and the
 * flows a test needs. `policyResults` also fails the test when the fixture
 * itself has errors other than policy results, so every case exercises the
 * policy on a workspace that is otherwise valid.
 */
import { expect } from 'vitest';
import { formatDiagnostic, validateWorkspace, type Diagnostic } from '../../../src/index.ts';

export interface AgentOptions {
  readonly maxFailures?: number;
}

export function agentYaml(options: AgentOptions = {}): string {
  return `kind: agent
version: 1
name: Bank assistant
language: en
nlu: { recognizer: lexical, threshold: 0.5 }
fallback:
  say: "Sorry, I did not get that."
  max_failures: ${options.maxFailures ?? 2}
  handoff: { queue: general }
queues:
  general: { title: General }
  complaints: { title: Complaints }
actions:
  cases.log: { outcomes: [ok, failed], default: ok }
topics:
  complaint: { description: Complaints about the bank }
  bereavement: { description: A customer whose relative died }
`;
}

export function policyYaml(id: string, severity: 'error' | 'warning' | 'info', check: string): string {
  return `kind: policy
version: 1
id: ${id}
title: ${id.replace(/_/g, ' ')}
severity: ${severity}
check: ${check}
`;
}

export interface FlowOptions {
  readonly id: string;
  /** YAML text of the `intents` mapping's entries, at column 0. */
  readonly intents?: string;
  readonly start: string;
  /** YAML text of the `nodes` mapping's entries, at column 0. */
  readonly nodes: string;
}

/**
 * A flow with the given intents and nodes and these slots: `reason` (text),
 * `card_last4` (digits, pii), `address` (text, pii), `agree` (boolean, for
 * consent questions) and `callback` (boolean).
 */
export function flowYaml(options: FlowOptions): string {
  return `kind: flow
version: 1
id: ${options.id}
title: Flow ${options.id}
intents:
${indent(options.intents ?? `${options.id}_intent:\n  examples: ["start ${options.id}"]`)}
slots:
  reason: { type: text }
  card_last4: { type: digits, length: 4, pii: true }
  address: { type: text, pii: true }
  agree: { type: boolean }
  callback: { type: boolean }
start: ${options.start}
nodes:
${indent(options.nodes)}
`;
}

function indent(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

export type Files = Readonly<Record<string, string | null>>;

/** Validates these files (an `agent.yaml` is added unless given, or removed with `null`). */
export function validateFiles(files: Files): Diagnostic[] {
  const all = { 'agent.yaml': agentYaml(), ...files };
  const sources = Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([path, content]) => ({ path, content }));
  return [...validateWorkspace(sources).diagnostics];
}

/** The policy results of a workspace that has no other errors. */
export function policyResults(files: Files): Diagnostic[] {
  const diagnostics = validateFiles(files);
  const otherErrors = diagnostics.filter((d) => d.policy === undefined && d.severity === 'error').map(formatDiagnostic);
  expect(otherErrors, 'the fixture should be valid apart from policy results').toEqual([]);
  return diagnostics.filter((d) => d.policy !== undefined);
}

/** `file:line:col severity CODE message [policy id]` lines, as the CLI prints them. */
export function resultLines(files: Files): string[] {
  return policyResults(files).map(formatDiagnostic);
}
