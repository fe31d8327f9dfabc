/**
 * A small workspace written out in full, so that tests can state exact lines
 * and columns. Two flows share a node id (`to_agent`) to show scoping; the
 * table reads slot `last4` of the flow that decides with it; the test suite
 * names no flow, so its nodes are found through the turn's intent.
 */
export const SMALL: ReadonlyMap<string, string> = new Map([
  [
    'agent.yaml',
    `kind: agent
version: 1
name: Test bank
language: en
nlu: { recognizer: lexical, threshold: 0.5 }
fallback:
  say: "Sorry {first_name}, once more?"
  max_failures: 2
  handoff: { queue: general }
queues:
  general: { title: General }
  cards: { title: Cards }
actions:
  cards.freeze: { outcomes: [ok, failed], default: ok }
context:
  tier: { type: string }
  first_name: { type: string }
topics:
  complaint: { description: Complaints }
`,
  ],
  [
    'flows/a.flow.yaml',
    `kind: flow
version: 1
id: a
title: Lost card
intents:
  lost_card:
    examples: ["lost card", "my card is gone"]
    topics: [complaint]
slots:
  last4: { type: digits, length: 4 }
  reason: { type: text }
start: ask
nodes:
  ask:
    ask: "Last 4 digits, {first_name}?"
    fill: last4
    next: why
  why:
    ask: "Why?"
    fill: "reason"
    next: check
  check:
    decide: risk
    routes: { "high": to_agent, 'low': freeze }
  freeze:
    say: "Freezing card {last4} ({decision}) because {reason}."
    action: cards.freeze
    routes: { ok: done, failed: to_agent }
  done: { end: resolved }
  to_agent:
    handoff: { queue: cards, say: "Passing you over about {last4}." }
`,
  ],
  [
    'flows/b.flow.yaml',
    `kind: flow
version: 1
id: b
title: Talk to someone
intents:
  talk: { examples: ["talk to a person"] }
start: to_agent
nodes:
  to_agent:
    handoff: { queue: general }
`,
  ],
  [
    'rules/risk.rules.yaml',
    `kind: rules
version: 1
id: risk
hit_policy: first
inputs:
  - { name: tier, type: string }
  - { name: last4, type: string }
outputs:
  - { name: decision, type: string, values: [high, low] }
rules:
  - id: gold
    when: { tier: '"gold"' }
    then: { decision: low }
  - then: { decision: high }
`,
  ],
  [
    'policies/complaints.policy.yaml',
    `kind: policy
version: 1
id: complaints_reach_a_person
title: Complaints reach a person
severity: warning
check: { type: topic_handoff, topics: [complaint] }
`,
  ],
  [
    'tests/a.test.yaml',
    `kind: test
version: 1
id: suite_a
tests:
  - id: one
    actions: { cards.freeze: failed }
    turns:
      - user: "lost my card"
        expect: { intent: lost_card, node: ask }
      - user: "1234"
      - user: "stolen"
        expect: { slots: { last4: "1234" }, handoff: cards, node: to_agent }
  - id: two
    context: { tier: gold }
    turns:
      - user: "talk"
        expect: { intent: talk, flow: b, node: to_agent }
`,
  ],
]);
