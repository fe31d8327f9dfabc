import type { SlotDefinition, Workspace } from '@colloquy/core';
import { ConversationEngine } from '@colloquy/engine';
import { extractSlot } from '@colloquy/nlu';
import {
  MULTI_TURN_KINDS,
  generateCases,
  runGeneratedCase,
  type ConversationCheck,
  type ConversationExpectation,
  type GeneratedCase,
  type MultiTurnKind,
} from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENT, BALANCE } from '../support/bank.ts';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { exactNlu, loadWorkspace, yaml } from '../support/workspace.ts';
import { examplesByIntent, expectSeeded } from './helpers.ts';

const TODAY = '2026-01-01';

/**
 * A workspace made for the generator: a card flow whose digits question has
 * retries (every kind applies), a PIN flow whose questions have none (one
 * with an on_fail, one without), a balance flow to switch to, and a
 * feedback flow with a free-text question (only silence applies there).
 */
const FILES = {
  'agent.yaml': AGENT,
  'flows/card.flow.yaml': yaml`
    kind: flow
    version: 1
    id: card
    title: Card
    intents:
      report_lost_card:
        examples: [I lost my card, my card is gone]
    slots:
      card_last4: { type: digits, length: 4 }
    start: ask_last4
    nodes:
      ask_last4:
        ask: What are the last four digits?
        fill: card_last4
        retries: 2
        on_fail: to_agent
        next: done
      done:
        say: The card ending {card_last4} is frozen.
        end: resolved
      to_agent:
        handoff: { queue: cards, reason: no digits }
  `,
  'flows/pin.flow.yaml': yaml`
    kind: flow
    version: 1
    id: pin
    title: PIN
    intents:
      reset_pin:
        examples: [I forgot my pin]
    slots:
      code: { type: digits, length: 6 }
      sure: { type: boolean }
    start: ask_code
    nodes:
      ask_code:
        ask: What is the code we texted you?
        fill: code
        retries: 0
        on_fail: no_code
        next: ask_sure
      no_code:
        say: Without the code I cannot reset your PIN.
        end: unresolved
      ask_sure:
        ask: Reset it now?
        fill: sure
        retries: 0
        next: done
      done:
        say: Done.
        end: resolved
  `,
  'flows/balance.flow.yaml': BALANCE,
  'flows/feedback.flow.yaml': yaml`
    kind: flow
    version: 1
    id: feedback
    title: Feedback
    intents:
      give_feedback:
        examples: [I have some feedback]
    slots:
      note: { type: text }
    start: ask_note
    nodes:
      ask_note:
        ask: What would you like to tell us?
        fill: note
        next: thanks
      thanks:
        say: Thank you.
        end: resolved
  `,
};

const KIND_EXPECTATIONS: Readonly<Record<MultiTurnKind, readonly ConversationExpectation[]>> = {
  invalid: ['reask', 'on-fail'],
  silent: ['reask', 'on-fail'],
  correction: ['correction'],
  early: ['prefill'],
  switch: ['digression'],
};

let example: Workspace;
const small = loadWorkspace(FILES);
beforeAll(async () => {
  example = await exampleWorkspace();
});

function multiTurn(workspace: Workspace, seed = 'seed-a', perIntent = 3): GeneratedCase[] {
  return generateCases(workspace, { generators: ['multi_turn'], seed, perIntent, today: TODAY });
}

function checksOf<K extends ConversationCheck['check']>(c: GeneratedCase, kind: K): Extract<ConversationCheck, { check: K }>[] {
  return c.conversation!.checks.filter((check): check is Extract<ConversationCheck, { check: K }> => check.check === kind);
}

function slotDefinition(workspace: Workspace, flow: string, slot: string): SlotDefinition {
  return workspace.flowsById.get(flow)!.data.slots![slot]!;
}

/** The customer's message at an engine turn number (1 is the case's utterance, 2 the first of the script). */
function said(c: GeneratedCase, turn: number): string | undefined {
  return turn === 1 ? c.utterance : c.conversation!.turns[turn - 2];
}

/** The labels every multi-turn case carries, checked against its workspace's examples. */
function expectLabelled(c: GeneratedCase, examples: ReadonlyMap<string, readonly string[]>): void {
  const kind = c.transformation as MultiTurnKind;
  expect(MULTI_TURN_KINDS).toContain(kind);
  expect(KIND_EXPECTATIONS[kind]).toContain(c.expectation);
  expect(c).toMatchObject({ generator: 'multi_turn', accept: [c.expectation], intents: [], policies: [], mustNotEcho: [] });
  const source = c.sources[0]!;
  expect(c.id).toMatch(new RegExp(`^multi_turn/${source.intent}/\\d+$`));
  expect(c.conversation!.checks[0]).toEqual({ check: 'starts', turn: 1, intent: source.intent, flow: source.flow });
  expect(examples.get(source.intent)).toContain(source.utterance);
  expect(c.detail.length).toBeGreaterThan(10);
}

describe('multi_turn generator', () => {
  it('is deterministic under a seed and changes with the seed', () => {
    expectSeeded((seed) => multiTurn(example, seed));
    expectSeeded((seed) => multiTurn(small, seed, 5));
  });

  it('labels every case with its kind, an expectation that fits the kind, its source and a conversation that starts its flow', () => {
    for (const workspace of [example, small]) {
      const examples = examplesByIntent(workspace);
      for (const c of multiTurn(workspace, 'labels', 5)) expectLabelled(c, examples);
    }
  });

  it('makes every kind on a workspace that allows them, and on-fail cases for questions without retries', () => {
    const cases = multiTurn(small, 'kinds', 10);
    expect(new Set(cases.map((c) => c.transformation))).toEqual(new Set(MULTI_TURN_KINDS));
    expect(new Set(cases.map((c) => c.expectation))).toEqual(new Set(['reask', 'on-fail', 'correction', 'prefill', 'digression']));
    const onFail = cases.filter((c) => c.expectation === 'on-fail');
    // ask_code goes to its on_fail node; ask_sure has none, so the fallback handoff takes over.
    expect(onFail.some((c) => checksOf(c, 'enters').some((e) => e.flow === 'pin' && e.node === 'no_code'))).toBe(true);
    expect(onFail.some((c) => checksOf(c, 'hands_off').length === 1)).toBe(true);
    // A question with retries is never an on-fail case, and one without is never a reask case.
    for (const c of cases.filter((x) => x.sources[0]!.flow === 'card')) expect(c.expectation).not.toBe('on-fail');
    for (const c of onFail) expect(c.sources[0]!.flow).toBe('pin');
  });

  it('gives the example workspace each kind the brief asks for', () => {
    const cases = multiTurn(example, 'brief', 6);
    expect(new Set(cases.map((c) => c.transformation))).toEqual(new Set(MULTI_TURN_KINDS));
    expect(cases.length).toBeGreaterThan(30);
  });

  it('answers invalidly with something the slot refuses and silently with an empty message, then a value the slot takes', () => {
    for (const [workspace, cases] of [
      [small, multiTurn(small, 'bad', 10)],
      [example, multiTurn(example, 'bad', 6)],
    ] as const) {
      for (const c of cases.filter((x) => x.transformation === 'invalid' || x.transformation === 'silent')) {
        const [empty] = checksOf(c, 'keeps_empty');
        const definition = slotDefinition(workspace, empty!.flow, empty!.slot);
        const bad = said(c, empty!.turn)!;
        if (c.transformation === 'silent') expect(bad).toBe('');
        else expect(extractSlot(definition, bad, { today: TODAY }).ok, bad).toBe(false);
        if (c.expectation === 'reask') {
          expect(checksOf(c, 'waits')).toEqual([expect.objectContaining({ turn: empty!.turn, flow: empty!.flow })]);
          const [fills] = checksOf(c, 'fills');
          expect(extractSlot(definition, said(c, fills!.turn)!, { today: TODAY })).toMatchObject({ ok: true, value: fills!.value });
        }
      }
    }
  });

  it('takes a value back for another one, never for a free-text slot', () => {
    let count = 0;
    for (const [workspace, cases] of [
      [small, multiTurn(small, 'fix', 10)],
      [example, multiTurn(example, 'fix', 6)],
    ] as const) {
      for (const c of cases.filter((x) => x.transformation === 'correction')) {
        count++;
        const [never] = checksOf(c, 'never_fills');
        const [fills] = checksOf(c, 'fills');
        expect(never!.value).not.toEqual(fills!.value);
        expect(never!.slot).toBe(fills!.slot);
        expect(slotDefinition(workspace, never!.flow, never!.slot).type).not.toBe('text');
      }
    }
    expect(count).toBeGreaterThan(3);
  });

  it('gives a value early in the first message, which must fill the slot so that its question is never asked', () => {
    const cases = [...multiTurn(small, 'early', 10), ...multiTurn(example, 'early', 6)].filter((c) => c.transformation === 'early');
    expect(cases.length).toBeGreaterThan(3);
    for (const c of cases) {
      const source = c.sources[0]!;
      expect(c.utterance.startsWith(source.utterance.replace(/[.!?]+$/, ''))).toBe(true);
      expect(c.utterance.length).toBeGreaterThan(source.utterance.length);
      const [fills] = checksOf(c, 'fills');
      expect(fills!.turn).toBe(1);
      expect(checksOf(c, 'never_waits')).toEqual([{ check: 'never_waits', flow: fills!.flow, node: expect.any(String) }]);
    }
  });

  it('switches to an example of another flow, whose flow must start', () => {
    const cases = [...multiTurn(small, 'switch', 10), ...multiTurn(example, 'switch', 6)].filter((c) => c.transformation === 'switch');
    expect(cases.length).toBeGreaterThan(2);
    for (const c of cases) {
      const [, other] = c.sources;
      expect(other!.flow).not.toBe(c.sources[0]!.flow);
      const starts = checksOf(c, 'starts');
      expect(starts).toHaveLength(2);
      expect(starts[1]).toMatchObject({ intent: other!.intent, flow: other!.flow });
      expect(said(c, starts[1]!.turn)).toBe(other!.utterance);
    }
  });

  it('makes only silent cases for a free-text question, and nothing for a flow that asks nothing', () => {
    const cases = multiTurn(small, 'text', 10);
    const feedback = cases.filter((c) => c.sources[0]!.flow === 'feedback');
    expect(feedback.length).toBeGreaterThan(0);
    expect(feedback.every((c) => c.transformation === 'silent')).toBe(true);
    expect(cases.some((c) => c.sources[0]!.flow === 'balance')).toBe(false);
    expect(multiTurn(small, 'none', 0)).toEqual([]);
  });

  it('expects only what the engine does: with a recognizer that knows every example, every case passes', () => {
    // Given a recognizer that knows the examples exactly, and the openings that carry an early value
    for (const workspace of [small, example]) {
      const cases = multiTurn(workspace, 'engine', 6);
      const known: Record<string, string> = {};
      for (const [intent, examples] of examplesByIntent(workspace)) for (const e of examples) known[e] ??= intent;
      for (const c of cases) known[c.utterance] ??= c.sources[0]!.intent;
      const engine = new ConversationEngine(workspace, exactNlu(known));
      // When each case runs, Then its checks hold: what fails with a real recognizer is the recognizer's or the flow's doing
      for (const c of cases) {
        const run = runGeneratedCase((config) => engine.startSession(config), c, { today: TODAY });
        expect(run.judgement.reasons, `${c.id}: ${c.detail}`).toEqual([]);
        expect(run.judgement.met).toEqual([c.expectation]);
      }
    }
  });
});
