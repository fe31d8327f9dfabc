/**
 * A turn while a question waits (runtime.md, "Answers to questions"): the
 * utterance is read as the answer first; failing that, it may be a
 * digression; otherwise the answer was not understood and the question is
 * asked again, until its retries are used up.
 */
import type { CompiledNode, Question } from '../compile/compiled.ts';
import { tryDigression } from './digressions.ts';
import { fallbackHandoff } from './handoff.ts';
import { idleTurn } from './idleTurn.ts';
import { repromptQuestion } from './questions.ts';
import type { Frame } from './SessionState.ts';
import { readAnswer } from './slotFilling.ts';
import type { TurnScope } from './TurnScope.ts';
import { continueFrom, followFrom } from './walker.ts';

export function answerTurn(scope: TurnScope, utterance: string): void {
  const { state, turn } = scope;
  const frame = state.top;
  const question = frame?.question;
  if (frame === undefined || question === undefined) {
    // Cannot happen: the status is only `waiting` while the top flow waits on a question.
    state.status = 'idle';
    idleTurn(scope, utterance);
    return;
  }
  const node = frame.node;
  const value = readAnswer(scope, question, utterance);
  if (value !== undefined) {
    state.consecutiveFallbacks = 0;
    frame.question = undefined;
    frame.failures = 0;
    if (question.slot !== undefined) {
      frame.slots[question.slot] = value;
      turn.record({ type: 'slot_filled', flow: frame.flow.id, slot: question.slot, value, source: 'answer', at: question.fillAt });
    }
    continueFrom(scope, frame, node, value);
    return;
  }
  if (tryDigression(scope, frame, utterance)) return;
  rejectAnswer(scope, frame, node, question, utterance);
}

function rejectAnswer(scope: TurnScope, frame: Frame, node: CompiledNode, question: Question, utterance: string): void {
  const { turn } = scope;
  const attempt = ++frame.failures;
  turn.fallback = true;
  turn.record({ type: 'slot_rejected', flow: frame.flow.id, slot: question.slot ?? '', text: utterance, attempt, at: question.message.at });
  if (attempt <= question.retries) {
    repromptQuestion(scope, frame, node, question);
    return;
  }
  // Retries used up: `on_fail`, or a person.
  frame.question = undefined;
  if (question.onFail) followFrom(scope, frame, node, question.onFail);
  else fallbackHandoff(scope, frame, node);
}
