import type { Recognition } from '@colloquy/nlu';
import type { TurnScope } from './TurnScope.ts';

/**
 * Asks the recognizer what the utterance means and records the answer. The
 * recognizer applies the agent's threshold and margin itself (its `intent` is
 * null below them), so the runtime takes `intent` as the verdict.
 */
export function recognise(scope: TurnScope, utterance: string): Recognition {
  const recognition = scope.nlu(utterance);
  const { turn } = scope;
  turn.record({ type: 'recognized', intent: recognition.intent, confidence: recognition.confidence, ranking: recognition.ranking });
  turn.confidence = recognition.confidence;
  if (recognition.intent !== null) turn.intent = recognition.intent;
  return recognition;
}

/** Why a recognition that gave no usable intent was not understood. */
export function rejectionReason(recognition: Recognition, utterance: string): 'out_of_scope' | 'ambiguous' | 'empty' {
  if (recognition.intent === null && recognition.rejected !== undefined) return recognition.rejected;
  return utterance.trim() === '' ? 'empty' : 'out_of_scope';
}

/** The recognizer returned an intent no flow declares (its training data and the workspace disagree). */
export function unknownFlow(scope: TurnScope, intent: string): void {
  scope.turn.record({ type: 'error', code: 'unknown_flow', message: `no flow declares the recognised intent \`${intent}\`` });
}
