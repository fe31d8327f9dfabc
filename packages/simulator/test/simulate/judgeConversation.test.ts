/**
 * Judging multi-turn cases: every turn of the case's script goes through the
 * engine and each of its checks is decided on the observed turns. Cases that
 * should fail do fail, with reasons naming the turn, and the report keeps
 * them per generator and intent with their trace.
 */
import { ConversationEngine } from '@colloquy/engine';
import type { NluFunction } from '@colloquy/nlu';
import {
  conversationFailures,
  generateCases,
  judgeCase,
  runGeneratedCase,
  simulate,
  type CaseConversation,
  type CaseTurn,
  type GeneratedCase,
} from '@colloquy/simulator';
import { describe, expect, it } from 'vitest';
import { AGENT, BALANCE } from '../support/bank.ts';
import { exactNlu, loadWorkspace, yaml } from '../support/workspace.ts';

const TODAY = '2026-01-01';

/** A card flow whose digits question has `retries` (and an on_fail to a person), and a balance flow to switch to. */
function cardWorkspace(retries: number) {
  return loadWorkspace({
    'agent.yaml': AGENT,
    'flows/card.flow.yaml': yaml`
      kind: flow
      version: 1
      id: card
      title: Card
      intents:
        report_lost_card:
          examples: [I lost my card]
      slots:
        card_last4: { type: digits, length: 4 }
      start: ask_last4
      nodes:
        ask_last4:
          ask: What are the last four digits?
          fill: card_last4
          retries: ${retries}
          reprompt: Four digits, please.
          on_fail: to_agent
          next: done
        done:
          say: The card ending {card_last4} is frozen.
          end: resolved
        to_agent:
          handoff: { queue: cards, reason: no digits }
    `,
    'flows/balance.flow.yaml': BALANCE,
  });
}

const KNOWN = { 'I lost my card': 'report_lost_card', 'what is my balance': 'check_balance' };

function run(workspace: ReturnType<typeof cardWorkspace>, testCase: GeneratedCase, nlu: NluFunction = exactNlu(KNOWN)) {
  const engine = new ConversationEngine(workspace, nlu);
  return runGeneratedCase((config) => engine.startSession(config), testCase, { today: TODAY });
}

/** A hand-written reask case: a three-digit answer, asked again, then four digits. */
const REASK: GeneratedCase = {
  id: 'multi_turn/report_lost_card/0',
  generator: 'multi_turn',
  transformation: 'invalid',
  detail: 'said "482" at ask_last4 (card_last4, digits), then "4821"',
  utterance: 'I lost my card',
  sources: [{ flow: 'card', intent: 'report_lost_card', utterance: 'I lost my card' }],
  expectation: 'reask',
  accept: ['reask'],
  intents: [],
  policies: [],
  mustNotEcho: [],
  conversation: {
    turns: ['482', '4821'],
    checks: [
      { check: 'starts', turn: 1, intent: 'report_lost_card', flow: 'card' },
      { check: 'keeps_empty', turn: 2, flow: 'card', slot: 'card_last4' },
      { check: 'stays', turn: 2, flow: 'card' },
      { check: 'waits', turn: 2, flow: 'card', node: 'ask_last4' },
      { check: 'fills', turn: 3, flow: 'card', slot: 'card_last4', value: '4821' },
    ],
  },
};

describe('runGeneratedCase with a multi-turn case', () => {
  it('says every turn of the script and passes when every check holds', () => {
    const result = run(cardWorkspace(2), REASK);
    expect(result.turns.map((t) => t.utterance)).toEqual(['', 'I lost my card', '482', '4821']);
    expect(result.turns[2]).toMatchObject({ waiting: 'card/ask_last4', filled: [], errors: [] });
    expect(result.turns[3]).toMatchObject({ waiting: null, filled: [{ flow: 'card', slot: 'card_last4', value: '4821' }], end: 'resolved' });
    expect(result.judgement).toMatchObject({ passed: true, outcome: 'intent', intent: 'report_lost_card', met: ['reask'], reasons: [] });
  });

  it('fails when the flow no longer asks again, naming the turn, the check and the turns never said', () => {
    // Given the same flow with no retries: a wrong answer goes straight to a person
    const result = run(cardWorkspace(0), REASK);
    // Then the reprompt the case expects is missing, and its last answer was never said
    expect(result.judgement.passed).toBe(false);
    expect(result.judgement.outcome).toBe('handoff');
    expect(result.judgement.met).toEqual([]);
    expect(result.judgement.reasons).toEqual([
      'turn 2: expected the question card/ask_last4 (asked again), but it handed over to cards',
      'turn 3: never came; after turn 2 it handed over to cards, so the rest of the script was not said',
    ]);
    expect(result.turns.map((t) => t.utterance)).toEqual(['', 'I lost my card', '482']);
  });

  it('fails a reask case when the recognizer takes the wrong answer for another request', () => {
    // A recognizer that reads any number as a balance request, as a lexical model trained on amounts may
    const digitsMeanBalance: NluFunction = (text) =>
      /^\d+$/.test(text.trim()) ? { intent: 'check_balance', confidence: 0.9, ranking: [{ intent: 'check_balance', score: 0.9 }], slots: {} } : exactNlu(KNOWN)(text);
    const result = run(cardWorkspace(2), REASK, digitsMeanBalance);
    expect(result.judgement.passed).toBe(false);
    // The balance flow answers and the card question comes back, so only `stays` sees that the answer went elsewhere
    expect(result.judgement.reasons).toEqual(['turn 2: expected the answer to stay in card, but intent check_balance took it elsewhere: entered balance/tell']);
  });

  it('passes every case the generator makes for a flow, and fails the reask ones on a copy that hands over at once', () => {
    const cases = generateCases(cardWorkspace(2), { generators: ['multi_turn'], seed: 'judge', perIntent: 8, today: TODAY });
    const known = { ...KNOWN, ...Object.fromEntries(cases.map((c) => [c.utterance, 'report_lost_card'])) };
    expect(cases.map((c) => run(cardWorkspace(2), c, exactNlu(known)).judgement.reasons)).toEqual(cases.map(() => []));
    const reask = cases.filter((c) => c.expectation === 'reask');
    expect(reask.length).toBeGreaterThan(1);
    for (const c of reask) {
      const judged = run(cardWorkspace(0), c, exactNlu(known)).judgement;
      expect(judged.passed, c.id).toBe(false);
      expect(judged.reasons.join('\n')).toMatch(/^turn \d+: expected the question card\/ask_last4 \(asked again\), but it handed over to cards/);
    }
  });
});

describe('conversationFailures', () => {
  const turn = (fields: Partial<CaseTurn>): CaseTurn => ({
    turn: 1,
    utterance: 'x',
    intent: null,
    confidence: null,
    fallback: false,
    nodes: [],
    messages: [],
    filled: [],
    waiting: null,
    handoff: null,
    end: null,
    errors: [],
    ...fields,
  });
  const conversation = (checks: CaseConversation['checks']): CaseConversation => ({ turns: ['a', 'b'], checks });

  it('decides each kind of check on the observed turns', () => {
    const turns = [
      turn({ turn: 0 }),
      turn({ turn: 1, intent: 'report_lost_card', nodes: ['card/ask_last4'], waiting: 'card/ask_last4' }),
      turn({ turn: 2, filled: [{ flow: 'card', slot: 'card_last4', value: '1111' }], nodes: ['card/done'], end: 'resolved' }),
    ];
    expect(
      conversationFailures(
        conversation([
          { check: 'starts', turn: 1, intent: 'report_lost_card', flow: 'card' },
          { check: 'fills', turn: 2, flow: 'card', slot: 'card_last4', value: '1111' },
          { check: 'enters', turn: 2, flow: 'card', node: 'done' },
          { check: 'never_fills', flow: 'card', slot: 'card_last4', value: '2222' },
          { check: 'never_waits', flow: 'card', node: 'ask_consent' },
        ]),
        turns,
      ),
    ).toEqual([]);
    expect(
      conversationFailures(
        conversation([
          { check: 'starts', turn: 1, intent: 'check_balance', flow: 'balance' },
          { check: 'keeps_empty', turn: 2, flow: 'card', slot: 'card_last4' },
          { check: 'never_fills', flow: 'card', slot: 'card_last4', value: '1111' },
          { check: 'never_waits', flow: 'card', node: 'ask_last4' },
          { check: 'hands_off', turn: 2 },
          { check: 'waits', turn: 2, flow: 'card', node: 'ask_last4' },
        ]),
        turns,
      ),
    ).toEqual([
      'turn 1: expected intent check_balance to start balance, got intent report_lost_card, and no node of balance was entered',
      'turn 2: expected card.card_last4 to stay empty (the answer is no value for it), but it was filled with "1111"',
      'turn 2: filled card.card_last4 with "1111", the value the customer took back',
      'turn 1: asked card/ask_last4, whose answer the first message already gave',
      'turn 2: expected a handoff to a person (no retries left, no on_fail), but it ended (resolved)',
      'turn 2: expected the question card/ask_last4 (asked again), but it ended (resolved)',
    ]);
  });

  it('fails a conversation whose turns recorded an engine error, whatever its checks', () => {
    const turns = [turn({ turn: 0 }), turn({ turn: 1, intent: 'x', nodes: ['f/n'], errors: ['dead_end: node `n` of flow `f` has nowhere to go'] })];
    expect(conversationFailures(conversation([{ check: 'starts', turn: 1, intent: 'x', flow: 'f' }]), turns)).toEqual([
      'turn 1: the engine recorded an error: dead_end: node `n` of flow `f` has nowhere to go',
    ]);
    const judged = judgeCase({ ...REASK, conversation: conversation([{ check: 'starts', turn: 1, intent: 'x', flow: 'f' }]) }, turns);
    expect(judged).toMatchObject({ passed: false, met: [] });
  });
});

describe('simulate with multi-turn cases', () => {
  it('reports them per generator and intent, and keeps each failing one with its trace and reasons', () => {
    // Numbers that are not four digits read as a balance request; a first message that begins with the example is the example
    const digitsMeanBalance: NluFunction = (text) => {
      if (/^\d{1,3}$|^\d{5,}$/.test(text.trim())) return { intent: 'check_balance', confidence: 0.9, ranking: [{ intent: 'check_balance', score: 0.9 }], slots: {} };
      return exactNlu(KNOWN)(text.startsWith('I lost my card') ? 'I lost my card' : text);
    };
    const workspace = cardWorkspace(2);
    const report = simulate(workspace, { seed: 'report', generators: ['multi_turn'], perIntent: 8, nlu: digitsMeanBalance });
    const row = report.generated.byGenerator.find((g) => g.generator === 'multi_turn')!;
    expect(row.total).toBeGreaterThan(4);
    expect(row.failed).toBeGreaterThan(0);
    expect(report.generated.byIntent).toEqual([expect.objectContaining({ intent: 'report_lost_card', flow: 'card', total: row.total, failed: row.failed })]);
    const failing = report.failing.filter((f) => f.generator === 'multi_turn');
    expect(failing).toHaveLength(row.failed);
    for (const f of failing) {
      expect(f.reasons.length).toBeGreaterThan(0);
      expect(f.reasons[0]).toMatch(/^turn \d+: /);
      expect(f.trace.length).toBeGreaterThan(2);
      expect(f.trace.some((t) => t.intent === 'check_balance' && t.turn > 1)).toBe(true);
    }
  });
});
