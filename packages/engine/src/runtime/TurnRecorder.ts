/**
 * Collects what one turn did: messages, actions, handoff, end, the intent,
 * and where the conversation got to. Every trace event goes through here, so
 * the turn's events are exactly the slice of the session trace it appended.
 */
import type { SlotValue } from '@colloquy/nlu';
import type { CompiledNode } from '../compile/compiled.ts';
import type { TurnResult } from '../session.ts';
import type { SourceRef, TraceEvent } from '../trace.ts';
import type { Frame, SessionState } from './SessionState.ts';

const NO_SLOTS: Readonly<Record<string, SlotValue>> = Object.freeze({});

export class TurnRecorder {
  readonly messages: string[] = [];
  readonly actions: { readonly action: string; readonly outcome: string }[] = [];
  handoff: { readonly queue: string; readonly reason?: string } | undefined;
  end: string | undefined;
  intent: string | undefined;
  confidence: number | undefined;
  fallback = false;
  /** Nodes entered this turn, for the loop limit. */
  steps = 0;
  private lastFrame: Frame | undefined;
  private lastNode: CompiledNode | undefined;
  private readonly firstEvent: number;

  constructor(
    private readonly trace: TraceEvent[],
    readonly turn: number,
    readonly utterance: string,
  ) {
    this.firstEvent = trace.length;
    trace.push({ type: 'turn_started', turn, utterance });
  }

  record(event: TraceEvent): void {
    this.trace.push(event);
  }

  say(text: string, flow: string | undefined, node: string | undefined, at: SourceRef | undefined): void {
    this.messages.push(text);
    this.trace.push({ type: 'message', text, flow, node, at });
  }

  /** Marks where the conversation is: the turn reports this position if it does not end waiting on a question. */
  reachedNode(frame: Frame, node: CompiledNode | undefined): void {
    this.lastFrame = frame;
    this.lastNode = node;
  }

  result(state: SessionState): TurnResult {
    const waiting = state.status === 'waiting' ? state.top : undefined;
    const frame = waiting ?? this.lastFrame;
    const node = waiting ? waiting.node : this.lastNode;
    return {
      turn: this.turn,
      utterance: this.utterance,
      messages: this.messages,
      intent: this.intent,
      confidence: this.confidence,
      fallback: this.fallback,
      flow: frame?.flow.id,
      node: node?.id,
      slots: frame ? { ...frame.slots } : NO_SLOTS,
      actions: this.actions,
      handoff: this.handoff,
      end: this.end,
      status: state.status,
      events: this.trace.slice(this.firstEvent),
    };
  }
}
