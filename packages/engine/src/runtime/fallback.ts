/**
 * An utterance not understood while no question is waiting (runtime.md,
 * "Recognising what the customer wants"): the fallback message, and after
 * `fallback.max_failures` of them in a row, the fallback handoff.
 */
import { renderTemplate } from '../compile/template.ts';
import { fallbackHandoff } from './handoff.ts';
import type { TurnScope } from './TurnScope.ts';

export function notUnderstood(scope: TurnScope, reason: 'out_of_scope' | 'ambiguous' | 'empty'): void {
  const { state, turn, workspace } = scope;
  const agent = workspace.agent;
  const consecutive = ++state.consecutiveFallbacks;
  turn.fallback = true;
  turn.record({ type: 'fallback', reason, consecutive, at: agent.fallbackAt });
  // At the limit the handoff (and its own `say`) replaces the fallback message: saying
  // "I didn't understand" and then "a person will help you" is one message too many.
  if (consecutive >= agent.maxFailures) fallbackHandoff(scope, undefined, undefined);
  else turn.say(renderTemplate(agent.fallbackSay.template, state.contextScope), undefined, undefined, agent.fallbackSay.at);
}
