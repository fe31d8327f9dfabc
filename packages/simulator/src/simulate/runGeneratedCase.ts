/**
 * One generated case against the flows: a fresh session, the greeting, the
 * case's utterance, then the rest of the customer's side. For a multi-turn
 * case that is its script (`conversation.turns`, each said while the
 * assistant waits for an answer); for any other case, up to FOLLOW_UP_LIMIT
 * replies of FOLLOW_UP_REPLY while the assistant is waiting, a customer who
 * says nothing useful any more, so that "the conversation reaches a person"
 * is judged at the end of the conversation and not after its first turn: a
 * complaint flow that asks what happened before handing over still passes.
 * The judging itself (`judgeCase`) is pure and reads only the observed turns.
 */
import type { Session, SessionConfig, TraceEvent, TurnResult } from '@colloquy/engine';
import type { SlotValue } from '@colloquy/nlu';
import { echoedText, type Expectation, type GeneratedCase } from '../generate/generatedCase.ts';
import { describeError } from '../runner/runTestCase.ts';
import { conversationFailures } from './judgeConversation.ts';

/** What a customer who no longer cooperates answers to a question. Not an intent example, and no slot type reads it as a value. */
export const FOLLOW_UP_REPLY = "I'd rather not say";
/** Follow-up replies at most: enough for a question's retries to run out (default 1 retry) and its `on_fail` to be reached. */
export const FOLLOW_UP_LIMIT = 3;

export type StartSession = (config: SessionConfig) => Session;

/** What happened in one turn, as the report keeps it for failing cases. */
export interface CaseTurn {
  /** The engine's turn number: 0 is the greeting, 1 the case's utterance, 2… the follow-ups (or a multi-turn case's script). */
  readonly turn: number;
  readonly utterance: string;
  /** The recognised intent, null when the recognizer returned none or was not asked. */
  readonly intent: string | null;
  readonly confidence: number | null;
  readonly fallback: boolean;
  /** Every node entered during the turn, as `flow/node`, in order. */
  readonly nodes: readonly string[];
  readonly messages: readonly string[];
  /** Slots filled during the turn (from an answer, or from the message that started a flow), in order. */
  readonly filled: readonly { readonly flow: string; readonly slot: string; readonly value: SlotValue }[];
  /** The question the turn ends waiting at, as `flow/node`; null when it waits for no answer. */
  readonly waiting: string | null;
  readonly handoff: string | null;
  readonly end: string | null;
  /** Errors the engine recorded during the turn (`dead_end: …`, `loop_limit: …`): a flow bug, whatever the case expected. */
  readonly errors: readonly string[];
}

/** The observed outcome: `handoff` when a person was reached, `out-of-scope` when the utterance was not understood and no flow started, else `intent`. */
export type CaseOutcome = 'handoff' | 'out-of-scope' | 'intent' | 'error';

export interface CaseJudgement {
  readonly passed: boolean;
  readonly outcome: CaseOutcome;
  /** The intent recognised for the case's utterance (turn 1), or null. */
  readonly intent: string | null;
  readonly confidence: number | null;
  /** Whether the conversation reached a person by its end. */
  readonly handoff: boolean;
  /** Which accepted expectations held, in `accept` order. */
  readonly met: readonly Expectation[];
  /** The `mustNotEcho` texts found in a reply, in `mustNotEcho` order. */
  readonly echoed: readonly string[];
  /** Why the case failed, one line each; empty when it passed. */
  readonly reasons: readonly string[];
}

export interface CaseRun {
  readonly judgement: CaseJudgement;
  readonly turns: readonly CaseTurn[];
  /** The whole session trace, for coverage. */
  readonly trace: readonly TraceEvent[];
}

export function runGeneratedCase(startSession: StartSession, testCase: GeneratedCase, config: SessionConfig): CaseRun {
  const results: TurnResult[] = [];
  let session: Session | undefined;
  try {
    session = startSession(config);
    results.push(session.open());
    let result = session.turn(testCase.utterance);
    results.push(result);
    const script = testCase.conversation?.turns;
    const replies = script ?? Array.from({ length: FOLLOW_UP_LIMIT }, () => FOLLOW_UP_REPLY);
    for (const reply of replies) {
      if (result.status !== 'waiting') break;
      result = session.turn(reply);
      results.push(result);
    }
  } catch (error) {
    const turns = results.map(caseTurn);
    const judgement: CaseJudgement = {
      passed: false,
      outcome: 'error',
      intent: null,
      confidence: null,
      handoff: false,
      met: [],
      echoed: [],
      reasons: [`the engine failed: ${describeError(error)}`],
    };
    return { judgement, turns, trace: safeTrace(session) };
  }
  const turns = results.map(caseTurn);
  return { judgement: judgeCase(testCase, turns), turns, trace: session.trace };
}

/**
 * Judges a case from its turns (greeting first, then the case's utterance):
 * - `same-intent`: the utterance was recognised as one of `intents` and understood (no fallback);
 * - `out-of-scope`: it was not understood and no flow started in that turn;
 * - `handoff`: some turn, follow-ups included, handed over to a person;
 * - a multi-turn expectation (`reask`, `on-fail`, `correction`, `prefill`,
 *   `digression`): every check of the case's `conversation` held and no turn
 *   recorded an engine error (judgeConversation.ts); the reasons then name
 *   each check that did not hold.
 * The case passes when one of its `accept` outcomes held and no reply, the
 * greeting and follow-ups included, contains a `mustNotEcho` text.
 */
export function judgeCase(testCase: GeneratedCase, turns: readonly CaseTurn[]): CaseJudgement {
  const first = turns.find((t) => t.turn === 1);
  const intent = first?.intent ?? null;
  const confidence = first?.confidence ?? null;
  const handoff = turns.some((t) => t.handoff !== null);
  const understood = first !== undefined && !first.fallback;
  const startedFlow = first !== undefined && first.nodes.length > 0;
  const failures = testCase.conversation ? conversationFailures(testCase.conversation, turns) : undefined;
  const conversationHeld = failures !== undefined && failures.length === 0;
  const holds: Record<Expectation, boolean> = {
    'same-intent': understood && intent !== null && testCase.intents.includes(intent),
    'out-of-scope': first !== undefined && first.fallback && !startedFlow,
    handoff,
    reask: conversationHeld,
    'on-fail': conversationHeld,
    correction: conversationHeld,
    prefill: conversationHeld,
    digression: conversationHeld,
  };
  const met = testCase.accept.filter((e) => holds[e]);
  const echoed = testCase.mustNotEcho.filter((value) => turns.some((t) => t.messages.some((m) => echoedText(m, [value]) !== undefined)));
  const reasons: string[] = [];
  if (met.length === 0) {
    if (failures && failures.length > 0) reasons.push(...failures);
    else reasons.push(`expected ${testCase.accept.map(describeExpectation(testCase)).join(' or ')}, got ${describeOutcome(intent, understood, handoff)}`);
  }
  for (const value of echoed) reasons.push(`a reply repeated ${JSON.stringify(value)}`);
  const outcome: CaseOutcome = handoff ? 'handoff' : understood ? 'intent' : 'out-of-scope';
  return { passed: reasons.length === 0, outcome, intent, confidence, handoff, met, echoed, reasons };
}

function describeExpectation(testCase: GeneratedCase): (expectation: Expectation) => string {
  return (expectation) => {
    switch (expectation) {
      case 'same-intent':
        return `intent ${testCase.intents.join(' or ')}`;
      case 'out-of-scope':
        return 'not understood (fallback)';
      case 'handoff':
        return 'a handoff to a person';
      case 'reask':
      case 'on-fail':
      case 'correction':
      case 'prefill':
      case 'digression':
        // Only reached for a case without a conversation, which no generator makes.
        return `${expectation} (a multi-turn expectation, but the case has no conversation)`;
    }
  };
}

function describeOutcome(intent: string | null, understood: boolean, handoff: boolean): string {
  const recognised = understood && intent !== null ? `intent ${intent}` : intent !== null ? `not understood (best guess ${intent})` : 'not understood';
  return handoff ? `${recognised}, then a handoff` : `${recognised}, no handoff`;
}

function caseTurn(result: TurnResult): CaseTurn {
  const nodes: string[] = [];
  const filled: { flow: string; slot: string; value: SlotValue }[] = [];
  const errors: string[] = [];
  for (const event of result.events) {
    if (event.type === 'node_entered') nodes.push(`${event.flow}/${event.node}`);
    else if (event.type === 'slot_filled') filled.push({ flow: event.flow, slot: event.slot, value: event.value });
    else if (event.type === 'error') errors.push(`${event.code}: ${event.message}`);
  }
  return {
    turn: result.turn,
    utterance: result.utterance,
    intent: result.intent ?? null,
    confidence: result.confidence ?? null,
    fallback: result.fallback,
    nodes,
    messages: result.messages,
    filled,
    waiting: result.status === 'waiting' && result.flow !== undefined && result.node !== undefined ? `${result.flow}/${result.node}` : null,
    handoff: result.handoff ? result.handoff.queue : null,
    end: result.end ?? null,
    errors,
  };
}

function safeTrace(session: Session | undefined): readonly TraceEvent[] {
  try {
    return session?.trace ?? [];
  } catch {
    return [];
  }
}
