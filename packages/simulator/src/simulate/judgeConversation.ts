/**
 * The checks of a multi-turn case (conversation.ts), decided on the observed
 * turns only: what each turn recognised, the nodes it entered, the slots it
 * filled, where it ends waiting, its handoff and the engine's errors. Pure,
 * like `judgeCase`, so a report's failing case can be re-judged from its
 * trace alone.
 *
 * A check on a turn the conversation never reached (it stopped waiting for
 * answers earlier: it ended, or handed over) fails and says so; that is
 * usually the finding itself ("the flow handed over after one bad answer").
 */
import type { SlotValue } from '@colloquy/nlu';
import type { CaseConversation, ConversationCheck } from '../generate/conversation.ts';
import type { CaseTurn } from './runGeneratedCase.ts';

/** Why the conversation does not hold, one line per failed check (then one per engine error); empty when every check holds. */
export function conversationFailures(conversation: CaseConversation, turns: readonly CaseTurn[]): string[] {
  const failures = conversation.checks.flatMap((check) => {
    const failure = failedCheck(check, turns);
    return failure === undefined ? [] : [failure];
  });
  for (const turn of turns) for (const error of turn.errors) failures.push(`turn ${turn.turn}: the engine recorded an error: ${error}`);
  return failures;
}

function failedCheck(check: ConversationCheck, turns: readonly CaseTurn[]): string | undefined {
  switch (check.check) {
    case 'never_fills': {
      const filled = turns.find((t) => t.filled.some((f) => f.flow === check.flow && f.slot === check.slot && f.value === check.value));
      return filled && `turn ${filled.turn}: filled ${slotName(check)} with ${value(check.value)}, the value the customer took back`;
    }
    case 'never_waits': {
      const asked = turns.find((t) => t.waiting === `${check.flow}/${check.node}`);
      return asked && `turn ${asked.turn}: asked ${check.flow}/${check.node}, whose answer the first message already gave`;
    }
    default: {
      const turn = turns.find((t) => t.turn === check.turn);
      if (!turn) return `turn ${check.turn}: never came; ${howItStopped(turns)}`;
      const failure = failedOnTurn(check, turn);
      return failure && `turn ${check.turn}: ${failure}`;
    }
  }
}

type TurnCheck = Exclude<ConversationCheck, { check: 'never_fills' | 'never_waits' }>;

function failedOnTurn(check: TurnCheck, turn: CaseTurn): string | undefined {
  switch (check.check) {
    case 'starts': {
      const entered = turn.nodes.some((n) => n.startsWith(`${check.flow}/`));
      if (turn.intent === check.intent && !turn.fallback && entered) return undefined;
      return `expected intent ${check.intent} to start ${check.flow}, got ${recognised(turn)}${entered ? '' : `, and no node of ${check.flow} was entered`}`;
    }
    case 'stays': {
      const elsewhere = turn.nodes.filter((n) => !n.startsWith(`${check.flow}/`));
      if (elsewhere.length === 0) return undefined;
      return `expected the answer to stay in ${check.flow}, but ${recognised(turn)} took it elsewhere: entered ${elsewhere.join(', ')}`;
    }
    case 'waits':
      if (turn.waiting === `${check.flow}/${check.node}`) return undefined;
      return `expected the question ${check.flow}/${check.node} (asked again), but ${whereItIs(turn)}`;
    case 'fills': {
      const mine = turn.filled.filter((f) => f.flow === check.flow && f.slot === check.slot);
      if (mine.some((f) => f.value === check.value)) return undefined;
      return `expected ${slotName(check)} filled with ${value(check.value)}, but ${mine.length > 0 ? `it was filled with ${mine.map((f) => value(f.value)).join(', ')}` : 'it was not filled'}`;
    }
    case 'keeps_empty': {
      const mine = turn.filled.filter((f) => f.flow === check.flow && f.slot === check.slot);
      if (mine.length === 0) return undefined;
      return `expected ${slotName(check)} to stay empty (the answer is no value for it), but it was filled with ${mine.map((f) => value(f.value)).join(', ')}`;
    }
    case 'enters':
      if (turn.nodes.includes(`${check.flow}/${check.node}`)) return undefined;
      return `expected to go to ${check.flow}/${check.node} (the question's on_fail), but ${turn.nodes.length > 0 ? `entered ${turn.nodes.join(', ')}` : 'entered no node'}${turn.handoff !== null ? `, handed over to ${turn.handoff}` : ''}`;
    case 'hands_off':
      if (turn.handoff !== null) return undefined;
      return `expected a handoff to a person (no retries left, no on_fail), but ${whereItIs(turn)}`;
  }
}

function slotName(check: { readonly flow: string; readonly slot: string }): string {
  return `${check.flow}.${check.slot}`;
}

function value(v: SlotValue): string {
  return JSON.stringify(v);
}

function recognised(turn: CaseTurn): string {
  if (turn.intent === null) return 'nothing recognised';
  return turn.fallback ? `not understood (best guess ${turn.intent})` : `intent ${turn.intent}`;
}

/** Where the conversation is after a turn, in words. */
function whereItIs(turn: CaseTurn): string {
  if (turn.handoff !== null) return `it handed over to ${turn.handoff}`;
  if (turn.waiting !== null) return `it waits at ${turn.waiting}`;
  if (turn.end !== null) return `it ended (${turn.end})`;
  return 'it waits for nothing';
}

function howItStopped(turns: readonly CaseTurn[]): string {
  const last = turns[turns.length - 1];
  if (!last) return 'the conversation did not start';
  return `after turn ${last.turn} ${whereItIs(last)}, so the rest of the script was not said`;
}
