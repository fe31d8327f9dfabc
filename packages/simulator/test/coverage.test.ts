import type { TraceEvent } from '@colloquy/engine';
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../src/coverage/computeCoverage.ts';
import { percent } from '../src/coverage/coverageTypes.ts';
import { AGENT, BANK_FILES, BALANCE, CARD_FREEZE, CARD_LOST, POLICIES } from './support/bank.ts';
import { loadWorkspace, positionOf, trace, yaml } from './support/workspace.ts';

const workspace = loadWorkspace(BANK_FILES);

/** A lost-card conversation: consent given, one wrong answer, then digits, frozen by the second rule row. */
const LOST_CARD_TRACE: TraceEvent[] = trace(
  { type: 'recognized', intent: 'report_lost_card', confidence: 1, ranking: [] },
  { type: 'flow_entered', flow: 'card_lost', intent: 'report_lost_card', digression: false },
  { type: 'node_entered', flow: 'card_lost', node: 'ask_consent' },
  { type: 'transition', flow: 'card_lost', from: 'ask_consent', to: 'ask_last4', via: 'route', key: 'true' },
  { type: 'node_entered', flow: 'card_lost', node: 'ask_last4' },
  { type: 'slot_rejected', flow: 'card_lost', slot: 'card_last4', text: 'dunno', attempt: 1 },
  { type: 'transition', flow: 'card_lost', from: 'ask_last4', to: 'decide', via: 'next' },
  { type: 'node_entered', flow: 'card_lost', node: 'decide' },
  { type: 'rule_fired', table: 'card_freeze', row: 1, outputs: { decision: 'freeze' } },
  { type: 'transition', flow: 'card_lost', from: 'decide', to: 'do_freeze', via: 'route', key: 'freeze' },
  { type: 'node_entered', flow: 'card_lost', node: 'do_freeze' },
);

const at = (file: string, text: string, needle: string, after = '') => ({ file, ...positionOf(text, needle, after) });

describe('coverage', () => {
  it('counts everything declared and nothing reached for a run without conversations', () => {
    const coverage = computeCoverage(workspace, []);
    expect([coverage.intents, coverage.nodes, coverage.transitions, coverage.rules, coverage.policies].map((c) => [c.category, c.covered, c.total, c.percent])).toEqual([
      ['intents', 0, 3, 0],
      ['nodes', 0, 8, 0],
      ['transitions', 0, 8, 0],
      ['rules', 0, 2, 0],
      ['policies', 0, 3, 0],
    ]);
    expect(coverage.overall).toEqual({ covered: 0, total: 24, percent: 0 });
  });

  it('counts intents the recognizer returned, with where each missed one is declared', () => {
    const coverage = computeCoverage(workspace, [
      LOST_CARD_TRACE,
      trace({ type: 'recognized', intent: null, confidence: 0.2, ranking: [{ intent: 'check_balance', score: 0.2 }] }),
    ]);
    expect(coverage.intents).toMatchObject({ covered: 1, total: 3, percent: 33.3 });
    expect(coverage.intents.missed).toEqual([
      { id: 'check_balance', label: 'intent check_balance', group: 'balance', location: at('flows/balance.flow.yaml', BALANCE, 'check_balance:') },
      { id: 'make_complaint', label: 'intent make_complaint', group: 'complaint', location: expect.objectContaining({ file: 'flows/complaint.flow.yaml' }) },
    ]);
    expect(coverage.intents.groups.map((g) => [g.id, g.covered, g.total])).toEqual([
      ['balance', 0, 1],
      ['card_lost', 1, 1],
      ['complaint', 0, 1],
    ]);
  });

  it('counts nodes entered per flow', () => {
    const coverage = computeCoverage(workspace, [LOST_CARD_TRACE]);
    expect(coverage.nodes).toMatchObject({ covered: 4, total: 8, percent: 50 });
    expect(coverage.nodes.missed.map((n) => n.id)).toEqual(['balance/tell', 'card_lost/done', 'card_lost/to_agent', 'complaint/to_person']);
    expect(coverage.nodes.missed[1]!.location).toEqual(at('flows/card_lost.flow.yaml', CARD_LOST, 'done:'));
    expect(coverage.nodes.groups).toEqual([
      { id: 'balance', file: 'flows/balance.flow.yaml', covered: 0, total: 1, percent: 0 },
      { id: 'card_lost', file: 'flows/card_lost.flow.yaml', covered: 4, total: 6, percent: 66.7 },
      { id: 'complaint', file: 'flows/complaint.flow.yaml', covered: 0, total: 1, percent: 0 },
    ]);
  });

  it('counts each written transition separately: every route key, next and on_fail; none from handoff or end nodes', () => {
    const coverage = computeCoverage(workspace, [LOST_CARD_TRACE]);
    expect(coverage.transitions).toMatchObject({ covered: 3, total: 8 });
    expect(coverage.transitions.missed.map((t) => t.id)).toEqual([
      'card_lost/ask_consent -> to_agent (route "false")',
      'card_lost/ask_last4 -> to_agent (on_fail)',
      'card_lost/decide -> to_agent (route "escalate")',
      'card_lost/do_freeze -> to_agent (route "failed")',
      'card_lost/do_freeze -> done (next)',
    ]);
    expect(coverage.transitions.missed.map((t) => t.location)).toEqual([
      at('flows/card_lost.flow.yaml', CARD_LOST, "'false'"),
      at('flows/card_lost.flow.yaml', CARD_LOST, 'on_fail'),
      at('flows/card_lost.flow.yaml', CARD_LOST, 'escalate'),
      at('flows/card_lost.flow.yaml', CARD_LOST, 'failed'),
      at('flows/card_lost.flow.yaml', CARD_LOST, 'next', 'do_freeze:'),
    ]);
  });

  it('does not count a route as taken when only another way out of the same node was', () => {
    const coverage = computeCoverage(workspace, [
      trace({ type: 'transition', flow: 'card_lost', from: 'do_freeze', to: 'done', via: 'next' }),
      // A route key with the same text as a written one, but in another flow, counts for nothing here.
      trace({ type: 'transition', flow: 'balance', from: 'do_freeze', to: 'to_agent', via: 'route', key: 'failed' }),
    ]);
    expect(coverage.transitions.covered).toBe(1);
    expect(coverage.transitions.missed.map((t) => t.id)).toContain('card_lost/do_freeze -> to_agent (route "failed")');
  });

  it('counts rule rows fired per table, named as designers count them', () => {
    const coverage = computeCoverage(workspace, [LOST_CARD_TRACE]);
    expect(coverage.rules).toMatchObject({ covered: 1, total: 2, percent: 50 });
    expect(coverage.rules.missed).toEqual([
      {
        id: 'card_freeze/0',
        label: 'rule card_freeze row 1 (`private_escalates`)',
        group: 'card_freeze',
        location: at('rules/card_freeze.rules.yaml', CARD_FREEZE, 'private_escalates'),
      },
    ]);
    const other = computeCoverage(workspace, [trace({ type: 'rule_fired', table: 'card_freeze', row: 0, outputs: {} })]);
    expect(other.rules.missed).toEqual([
      expect.objectContaining({ id: 'card_freeze/1', label: 'rule card_freeze row 2', location: at('rules/card_freeze.rules.yaml', CARD_FREEZE, 'when', 'then: { decision: escalate }') }),
    ]);
  });

  describe('policies', () => {
    it('counts pii_consent once a flow with a pii slot ran, and human_within_turns once something was not understood', () => {
      const coverage = computeCoverage(workspace, [LOST_CARD_TRACE]);
      expect(coverage.policies.missed).toEqual([
        {
          id: 'complaints_reach_human',
          label: 'policy complaints_reach_human (topic_handoff)',
          location: at('policies/complaints.policy.yaml', POLICIES['policies/complaints.policy.yaml'], 'check'),
          note: 'no test reached flow complaint',
        },
      ]);
    });

    it('counts topic_handoff once a flow with an intent on its topics ran', () => {
      const coverage = computeCoverage(workspace, [trace({ type: 'flow_entered', flow: 'complaint', digression: true })]);
      expect(coverage.policies.missed.map((p) => [p.id, p.note])).toEqual([
        ['human_within_three', 'no test has an utterance the assistant did not understand'],
        ['pii_after_consent', 'no test reached flow card_lost'],
      ]);
    });

    it('counts a fallback while idle as something not understood', () => {
      const coverage = computeCoverage(workspace, [trace({ type: 'fallback', reason: 'out_of_scope', consecutive: 1 })]);
      expect(coverage.policies.missed.map((p) => p.id)).not.toContain('human_within_three');
    });

    it('says when no flow is on a policy topic at all', () => {
      const files = {
        ...BANK_FILES,
        'agent.yaml': AGENT.replace('topics:\n', 'topics:\n  bereavement: { description: Someone died. }\n'),
        'policies/bereavement.policy.yaml': yaml`
          kind: policy
          version: 1
          id: bereavement_reaches_human
          title: Bereavement reaches a person
          severity: warning
          check: { type: topic_handoff, topics: [bereavement] }
        `,
      };
      const coverage = computeCoverage(loadWorkspace(files), [trace({ type: 'flow_entered', flow: 'complaint', digression: false })]);
      expect(coverage.policies.missed.find((p) => p.id === 'bereavement_reaches_human')?.note).toBe('no flow has an intent on the topics bereavement');
    });
  });

  it('adds every item of every category into the overall figure', () => {
    const coverage = computeCoverage(workspace, [LOST_CARD_TRACE]);
    // intents 1 + nodes 4 + transitions 3 + rules 1 + policies 2 = 11 of 24.
    expect(coverage.overall).toEqual({ covered: 11, total: 24, percent: 45.8 });
  });

  it('counts a workspace with nothing in a category as fully covered there', () => {
    const coverage = computeCoverage(loadWorkspace({ 'agent.yaml': AGENT, 'flows/balance.flow.yaml': BALANCE }), []);
    expect(coverage.rules).toMatchObject({ covered: 0, total: 0, percent: 100, groups: [], missed: [] });
    expect(coverage.policies.percent).toBe(100);
  });

  it('rounds percentages to one decimal', () => {
    expect([percent(1, 3), percent(2, 3), percent(1, 8), percent(0, 0), percent(7, 7)]).toEqual([33.3, 66.7, 12.5, 100, 100]);
  });
});
