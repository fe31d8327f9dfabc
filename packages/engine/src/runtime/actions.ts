/**
 * Running an action. Actions never call real systems in Colloquy: the
 * outcome comes from the session config (a test's `actions:`), else from the
 * catalogue's `default` in agent.yaml.
 */
import type { CompiledNode } from '../compile/compiled.ts';
import type { SourceRef } from '../trace.ts';
import type { Frame } from './SessionState.ts';
import type { TurnScope } from './TurnScope.ts';

/**
 * The outcome of an action that is neither in the session config nor in the
 * catalogue (validation reports it as CQ209). Such an action cannot have
 * succeeded, so the flow takes its failure route if it has one.
 */
export const UNKNOWN_ACTION_OUTCOME = 'failed';

export function runAction(scope: TurnScope, frame: Frame, node: CompiledNode, action: string, at: SourceRef): string {
  const { state, turn, workspace } = scope;
  const flow = frame.flow.id;
  let outcome = state.actionOutcomes[action] ?? workspace.agent.actionDefaults.get(action);
  if (outcome === undefined) {
    turn.record({
      type: 'error',
      code: 'unknown_action',
      message: `action \`${action}\` is not in the action catalogue and the session gives no outcome for it; it reports \`${UNKNOWN_ACTION_OUTCOME}\``,
      flow,
      node: node.id,
      at,
    });
    outcome = UNKNOWN_ACTION_OUTCOME;
  }
  turn.record({ type: 'action', flow, node: node.id, action, outcome, at });
  turn.actions.push({ action, outcome });
  return outcome;
}
