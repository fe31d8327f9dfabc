/**
 * Digressions (runtime.md, "Digressions"): while a question waits, an
 * utterance that is no answer but a confident different intent pauses the
 * current flow and starts that intent's flow on top of it. When that flow
 * ends, the paused one resumes (see the walker's `endFlow`).
 */
import { recognise, unknownFlow } from './recognition.ts';
import type { Frame } from './SessionState.ts';
import type { TurnScope } from './TurnScope.ts';
import { startFlow } from './walker.ts';

/** Starts a digression if the utterance calls for one; false when it is to be treated as a failed answer. */
export function tryDigression(scope: TurnScope, frame: Frame, utterance: string): boolean {
  const { state, turn, workspace, limits } = scope;
  const recognition = recognise(scope, utterance);
  const intent = recognition.intent;
  if (intent === null) return false;
  const flow = workspace.flowForIntent.get(intent);
  if (!flow) {
    unknownFlow(scope, intent);
    return false;
  }
  // The customer names what they are already doing (the current flow or one
  // paused below it): they are still answering, not changing the subject.
  if (state.isOnStack(flow)) return false;
  const paused = state.stack.length;
  if (paused > limits.maxDigressionDepth) {
    turn.record({
      type: 'error',
      code: 'digression_limit',
      message: `\`${intent}\` would pause a ${ordinal(paused)} flow; digressions nest at most ${limits.maxDigressionDepth} deep`,
      flow: frame.flow.id,
      node: frame.node.id,
      at: frame.node.at,
    });
    return false;
  }
  state.consecutiveFallbacks = 0;
  turn.record({ type: 'digression', from: frame.flow.id, to: flow.id, intent });
  startFlow(scope, flow, intent, utterance);
  return true;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
