/**
 * Small inline workspaces for check tests: a valid agent, flow, rules table and
 * test suite that produce no diagnostics, which each test bends to show one
 * mistake (or one valid construct that must stay quiet).
 */
import { formatDiagnostic, validateWorkspace, type Diagnostic, type DiagnosticCode } from '../../src/index.ts';

export const AGENT = `kind: agent
version: 1
name: Bank assistant
language: en
greeting: "Hello! How can I help?"
nlu: { recognizer: lexical, threshold: 0.5 }
fallback:
  say: "Sorry, I did not get that."
  max_failures: 2
  handoff: { queue: general }
queues:
  general: { title: General }
  cards: { title: Cards }
actions:
  cards.freeze: { outcomes: [ok, failed], default: ok }
context:
  tier: { type: string, values: [standard, gold] }
topics:
  complaint: { description: Complaints about the bank }
approval:
  rules:
    - when: { topics: [complaint] }
      require: [rai_lead]
`;

export const CARD_FLOW = `kind: flow
version: 1
id: card_lost
title: Report a lost card
intents:
  report_lost_card:
    examples: ["I lost my card", "my card was stolen"]
slots:
  card_last4: { type: digits, length: 4 }
  confirmed: { type: boolean }
start: ask_last4
nodes:
  ask_last4:
    ask: "What are the last four digits of the card?"
    fill: card_last4
    retries: 2
    on_fail: to_agent
    next: confirm
  confirm:
    ask: "Freeze the card ending {card_last4}?"
    fill: confirmed
    routes: { "true": decide, "false": to_agent }
  decide:
    decide: card_freeze
    routes: { freeze: do_freeze, escalate: to_agent }
  do_freeze:
    action: cards.freeze
    say: "Your {tier} card is now {action}d."
    routes: { ok: done, failed: to_agent }
  done:
    say: "Done."
    end: resolved
  to_agent:
    handoff: { queue: cards, reason: customer needs a person, say: "A colleague will help you." }
`;

export const CARD_RULES = `kind: rules
version: 1
id: card_freeze
hit_policy: first
inputs:
  - { name: tier, type: string, values: [standard, gold] }
  - { name: card_last4, type: string }
outputs:
  - { name: action, type: string, values: [freeze, escalate] }
rules:
  - when: { tier: '"gold"' }
    then: { action: escalate }
  - then: { action: freeze }
`;

export const CARD_TEST = `kind: test
version: 1
id: card_lost_tests
flow: card_lost
context: { tier: gold }
tests:
  - id: freezes
    actions: { cards.freeze: ok }
    turns:
      - user: "I lost my card"
        expect: { intent: report_lost_card, node: ask_last4 }
      - user: "1234"
        expect: { node: confirm, slots: { card_last4: "1234" } }
      - user: "yes"
        expect: { end: resolved, actions: { cards.freeze: ok } }
`;

export const BASE_WORKSPACE: Readonly<Record<string, string>> = {
  'agent.yaml': AGENT,
  'flows/card_lost.flow.yaml': CARD_FLOW,
  'rules/card_freeze.rules.yaml': CARD_RULES,
  'tests/card_lost.test.yaml': CARD_TEST,
};

/** Validates the base workspace with some files replaced, added, or (with `null`) removed. */
export function validate(changes: Readonly<Record<string, string | null>> = {}): Diagnostic[] {
  const files = { ...BASE_WORKSPACE, ...changes };
  const sources = Object.entries(files)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([path, content]) => ({ path, content }));
  return [...validateWorkspace(sources).diagnostics];
}

/** The diagnostics with one of these codes, as `file:line:col severity CODE message` lines. */
export function lines(diagnostics: readonly Diagnostic[], ...codes: DiagnosticCode[]): string[] {
  return diagnostics.filter((d) => codes.length === 0 || codes.includes(d.code)).map(formatDiagnostic);
}

/** Replaces exactly one occurrence of `from` (fails loudly if the fixture changed). */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`expected exactly one ${JSON.stringify(from)} in the fixture`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

export const TEST_FLOW_PATH = 'flows/test_flow.flow.yaml';

/**
 * A flow `test_flow` with the given nodes (YAML mapping text at column 0) and
 * slots `answer` (text), `card_last4` (the base rules table's input), `agree`
 * (boolean) and `colour` (enum red/blue).
 */
export function flowWith(nodes: string, options: { start?: string; intents?: boolean } = {}): string {
  const intents = options.intents === false ? '' : 'intents:\n  test_intent:\n    examples: ["test me"]\n';
  const body = nodes
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `kind: flow
version: 1
id: test_flow
title: Test flow
${intents}slots:
  answer: { type: text }
  card_last4: { type: digits, length: 4 }
  agree: { type: boolean }
  colour: { type: enum, values: { red: [], blue: [] } }
start: ${options.start ?? 'a'}
nodes:
${body}
`;
}

/** Diagnostic lines of these codes for a workspace holding the base files plus a `test_flow` with these nodes. */
export function flowLines(nodes: string, codes: DiagnosticCode[], options: { start?: string; intents?: boolean } = {}): string[] {
  return lines(validate({ [TEST_FLOW_PATH]: flowWith(nodes, options) }), ...codes);
}
