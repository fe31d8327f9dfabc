import { validateWorkspace } from '@colloquy/core';
import { describe, expect, it } from 'vitest';
import { AGENT } from './support/bank.ts';
import { converse, engineFor, eventsOf, yaml } from './support/workspace.ts';

const LOAN = yaml`
  kind: flow
  version: 1
  id: loan
  title: Loan
  intents:
    ask_loan: { examples: [I want a loan] }
    ask_offer: { examples: [any offers for me] }
  slots:
    amount: { type: number }
  start: ask_amount
  nodes:
    ask_amount:
      ask: How much?
      fill: amount
      next: check
    check:
      decide: loan_limit
      routes: { approve: approved, refer: referred }
      next: unclear
    approved:
      say: 'Approved ({verdict}) at {rate}%.'
      end: approved
    referred:
      handoff: { queue: loans, reason: large loan }
    unclear:
      say: We need to look at this.
      end: unclear
`;

const LOAN_LIMIT = yaml`
  kind: rules
  version: 1
  id: loan_limit
  hit_policy: first
  inputs:
    - { name: amount, type: number }
    - { name: tier, type: string, values: [standard, gold, private] }
  outputs:
    - { name: verdict, type: string, values: [approve, refer, decline] }
    - { name: rate, type: number }
  rules:
    - id: small
      when: { amount: '<= 1000' }
      then: { verdict: approve, rate: 5 }
    - id: gold_medium
      when: { amount: '[1001..5000]', tier: '"gold"' }
      then: { verdict: approve, rate: 4 }
    - id: medium
      when: { amount: '[1001..5000]' }
      then: { verdict: refer, rate: 0 }
    - id: huge
      when: { amount: '> 100000' }
      then: { verdict: decline, rate: 0 }
`;

const PERKS = yaml`
  kind: flow
  version: 1
  id: perks
  title: Perks
  intents:
    ask_perks: { examples: [what perks do I get] }
  start: pick
  nodes:
    pick:
      decide: perks
      routes: { lounge: lounge, cashback: cashback }
    lounge:
      say: Lounge access.
      end: told
    cashback:
      say: Cashback.
      end: told
`;

const PERKS_RULES = yaml`
  kind: rules
  version: 1
  id: perks
  hit_policy: collect
  inputs:
    - { name: tier, type: string, values: [standard, gold, private] }
  outputs:
    - { name: perk, type: string, values: [lounge, cashback] }
  rules:
    - when: { tier: '"gold", "private"' }
      then: { perk: lounge }
    - when: { tier: '-' }
      then: { perk: cashback }
`;

const engine = () =>
  engineFor(
    {
      'agent.yaml': AGENT,
      'flows/loan.flow.yaml': LOAN,
      'flows/perks.flow.yaml': PERKS,
      'rules/loan_limit.rules.yaml': LOAN_LIMIT,
      'rules/perks.rules.yaml': PERKS_RULES,
    },
    { 'I want a loan': 'ask_loan', 'what perks do I get': 'ask_perks' },
  );

describe('decide', () => {
  it('routes on the first output, with inputs from slots and context, and keeps every output for messages', () => {
    const { turns } = converse(engine(), ['I want a loan', '500']);

    expect(eventsOf(turns[1]!.events, 'rule_fired')).toMatchObject([
      { table: 'loan_limit', row: 0, rowId: 'small', outputs: { verdict: 'approve', rate: 5 } },
    ]);
    expect(eventsOf(turns[1]!.events, 'transition')).toMatchObject([
      { from: 'ask_amount', to: 'check', via: 'next' },
      { from: 'check', to: 'approved', via: 'route', key: 'approve' },
    ]);
    expect(turns[1]).toMatchObject({ end: 'approved', messages: ['Approved (approve) at 5%.'] });
  });

  it('reads context variables the flow has no slot for', () => {
    const gold = converse(engine(), ['I want a loan', '3000'], { context: { tier: 'gold' } }).turns[1]!;
    const standard = converse(engine(), ['I want a loan', '3000']).turns[1]!;

    expect(eventsOf(gold.events, 'rule_fired')).toMatchObject([{ row: 1, rowId: 'gold_medium' }]);
    expect(gold.end).toBe('approved');
    expect(eventsOf(standard.events, 'rule_fired')).toMatchObject([{ row: 2, rowId: 'medium' }]);
    expect(standard).toMatchObject({ status: 'handed_off', handoff: { queue: 'loans', reason: 'large loan' } });
  });

  it('goes to `next` when the result has no route', () => {
    const turn = converse(engine(), ['I want a loan', '200000']).turns[1]!;
    expect(eventsOf(turn.events, 'rule_fired')).toMatchObject([{ rowId: 'huge', outputs: { verdict: 'decline' } }]);
    expect(eventsOf(turn.events, 'transition').at(-1)).toMatchObject({ from: 'check', to: 'unclear', via: 'next' });
    expect(turn.end).toBe('unclear');
  });

  it('records a table that matches no row and goes to `next`', () => {
    const turn = converse(engine(), ['I want a loan', '50000']).turns[1]!;
    expect(eventsOf(turn.events, 'rule_fired')).toEqual([]);
    expect(eventsOf(turn.events, 'rule_no_match')).toMatchObject([{ table: 'loan_limit', inputs: { amount: 50000, tier: 'standard' } }]);
    expect(turn).toMatchObject({ end: 'unclear', messages: ['We need to look at this.'] });
  });

  it('with hit policy collect, fires every matching row and routes on the first one', () => {
    const turn = converse(engine(), ['what perks do I get'], { context: { tier: 'private' } }).turns[0]!;
    expect(eventsOf(turn.events, 'rule_fired')).toMatchObject([
      { table: 'perks', row: 0, outputs: { perk: 'lounge' } },
      { table: 'perks', row: 1, outputs: { perk: 'cashback' } },
    ]);
    expect(turn.messages).toEqual(['Lounge access.']);

    const standard = converse(engine(), ['what perks do I get']).turns[0]!;
    expect(eventsOf(standard.events, 'rule_fired')).toMatchObject([{ row: 1 }]);
    expect(standard.messages).toEqual(['Cashback.']);
  });
});

describe('decide with hit policy unique', () => {
  const table = yaml`
    kind: rules
    version: 1
    id: overlap
    hit_policy: unique
    inputs:
      - { name: amount, type: number }
    outputs:
      - { name: verdict, type: string, values: [approve, refer] }
    rules:
      - when: { amount: '<= 100' }
        then: { verdict: approve }
      - when: { amount: '>= 50' }
        then: { verdict: refer }
  `;
  const flow = LOAN.replace('decide: loan_limit', 'decide: overlap');
  const files = { 'agent.yaml': AGENT, 'flows/loan.flow.yaml': flow, 'rules/overlap.rules.yaml': table };
  const utterances = { 'I want a loan': 'ask_loan' };

  it('has no result when several rows match, and records the conflict', () => {
    const validation = loadWorkspaceDiagnostics(files);
    const engine = engineFor(files, utterances, { allow: validation });
    const turn = converse(engine, ['I want a loan', '75']).turns[1]!;

    expect(eventsOf(turn.events, 'rule_fired')).toEqual([]);
    expect(eventsOf(turn.events, 'error')).toMatchObject([{ code: 'rule_conflict', flow: 'loan', node: 'check' }]);
    expect(turn.end).toBe('unclear');

    const single = converse(engine, ['I want a loan', '20']).turns[1]!;
    expect(eventsOf(single.events, 'rule_fired')).toMatchObject([{ row: 0 }]);
    expect(single.end).toBe('approved');
  });
});

/** The error codes validation reports for these files (the overlap is the point of the test). */
function loadWorkspaceDiagnostics(files: Record<string, string>): string[] {
  return validateWorkspace(Object.entries(files).map(([path, content]) => ({ path, content })))
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.code);
}
