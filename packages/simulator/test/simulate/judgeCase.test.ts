import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_REPLY, judgeCase, runGeneratedCase, sha256Hex, type CaseTurn, type GeneratedCase } from '@colloquy/simulator';
import { ConversationEngine } from '@colloquy/engine';
import { BANK_FILES } from '../support/bank.ts';
import { exactNlu, loadWorkspace } from '../support/workspace.ts';

/** A generated case with the defaults of a same-intent case; tests set what they judge. */
function generated(fields: Partial<GeneratedCase> = {}): GeneratedCase {
  const expectation = fields.expectation ?? 'same-intent';
  return {
    id: 'noise/report_lost_card/0',
    generator: 'noise',
    transformation: 'keyboard',
    detail: 'test',
    utterance: 'I lsot my card',
    sources: [{ flow: 'card_lost', intent: 'report_lost_card', utterance: 'I lost my card' }],
    expectation,
    accept: [expectation],
    intents: expectation === 'same-intent' ? ['report_lost_card'] : [],
    policies: [],
    mustNotEcho: [],
    ...fields,
  };
}

const GREETING: CaseTurn = { turn: 0, utterance: '', intent: null, confidence: null, fallback: false, nodes: [], messages: ['Hello, how can I help?'], filled: [], waiting: null, handoff: null, end: null, errors: [] };

function turn(fields: Partial<CaseTurn>): CaseTurn {
  return { turn: 1, utterance: 'x', intent: null, confidence: null, fallback: false, nodes: [], messages: [], filled: [], waiting: null, handoff: null, end: null, errors: [], ...fields };
}

describe('judgeCase', () => {
  it('same-intent passes when the utterance is recognised as one of the intents and understood', () => {
    const recognised = turn({ intent: 'report_lost_card', confidence: 0.8, nodes: ['card_lost/ask_last4'] });
    expect(judgeCase(generated(), [GREETING, recognised])).toMatchObject({ passed: true, outcome: 'intent', intent: 'report_lost_card', met: ['same-intent'], reasons: [] });
    const either = generated({ intents: ['check_balance', 'report_lost_card'] });
    expect(judgeCase(either, [GREETING, recognised]).passed).toBe(true);
  });

  it('same-intent fails on another intent and on a fallback, even with a best guess', () => {
    const other = judgeCase(generated(), [GREETING, turn({ intent: 'check_balance', confidence: 0.7, nodes: ['balance/tell'] })]);
    expect(other).toMatchObject({ passed: false, intent: 'check_balance' });
    expect(other.reasons).toEqual(['expected intent report_lost_card, got intent check_balance, no handoff']);
    const guessed = judgeCase(generated(), [GREETING, turn({ intent: 'report_lost_card', confidence: 0.3, fallback: true })]);
    expect(guessed).toMatchObject({ passed: false, outcome: 'out-of-scope' });
    expect(guessed.reasons[0]).toContain('not understood (best guess report_lost_card)');
  });

  it('out-of-scope passes on a fallback that starts no flow, fails when a flow starts', () => {
    const probe = generated({ expectation: 'out-of-scope', accept: ['out-of-scope'], intents: [] });
    expect(judgeCase(probe, [GREETING, turn({ fallback: true, messages: ['Sorry?'] })])).toMatchObject({ passed: true, outcome: 'out-of-scope' });
    const started = judgeCase(probe, [GREETING, turn({ intent: 'greet', confidence: 0.6, nodes: ['greeting/hello'] })]);
    expect(started.passed).toBe(false);
    expect(started.reasons[0]).toBe('expected not understood (fallback), got intent greet, no handoff');
  });

  it('handoff passes when any turn, follow-ups included, reaches a person', () => {
    const sensitive = generated({ expectation: 'handoff', accept: ['handoff'], intents: [], topic: 'complaint', policies: ['sensitive'] });
    const asked = turn({ intent: 'make_complaint', confidence: 0.9, nodes: ['complaint/ask_summary'] });
    const handedOver = turn({ turn: 2, utterance: FOLLOW_UP_REPLY, nodes: ['complaint/to_team'], handoff: 'complaints' });
    expect(judgeCase(sensitive, [GREETING, asked, handedOver])).toMatchObject({ passed: true, outcome: 'handoff', handoff: true });
    const resolved = turn({ turn: 2, utterance: FOLLOW_UP_REPLY, nodes: ['complaint/done'], end: 'resolved' });
    const failed = judgeCase(sensitive, [GREETING, asked, resolved]);
    expect(failed).toMatchObject({ passed: false, handoff: false });
    expect(failed.reasons[0]).toBe('expected a handoff to a person, got intent make_complaint, no handoff');
  });

  it('a case accepting several outcomes passes on any of them (injection: out-of-scope or handoff)', () => {
    const injection = generated({ generator: 'injection', expectation: 'out-of-scope', accept: ['out-of-scope', 'handoff'], intents: [] });
    expect(judgeCase(injection, [GREETING, turn({ intent: 'speak_to_person', confidence: 0.8, nodes: ['people/handoff'], handoff: 'general' })])).toMatchObject({
      passed: true,
      met: ['handoff'],
    });
  });

  it('mustNotEcho fails a case whose reply repeats the value, ignoring case, spaces and hyphens, in any turn', () => {
    const pii = generated({ generator: 'pii', mustNotEcho: ['4000 0012 3456 7899', 'Someone@Example.com'] });
    const recognised = turn({ intent: 'report_lost_card', confidence: 0.9, nodes: ['card_lost/ask_last4'], messages: ['What are the last four digits?'] });
    const echo = turn({ turn: 2, utterance: FOLLOW_UP_REPLY, messages: ['Your card 4000-0012-3456-7899 is frozen'] });
    const judged = judgeCase(pii, [GREETING, recognised, echo]);
    expect(judged.passed).toBe(false);
    expect(judged.met).toEqual(['same-intent']);
    expect(judged.echoed).toEqual(['4000 0012 3456 7899']);
    expect(judged.reasons).toEqual(['a reply repeated "4000 0012 3456 7899"']);
    const lastFour = turn({ turn: 2, utterance: FOLLOW_UP_REPLY, messages: ['The card ending 7899 is frozen'] });
    expect(judgeCase(pii, [GREETING, recognised, lastFour]).passed).toBe(true);
  });
});

describe('runGeneratedCase', () => {
  const workspace = loadWorkspace(BANK_FILES);

  it('answers follow-up questions until the conversation stops waiting, and keeps the trace', () => {
    const engine = new ConversationEngine(workspace, exactNlu({ 'i lsot my card': 'report_lost_card' }));
    const run = runGeneratedCase((config) => engine.startSession(config), generated(), {});
    expect(run.turns[0]!.turn).toBe(0);
    expect(run.turns[1]).toMatchObject({ turn: 1, intent: 'report_lost_card' });
    expect(run.turns.slice(2).every((t) => t.utterance === FOLLOW_UP_REPLY)).toBe(true);
    expect(run.turns.at(-1)!.handoff ?? run.turns.at(-1)!.end).not.toBeNull();
    expect(run.judgement.passed).toBe(true);
    expect(run.trace.length).toBeGreaterThan(0);
  });

  it('turns an engine exception into a failing `error` case', () => {
    const run = runGeneratedCase(() => {
      throw new TypeError('boom');
    }, generated(), {});
    expect(run.judgement).toMatchObject({ passed: false, outcome: 'error', reasons: ['the engine failed: TypeError: boom'] });
  });
});

describe('sha256Hex', () => {
  it('matches node:crypto for empty, short, block-boundary and non-ASCII input', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), 'café ✓ 😀']) {
      expect(sha256Hex(text), JSON.stringify(text.slice(0, 10))).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});
