/**
 * A small bank workspace shared by the engine tests: a lost-card flow that
 * asks, decides, acts and ends or hands over; a balance flow that answers
 * and ends; a transfer flow that asks two questions (for digressions).
 */
import { yaml } from './workspace.ts';

export const AGENT = yaml`
  kind: agent
  version: 1
  name: Bank
  language: en
  greeting: Hello {customer_name}, how can I help?
  nlu: { recognizer: lexical, threshold: 0.5 }
  fallback:
    say: Sorry, I did not get that.
    max_failures: 2
    handoff: { queue: general, reason: not understood, say: Let me get you a person. }
  queues:
    general: { title: General }
    cards: { title: Cards }
    loans: { title: Loans }
  actions:
    cards.freeze: { outcomes: [ok, failed], default: ok }
  context:
    tier: { type: string, values: [standard, gold, private], default: standard }
    customer_name: { type: string }
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
    card_last4: { type: digits, length: 4 }
  start: confirm
  nodes:
    confirm:
      say: I'm sorry to hear that.
      next: ask_last4
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
      say: Done, the card ending {card_last4} is frozen ({decision}).
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
    - id: everyone_else
      when: { tier: '-' }
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

export const TRANSFER = yaml`
  kind: flow
  version: 1
  id: transfer
  title: Transfer
  intents:
    make_transfer:
      examples: [I want to send money]
  slots:
    amount: { type: number, min: 1 }
    confirmed: { type: boolean }
  start: ask_amount
  nodes:
    ask_amount:
      ask: How much?
      fill: amount
      next: ask_confirm
    ask_confirm:
      ask: Send {amount} EUR?
      fill: confirmed
      routes: { 'true': sent, 'false': cancelled }
    sent:
      say: Sent {amount} EUR.
      end: transferred
    cancelled:
      say: Cancelled.
      end: cancelled
`;

export const BANK_FILES = {
  'agent.yaml': AGENT,
  'flows/card_lost.flow.yaml': CARD_LOST,
  'flows/balance.flow.yaml': BALANCE,
  'flows/transfer.flow.yaml': TRANSFER,
  'rules/card_freeze.rules.yaml': CARD_FREEZE,
};

export const BANK_UTTERANCES = {
  'I lost my card': 'report_lost_card',
  'I lost my card ending 4321': 'report_lost_card',
  'what is my balance': 'check_balance',
  'I want to send money': 'make_transfer',
  'send 250 euros': 'make_transfer',
  'yes, I want to send money': 'make_transfer',
};
