import { describe, expect, it } from 'vitest';
import { definitionAt } from '../../../src/features/language/definitions.ts';
import { referencesAt } from '../../../src/features/language/references.ts';
import { createSymbolIndex } from '../../../src/features/language/symbolIndex.ts';
import { SMALL } from './fixtures.ts';
import { at, exampleFiles, exampleIndex, expectAllText, span, textOf, where } from './support.ts';

const CARD_LOST = 'flows/card_lost.flow.yaml';
const CARD_LOST_TEST = 'tests/card_lost.test.yaml';

describe('definitionAt', () => {
  const files = exampleFiles();
  const index = exampleIndex();
  const flow = files.get(CARD_LOST)!;
  const test = files.get(CARD_LOST_TEST)!;
  const definition = (path: string, needle: string, occurrence = 0, plus = 0) =>
    where(definitionAt(index, path, at(files.get(path)!, needle, occurrence, plus)));

  it('goes from a transition to the node in the same flow, with the exact range of its key', () => {
    const locations = definitionAt(index, CARD_LOST, at(flow, 'next: ask_consent', 0, 6));
    expect(locations).toHaveLength(1);
    expect(locations[0]!.path).toBe(CARD_LOST);
    expect(span(locations[0]!.range)).toBe('55:3-55:14');
    expect(textOf(flow, locations[0]!.range)).toBe('ask_consent');
  });

  it('works with the cursor anywhere on the name, including just after it', () => {
    const start = at(flow, 'next: ask_consent', 0, 6);
    for (const plus of [0, 5, 11]) {
      expect(where(definitionAt(index, CARD_LOST, { line: start.line, column: start.column + plus }))).toEqual([`${CARD_LOST}:55:3`]);
    }
    expect(definitionAt(index, CARD_LOST, { line: start.line, column: start.column - 2 })).toEqual([]);
  });

  it('goes from a test expectation to the node of the flow the suite is about', () => {
    expect(definition(CARD_LOST_TEST, 'node: ask_consent', 0, 6)).toEqual([`${CARD_LOST}:55:3`]);
  });

  it('picks the flow a test turn is in when two flows declare the same node id', () => {
    // `ask_consent` is a node of card_lost and of change_address. general.test.yaml names no
    // flow; the turn's intent `report_lost_card` starts card_lost.
    expect(definition('tests/general.test.yaml', 'node: ask_consent', 0, 6)).toEqual([`${CARD_LOST}:55:3`]);
    expect(definition('tests/change_address.test.yaml', 'node: ask_consent', 0, 6)).toEqual(['flows/change_address.flow.yaml:75:3']);
  });

  it('goes to intents, slots, tables, queues, actions, flows, topics and context variables in other files', () => {
    expect(definition(CARD_LOST_TEST, 'intent: report_lost_card', 0, 8)).toEqual([`${CARD_LOST}:12:3`]);
    expect(definition(CARD_LOST_TEST, 'flow: card_lost', 0, 6)).toEqual([`${CARD_LOST}:3:5`]);
    expect(definition(CARD_LOST_TEST, 'card_consent: true', 0, 0)).toEqual([`${CARD_LOST}:37:3`]);
    expect(definition(CARD_LOST_TEST, 'handoff: cards', 0, 9)).toEqual(['agent.yaml:25:3']);
    expect(definition(CARD_LOST_TEST, 'cards.freeze: ok', 0, 0)).toEqual([`agent.yaml:${at(files.get('agent.yaml')!, '  cards.freeze:').line}:3`]);
    expect(definition(CARD_LOST_TEST, 'fraud_score: 0.1', 0, 0)).toEqual([`agent.yaml:${at(files.get('agent.yaml')!, '  fraud_score:').line}:3`]);
    expect(definition(CARD_LOST, 'decide: card_freeze', 0, 8)).toEqual(['rules/card_freeze.rules.yaml:3:5']);
    expect(definition(CARD_LOST, 'queue: cards', 0, 7)).toEqual(['agent.yaml:25:3']);
    expect(definition(CARD_LOST, 'fill: card_last4', 0, 6)).toEqual([`${CARD_LOST}:40:3`]);
    expect(definition('policies/sensitive_topics_reach_human.policy.yaml', 'bereavement')).toEqual([`agent.yaml:${at(files.get('agent.yaml')!, '  bereavement:', 1).line}:3`]);
  });

  it('goes from a `{slot}` placeholder in a message to the slot', () => {
    expect(definition(CARD_LOST, '{card_last4}', 0, 1)).toEqual([`${CARD_LOST}:40:3`]);
  });

  it('goes from a rules input to the context variable it reads, and from a row to its column', () => {
    const rules = 'rules/card_freeze.rules.yaml';
    expect(definition(rules, 'name: tier', 0, 6)).toEqual([`agent.yaml:${at(files.get('agent.yaml')!, '  tier:').line}:3`]);
    expect(definition(rules, 'decision: escalate', 0, 0)).toEqual([`${rules}:21:11`]);
  });

  it('on a definition, answers that definition', () => {
    expect(definition(CARD_LOST, '  ask_consent:', 0, 2)).toEqual([`${CARD_LOST}:55:3`]);
  });

  it('answers nothing off a name, for an unknown file, or for a dangling reference', () => {
    expect(definitionAt(index, CARD_LOST, at(flow, 'title:'))).toEqual([]);
    expect(definitionAt(index, 'nope.flow.yaml', { line: 1, column: 1 })).toEqual([]);
    expect(definitionAt(index, CARD_LOST, { line: 9999, column: 1 })).toEqual([]);
    const broken = createSymbolIndex([...files, [CARD_LOST, flow.replace('next: ask_consent', 'next: ask_consnet')]]);
    expect(definitionAt(broken, CARD_LOST, at(flow, 'next: ask_consent', 0, 6))).toEqual([]);
    expect(test).toContain('ask_consent');
  });
});

describe('referencesAt', () => {
  const files = exampleFiles();
  const index = exampleIndex();
  const flow = files.get(CARD_LOST)!;

  it('finds every use of a node across files, from its definition or from any use', () => {
    const fromDefinition = referencesAt(index, CARD_LOST, at(flow, '  ask_consent:', 0, 2), { includeDeclaration: true });
    expect(where(fromDefinition)).toEqual([
      `${CARD_LOST}:53:11`,
      `${CARD_LOST}:55:3`,
      `${CARD_LOST_TEST}:19:68`,
      `${CARD_LOST_TEST}:35:51`,
      `${CARD_LOST_TEST}:56:51`,
      `${CARD_LOST_TEST}:127:51`,
      `${CARD_LOST_TEST}:129:68`,
      `${CARD_LOST_TEST}:131:25`,
      'tests/general.test.yaml:27:51',
      'tests/sensitive_topics.test.yaml:47:51',
    ]);
    expectAllText(files, fromDefinition, 'ask_consent');
    const fromUse = referencesAt(index, CARD_LOST_TEST, at(files.get(CARD_LOST_TEST)!, 'node: ask_consent', 3, 6), { includeDeclaration: true });
    expect(fromUse).toEqual(fromDefinition);
    // change_address's own ask_consent is another symbol.
    expect(where(fromDefinition).some((l) => l.startsWith('flows/change_address'))).toBe(false);
  });

  it('leaves the declaration out when asked to', () => {
    const withoutDeclaration = referencesAt(index, CARD_LOST, at(flow, '  ask_consent:', 0, 2), { includeDeclaration: false });
    expect(where(withoutDeclaration)).not.toContain(`${CARD_LOST}:55:3`);
    expect(withoutDeclaration).toHaveLength(9);
  });

  it('finds every use of an intent, a queue and a slot (placeholders included)', () => {
    const intent = referencesAt(index, CARD_LOST, at(flow, 'report_lost_card'));
    expectAllText(files, intent, 'report_lost_card');
    // 11 uses in card_lost's tests, one each in general and sensitive_topics.
    expect(intent.filter((l) => l.path.startsWith('tests/'))).toHaveLength(13);

    const queue = referencesAt(index, 'agent.yaml', at(files.get('agent.yaml')!, '  cards:', 0, 2));
    expectAllText(files, queue, 'cards');
    expect(new Set(queue.map((l) => l.path))).toEqual(
      new Set(['agent.yaml', CARD_LOST, 'flows/card_not_arrived.flow.yaml', CARD_LOST_TEST, 'tests/card_not_arrived.test.yaml']),
    );

    const slot = referencesAt(index, CARD_LOST, at(flow, '  card_last4:', 0, 2));
    expect(where(slot)).toEqual([
      `${CARD_LOST}:40:3`,
      `${CARD_LOST}:70:11`,
      `${CARD_LOST}:85:35`,
      `${CARD_LOST_TEST}:24:20`,
      `${CARD_LOST_TEST}:35:73`,
    ]);
  });

  it('lists the uses of a context variable in rules, tests and messages', () => {
    const tier = referencesAt(index, 'agent.yaml', at(files.get('agent.yaml')!, '  tier:', 0, 2), { includeDeclaration: false });
    expectAllText(files, tier, 'tier');
    const paths = new Set(tier.map((l) => l.path));
    expect(paths.has('rules/card_freeze.rules.yaml')).toBe(true);
    expect(paths.has(CARD_LOST_TEST)).toBe(true);
  });

  it('lists the other uses of a name nobody declares', () => {
    const index = createSymbolIndex(SMALL);
    const text = SMALL.get('flows/a.flow.yaml')!.replace('"high": to_agent', '"high": to_agnet').replace('failed: to_agent', 'failed: to_agnet');
    index.set('flows/a.flow.yaml', text);
    const uses = referencesAt(index, 'flows/a.flow.yaml', at(text, 'to_agnet'));
    expect(where(uses)).toEqual(['flows/a.flow.yaml:24:23', 'flows/a.flow.yaml:28:33']);
  });

  it('answers nothing off a name', () => {
    expect(referencesAt(index, CARD_LOST, at(flow, 'title:'))).toEqual([]);
  });
});
