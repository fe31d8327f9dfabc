/**
 * Replaying a conversation in Try it that the studio did not type: a
 * simulation's failing case ("Open in Try it"). Try it says the case's
 * utterances again on the current text, so the designer gets the full,
 * clickable trace of every turn; this module says where that replay went a
 * different way from the run (the text was edited since, or the run used a
 * model recognizer while Try it uses the lexical one), so nobody reads one
 * for the other.
 */
import type { FailingCase } from '@colloquy/simulator';
import type { TryItConversation } from './tryItSession.ts';

/** What the run saw at one turn of the case. */
export interface RecordedTurn {
  readonly turn: number;
  readonly utterance: string;
  /** The intent recognised; null for none (or when the recognizer was not asked). */
  readonly intent: string | null;
  readonly handoff: string | null;
  readonly end: string | null;
}

export interface TryItReplayRequest {
  /** Each new value is a new request (the same case opened twice replays twice). */
  readonly seq: number;
  /** What is replayed, for the notice: `noise/greet/1`. */
  readonly title: string;
  /** The customer's turns, in order (the greeting is not one). */
  readonly utterances: readonly string[];
  /** The turn whose trace to show first (the case's own utterance is turn 1). */
  readonly showTurn?: number;
  /** What the run saw, to point out where the replay differs. */
  readonly recorded?: readonly RecordedTurn[];
  /** The run's recognizer, for the notice (`lexical`, `use`…). */
  readonly recognizer?: string;
}

/** One line per turn where Try it's replay did not do what the run did; empty when it went the same way. */
export function replayDifferences(conversation: TryItConversation, request: TryItReplayRequest): string[] {
  const out: string[] = [];
  const by = request.recognizer ? ` (${request.recognizer})` : '';
  for (const recorded of request.recorded ?? []) {
    if (recorded.turn < 1) continue;
    const turn = conversation.turns.find((t) => t.turn === recorded.turn);
    if (!turn) {
      out.push(`Turn ${recorded.turn}: the run got here, Try it's conversation ended before.`);
      continue;
    }
    const intent = turn.trace.recognized?.intent ?? null;
    // Only compare recognitions the run made: a follow-up answer is often not sent to the recognizer at all.
    if (recorded.intent !== null && intent !== recorded.intent) {
      out.push(`Turn ${recorded.turn}: the run${by} recognised ${recorded.intent}; Try it recognised ${intent ?? 'nothing'}.`);
    }
    const handoff = turn.trace.handoff?.queue ?? null;
    if ((recorded.handoff !== null) !== (handoff !== null)) {
      out.push(`Turn ${recorded.turn}: the run ${recorded.handoff !== null ? 'handed over' : 'did not hand over'}; Try it ${handoff !== null ? 'handed over' : 'did not'}.`);
    }
  }
  return out;
}

/** A simulation's failing case as a replay: its customer turns (the greeting is not one), showing turn 1, the case's own utterance. */
export function failingCaseReplay(failing: FailingCase, recognizer: string, seq: number): TryItReplayRequest {
  return {
    seq,
    title: failing.id,
    utterances: failing.trace.filter((turn) => turn.turn > 0).map((turn) => turn.utterance),
    showTurn: 1,
    recorded: failing.trace,
    recognizer,
  };
}
