/**
 * A test file's `simulate:` block (generation settings for its flow): the
 * schema takes the generators, cases per intent and seed, and refuses
 * anything else with a positioned message in the designer's terms.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { SchemaValidator } from '../../src/schema/schemaValidator.ts';
import { loadFile } from '../../src/workspace/loadFile.ts';
import { SIMULATION_GENERATORS } from '../../src/kinds/index.ts';
import { CARD_TEST, edit, lines as workspaceLines, validate } from '../checks/workspaceBuilder.ts';

const schemas = new SchemaValidator();
const load = (text: string) => loadFile('tests/card.test.yaml', text, schemas);
const lines = (text: string) => load(text).diagnostics.map(formatDiagnostic);

const suite = (simulate: string, header = 'flow: card_lost\n') =>
  `kind: test\nversion: 1\nid: card\n${header}simulate:\n${simulate}tests:\n  - id: t\n    turns:\n      - user: hi\n`;

describe('the simulate block of a test file', () => {
  it('takes generators, per_intent and seed, and keeps them as written', () => {
    const loaded = load(suite('  generators: [noise, near_miss, multi_turn]\n  per_intent: 5\n  seed: card-2026\n'));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.file?.data).toMatchObject({ simulate: { generators: ['noise', 'near_miss', 'multi_turn'], per_intent: 5, seed: 'card-2026' } });
  });

  it('accepts every generator the simulator runs', () => {
    expect(lines(suite(`  generators: [${SIMULATION_GENERATORS.join(', ')}]\n`))).toEqual([]);
  });

  it('points at a generator name that does not exist, with the names allowed and the closest one', () => {
    expect(lines(suite('  generators: [noise, near_mis]\n'))).toEqual([
      'tests/card.test.yaml:6:23 error CQ113 `simulate.generators[2]` is `near_mis`, but must be one of ' +
        `${SIMULATION_GENERATORS.map((g) => `\`${g}\``).join(', ')}; did you mean \`near_miss\`?`,
    ]);
  });

  it('refuses a negative or fractional per_intent, an empty seed, an empty block and unknown fields', () => {
    expect(lines(suite('  per_intent: -1\n'))).toEqual(['tests/card.test.yaml:6:15 error CQ114 `simulate.per_intent` must be at least 0']);
    expect(lines(suite('  per_intent: 2.5\n'))).toEqual(['tests/card.test.yaml:6:15 error CQ112 `simulate.per_intent` must be a whole number, not the number 2.5']);
    expect(lines(suite('  seed: ""\n'))).toEqual(['tests/card.test.yaml:6:9 error CQ114 `simulate.seed` must not be empty']);
    expect(lines(suite('  {}\n'))).toEqual(['tests/card.test.yaml:6:3 error CQ114 `simulate` must not be empty']);
    expect(lines(suite('  perIntent: 3\n'))).toEqual(['tests/card.test.yaml:6:3 error CQ111 `simulate` has an unknown field `perIntent`; did you mean `per_intent`?']);
    expect(lines(suite('  generators: [noise, noise]\n'))).toEqual(['tests/card.test.yaml:6:15 error CQ113 `simulate.generators` lists the same value twice (items 1 and 2)']);
  });

  it('needs the flow it configures, and says so at `simulate`', () => {
    const [line] = lines(suite('  per_intent: 2\n', ''));
    expect(line).toMatch(/^tests\/card\.test\.yaml:4:1 error CQ110 The file has `simulate` but no `flow` \(the flow these tests are mainly about/);
  });
});

describe('CQ220: one simulate block per flow', () => {
  const withSettings = edit(CARD_TEST, 'context: { tier: gold }\n', 'context: { tier: gold }\nsimulate: { per_intent: 5 }\n');
  const second = edit(withSettings, 'id: card_lost_tests', 'id: card_lost_more');

  it('reports the second block for the same flow at its key, pointing back at the first', () => {
    const found = validate({ 'tests/card_lost.test.yaml': withSettings, 'tests/card_lost_more.test.yaml': second });
    expect(workspaceLines(found, 'CQ220')).toEqual([
      'tests/card_lost_more.test.yaml:6:1 error CQ220 flow `card_lost` already has its generation settings in tests/card_lost.test.yaml (line 6); keep one `simulate` block per flow',
    ]);
    expect(found.find((d) => d.code === 'CQ220')?.related?.[0]).toMatchObject({ file: 'tests/card_lost.test.yaml' });
  });

  it('is quiet with one block per flow, and with a second file for the flow that has none', () => {
    expect(workspaceLines(validate({ 'tests/card_lost.test.yaml': withSettings }))).toEqual([]);
    expect(workspaceLines(validate({ 'tests/card_lost.test.yaml': withSettings, 'tests/card_lost_more.test.yaml': edit(CARD_TEST, 'id: card_lost_tests', 'id: card_lost_more') }), 'CQ220')).toEqual([]);
  });

  it('reports a block for a flow that does not exist as an unknown flow (CQ205)', () => {
    const unknown = edit(withSettings, 'flow: card_lost', 'flow: card_lots');
    expect(workspaceLines(validate({ 'tests/card_lost.test.yaml': unknown }), 'CQ205')).toHaveLength(1);
  });
});
