/**
 * Handing the conversation to a person: from a `handoff` node, or with the
 * agent's fallback handoff when the runtime cannot go on (fallback limit,
 * retries used up without `on_fail`, dead end, loop limit, missing node).
 * Either way the session is finished.
 */
import type { CompiledHandoff, CompiledNode } from '../compile/compiled.ts';
import { renderTemplate } from '../compile/template.ts';
import type { Frame } from './SessionState.ts';
import type { TurnScope } from './TurnScope.ts';

/** What later turns repeat when the handoff itself said nothing. */
export const DEFAULT_HANDOFF_NOTICE = 'A person is taking over this conversation.';

export function handOver(scope: TurnScope, handoff: CompiledHandoff, frame: Frame | undefined, node: CompiledNode | undefined): void {
  const { state, turn } = scope;
  const flow = frame?.flow.id;
  let said: string | undefined;
  if (handoff.say) {
    said = renderTemplate(handoff.say.template, frame ? frame.scope : state.contextScope);
    turn.say(said, flow, node?.id, handoff.say.at);
  }
  turn.record({ type: 'handoff', flow, node: node?.id, queue: handoff.queue, reason: handoff.reason, at: handoff.at });
  turn.handoff = handoff.reason === undefined ? { queue: handoff.queue } : { queue: handoff.queue, reason: handoff.reason };
  if (frame) turn.reachedNode(frame, node);
  state.status = 'handed_off';
  state.handoffNotice = said ?? DEFAULT_HANDOFF_NOTICE;
  // A handoff finishes the whole session, paused flows included.
  state.stack.length = 0;
}

export function fallbackHandoff(scope: TurnScope, frame: Frame | undefined, node: CompiledNode | undefined): void {
  handOver(scope, scope.workspace.agent.fallbackHandoff, frame, node);
}
