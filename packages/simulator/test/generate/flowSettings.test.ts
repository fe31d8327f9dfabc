/**
 * Per-flow generation settings: a test file's `simulate:` block gives its
 * flow's intents their own generators, cases per intent and seed; the run's
 * settings hold for every other flow and for the cases made from no intent;
 * a run setting given on purpose (a CLI flag) wins over every file.
 */
import type { Workspace } from '@colloquy/core';
import { GENERATOR_NAMES, flowGenerations, generateCases, isModelGuided, simulate, type GeneratedCase } from '@colloquy/simulator';
import { SIMULATION_GENERATORS } from '@colloquy/core';
import { describe, expect, it } from 'vitest';
import { BANK_FILES } from '../support/bank.ts';
import { loadWorkspace, yaml } from '../support/workspace.ts';

const CARD_SUITE = (simulate: string) => yaml`
  kind: test
  version: 1
  id: card_lost
  flow: card_lost
  ${simulate}
  tests:
    - id: lost
      turns:
        - user: I lost my card
          expect: { intent: report_lost_card }
`;

/** The bank workspace, with a second intent for balance so that per-intent counts show, and the given card suite. */
function bank(simulate: string, extra: Readonly<Record<string, string>> = {}): Workspace {
  return loadWorkspace({
    ...BANK_FILES,
    'flows/balance.flow.yaml': BANK_FILES['flows/balance.flow.yaml']!.replace('examples: [what is my balance]', 'examples: [what is my balance, how much money do I have, show my balance]'),
    'tests/card_lost.test.yaml': CARD_SUITE(simulate),
    ...extra,
  });
}

const RUN = { generators: GENERATOR_NAMES.filter((g) => !isModelGuided(g)), perIntent: 2, seed: 'run-seed' };
const fromFlow = (cases: readonly GeneratedCase[], flow: string) => cases.filter((c) => c.sources[0]?.flow === flow);
const withoutFlow = (cases: readonly GeneratedCase[], flow: string) => cases.filter((c) => c.sources[0]?.flow !== flow);

describe('the generator names', () => {
  it('are the ones the test-file schema accepts, in the same order', () => {
    expect(GENERATOR_NAMES).toBe(SIMULATION_GENERATORS);
  });
});

describe('flowGenerations', () => {
  it("takes each field from the flow's block, and the run's setting for a field it leaves out", () => {
    expect(flowGenerations(bank('simulate: { generators: [pii, noise], per_intent: 5 }'), RUN)).toEqual([
      { flow: 'card_lost', generators: ['noise', 'pii'], perIntent: 5, seed: 'run-seed' },
    ]);
    expect(flowGenerations(bank('simulate: { seed: card-seed }'), RUN)).toEqual([{ flow: 'card_lost', generators: RUN.generators, perIntent: 2, seed: 'card-seed' }]);
  });

  it('lets a setting given on purpose win over every file, field by field', () => {
    const workspace = bank('simulate: { generators: [noise], per_intent: 5, seed: card-seed }');
    expect(flowGenerations(workspace, RUN, ['seed'])).toEqual([{ flow: 'card_lost', generators: ['noise'], perIntent: 5, seed: 'run-seed' }]);
    expect(flowGenerations(workspace, RUN, ['generators', 'perIntent'])).toEqual([{ flow: 'card_lost', generators: RUN.generators, perIntent: 2, seed: 'card-seed' }]);
  });

  it('gives nothing for a workspace whose test files set nothing', () => {
    expect(flowGenerations(bank(''), RUN)).toEqual([]);
  });
});

describe('generateCases with per-flow settings', () => {
  const workspace = bank('simulate: { generators: [noise, multi_turn], per_intent: 5, seed: card-seed }');
  const flows = flowGenerations(workspace, RUN);
  const plain = generateCases(workspace, RUN);
  const configured = generateCases(workspace, { ...RUN, flows });

  it("makes the configured flow's cases with its generators, perIntent and seed", () => {
    const card = fromFlow(configured, 'card_lost');
    expect(new Set(card.map((c) => c.generator))).toEqual(new Set(['noise', 'multi_turn']));
    // The same cases as a run with the flow's settings would make for that flow
    const alone = fromFlow(generateCases(workspace, { generators: ['noise', 'multi_turn'], perIntent: 5, seed: 'card-seed' }), 'card_lost');
    expect(card).toEqual(alone);
    expect(card.filter((c) => c.generator === 'noise')).toHaveLength(5);
  });

  it('leaves every other flow and the cases made from no intent as the run makes them, once each', () => {
    expect(withoutFlow(configured, 'card_lost')).toEqual(withoutFlow(plain, 'card_lost'));
    expect(new Set(configured.map((c) => c.id)).size).toBe(configured.length);
    expect(configured.filter((c) => c.generator === 'blank')).toEqual(plain.filter((c) => c.generator === 'blank'));
  });

  it('runs a generator a flow adds only for that flow, and one it leaves out for the others only', () => {
    const onlyCard = generateCases(workspace, { ...RUN, generators: ['pii'], flows });
    expect(new Set(onlyCard.map((c) => `${c.generator} ${c.sources[0]?.flow}`))).toEqual(new Set(['pii balance', 'pii complaint', 'noise card_lost', 'multi_turn card_lost']));
    expect(fromFlow(configured, 'card_lost').some((c) => c.generator === 'pii')).toBe(false);
  });

  it('ignores the settings of a flow outside `flow`', () => {
    expect(generateCases(workspace, { ...RUN, flow: 'balance', flows })).toEqual(generateCases(workspace, { ...RUN, flow: 'balance' }));
  });
});

describe('simulate honours the test files', () => {
  const workspace = bank('simulate: { generators: [noise], per_intent: 4, seed: card-seed }');

  it("records each configured flow's settings in the run and makes its cases with them", () => {
    const report = simulate(workspace, { seed: 'run-seed', perIntent: 1 });
    expect(report.run.flows).toEqual([{ flow: 'card_lost', generators: ['noise'], perIntent: 4, seed: 'card-seed' }]);
    expect(report.run.seed).toBe('run-seed');
    const cardIds = report.cases.map((c) => c.id).filter((id) => id.includes('report_lost_card'));
    expect(cardIds).toEqual(['noise/report_lost_card/0', 'noise/report_lost_card/1', 'noise/report_lost_card/2', 'noise/report_lost_card/3']);
    expect(report.cases.filter((c) => c.id.startsWith('noise/check_balance/'))).toHaveLength(1);
  });

  it('lets the settings a caller gives on purpose win, and says so in the run', () => {
    const report = simulate(workspace, { seed: 'flag-seed', perIntent: 1, generators: ['noise', 'pii'], overrides: ['seed', 'perIntent', 'generators'] });
    expect(report.run.flows).toEqual([{ flow: 'card_lost', generators: ['noise', 'pii'], perIntent: 1, seed: 'flag-seed' }]);
    expect(report.cases.filter((c) => c.id.includes('report_lost_card')).map((c) => c.id)).toEqual(['noise/report_lost_card/0', 'pii/report_lost_card/0']);
    // The same cases as a run over a workspace whose files set nothing (a configured flow's come last in each generator)
    const unset = simulate(bank(''), { seed: 'flag-seed', perIntent: 1, generators: ['noise', 'pii'] });
    const byId = (rows: readonly { id: string }[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(report.cases)).toEqual(byId(unset.cases));
    expect(unset.run.flows).toEqual([]);
  });

  it('leaves out a model-guided generator a file names when the run has no model', () => {
    const report = simulate(bank('simulate: { generators: [noise, paraphrase] }'), { seed: 's', perIntent: 1 });
    expect(report.run.flows[0]!.generators).toEqual(['noise']);
    expect(report.run.generators).not.toContain('paraphrase');
  });
});
