/** Sending a question and waiting for its answer. */
import type { CompiledNode, Question } from '../compile/compiled.ts';
import { renderTemplate } from '../compile/template.ts';
import type { Frame } from './SessionState.ts';
import type { TurnScope } from './TurnScope.ts';

/** Sends the question and ends the turn waiting for the answer. */
export function askQuestion(scope: TurnScope, frame: Frame, node: CompiledNode, question: Question): void {
  scope.turn.say(renderTemplate(question.message.template, frame.scope), frame.flow.id, node.id, question.message.at);
  frame.node = node;
  frame.question = question;
  scope.state.status = 'waiting';
}

/** After an answer that was not understood: the node's `reprompt` (or the agent's fallback message), then the question again. */
export function repromptQuestion(scope: TurnScope, frame: Frame, node: CompiledNode, question: Question): void {
  const reprompt = question.reprompt ?? scope.workspace.agent.fallbackSay;
  scope.turn.say(renderTemplate(reprompt.template, frame.scope), frame.flow.id, node.id, reprompt.at);
  askQuestion(scope, frame, node, question);
}
