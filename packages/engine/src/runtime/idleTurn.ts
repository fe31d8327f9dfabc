/** A turn while no flow is active: the utterance starts the flow of its intent, or is not understood. */
import { notUnderstood } from './fallback.ts';
import { recognise, rejectionReason, unknownFlow } from './recognition.ts';
import type { TurnScope } from './TurnScope.ts';
import { startFlow } from './walker.ts';

export function idleTurn(scope: TurnScope, utterance: string): void {
  const recognition = recognise(scope, utterance);
  const intent = recognition.intent;
  if (intent !== null) {
    const flow = scope.workspace.flowForIntent.get(intent);
    if (flow) {
      // A recognised intent ends the run of not-understood utterances.
      scope.state.consecutiveFallbacks = 0;
      startFlow(scope, flow, intent, utterance);
      return;
    }
    unknownFlow(scope, intent);
  }
  notUnderstood(scope, rejectionReason(recognition, utterance));
}
