/**
 * A small bank workspace for the simulator tests: a lost-card flow that asks
 * for consent and personal data, decides with a rules table, acts, ends or
 * hands over; a balance flow; a complaint flow on a sensitive topic; and the
 * three kinds of policy.
 */
import { yaml } from './workspace.ts';

export const AGENT = yaml`
  kind: agent
  version: 1
  name: Bank
  language: en
  greeting: Hello, how can I help?
  nlu: { recognizer: lexical, threshold: 0.5 }
  fallback:
    say: Sorry, I did not get that.
    max_failures: 2
    handoff: { queue: general, reason: not understood, say: Let me get you a person. }
  queues:
    general: { title: General }
    cards: { title: Cards }
  actions:
    cards.freeze: { outcomes: [ok, failed], default: ok }
  context:
    tier: { type: string, values: [standard, gold, private], default: standard }
  topics:
    complaint: { description: The customer is unhappy with the bank. }
`;

export const CARD_LOST = yaml`
  kind: flow
  version: 1
  id: card_lost
  title: Lost card
  intents:
    report_lost_card:
      examples: [I lost my card]
  slots:
    consent_given: { type: boolean }
    card_last4: { type: digits, length: 4, pii: true }
  start: ask_consent
  nodes:
    ask_consent:
      say: I'm sorry to hear that.
      ask: May I ask for the last four digits of your card?
      fill: consent_given
      consent: true
      routes: { 'true': ask_last4, 'false': to_agent }
    ask_last4:
      ask: What are the last four digits?
      fill: card_last4
      retries: 1
      reprompt: Four digits, please.
      on_fail: to_agent
      next: decide
    decide:
      decide: card_freeze
      routes: { freeze: do_freeze, escalate: to_agent }
    do_freeze:
      action: cards.freeze
      routes: { failed: to_agent }
      next: done
    done:
      say: Done, the card ending {card_last4} is frozen.
      end: resolved
    to_agent:
      handoff: { queue: cards, reason: customer needs a person, say: Connecting you to the cards team. }
`;

export const CARD_FREEZE = yaml`
  kind: rules
  version: 1
  id: card_freeze
  hit_policy: first
  inputs:
    - { name: tier, type: string, values: [standard, gold, private] }
  outputs:
    - { name: decision, type: string, values: [freeze, escalate] }
  rules:
    - id: private_escalates
      when: { tier: '"private"' }
      then: { decision: escalate }
    - when: { tier: '-' }
      then: { decision: freeze }
`;

export const BALANCE = yaml`
  kind: flow
  version: 1
  id: balance
  title: Balance
  intents:
    check_balance:
      examples: [what is my balance]
  start: tell
  nodes:
    tell:
      say: Your balance is 100 EUR.
      end: answered
`;

export const COMPLAINT = yaml`
  kind: flow
  version: 1
  id: complaint
  title: Complaint
  intents:
    make_complaint:
      examples: [I want to complain]
      topics: [complaint]
  start: to_person
  nodes:
    to_person:
      handoff: { queue: general, reason: complaint, say: I'm passing you to a colleague. }
`;

export const POLICIES = {
  'policies/complaints.policy.yaml': yaml`
    kind: policy
    version: 1
    id: complaints_reach_human
    title: Complaints reach a person
    severity: error
    check: { type: topic_handoff, topics: [complaint] }
  `,
  'policies/pii.policy.yaml': yaml`
    kind: policy
    version: 1
    id: pii_after_consent
    title: Personal data only after consent
    severity: error
    check: { type: pii_consent }
  `,
  'policies/human.policy.yaml': yaml`
    kind: policy
    version: 1
    id: human_within_three
    title: A person within three misunderstood turns
    severity: error
    check: { type: human_within_turns, max_turns: 3 }
  `,
};

export const BANK_FILES: Readonly<Record<string, string>> = {
  'agent.yaml': AGENT,
  'flows/card_lost.flow.yaml': CARD_LOST,
  'flows/balance.flow.yaml': BALANCE,
  'flows/complaint.flow.yaml': COMPLAINT,
  'rules/card_freeze.rules.yaml': CARD_FREEZE,
  ...POLICIES,
};

export const BANK_UTTERANCES: Readonly<Record<string, string>> = {
  'I lost my card': 'report_lost_card',
  'I lost my card ending 4321': 'report_lost_card',
  'what is my balance': 'check_balance',
  'I want to complain': 'make_complaint',
};
