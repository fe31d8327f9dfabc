import type { TraceEvent, TurnResult } from '@colloquy/engine';
import type { TranscriptLine } from '../report.ts';

/** Builds the conversation as it happened, line by line, for failure reports. */
export class TranscriptBuilder {
  private readonly lines: TranscriptLine[] = [];

  user(turn: number, text: string): void {
    this.lines.push({ speaker: 'user', turn, text });
  }

  bot(result: TurnResult): void {
    for (const text of result.messages) this.lines.push({ speaker: 'bot', turn: result.turn, text });
  }

  /** The messages a turn sent before the engine failed, read back from its trace. */
  botFromEvents(turn: number, events: readonly TraceEvent[]): void {
    for (const event of events) if (event.type === 'message') this.lines.push({ speaker: 'bot', turn, text: event.text });
  }

  toArray(): TranscriptLine[] {
    return [...this.lines];
  }
}

/** The events of the last turn that started in `trace` (all of them when none did). */
export function lastTurnEvents(trace: readonly TraceEvent[]): TraceEvent[] {
  for (let i = trace.length - 1; i >= 0; i--) if (trace[i]!.type === 'turn_started') return trace.slice(i);
  return [...trace];
}
