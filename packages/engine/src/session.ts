/**
 * The runtime's public contract. A `ConversationEngine` is built once per
 * workspace (it indexes flows and compiles rules tables); each conversation is
 * a `Session`. Everything is synchronous and deterministic: the same
 * workspace, recognizer, session config and utterances give the same turns and
 * trace, in Node and in the browser.
 */
import type { SlotValue } from '@colloquy/nlu';
import type { TraceEvent } from './trace.ts';

export type ContextValue = string | number | boolean;

export interface SessionConfig {
  /** Context variables (agent.yaml `context`), e.g. the customer's tier. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** Outcome each action reports; unlisted actions report the catalogue default. */
  readonly actions?: Readonly<Record<string, string>>;
  /** The session's date (YYYY-MM-DD) for relative dates such as "yesterday". Default: 2026-01-01, so runs are reproducible. */
  readonly today?: string;
}

export type SessionStatus = 'idle' | 'waiting' | 'handed_off';

export interface TurnResult {
  readonly turn: number;
  readonly utterance: string;
  /** What the assistant said during the turn, in order. */
  readonly messages: readonly string[];
  /**
   * The intent the recognizer returned for this utterance, when it was sent to the
   * recognizer (idle, or an answer that was not one) and it returned one. Set even when
   * the intent could not be acted on (its flow is already on the stack, the digression
   * limit, no flow declares it); `fallback` says so then.
   */
  readonly intent?: string;
  readonly confidence?: number;
  /**
   * True when the utterance was not understood: while idle, the recognizer gave no usable
   * intent (a `fallback` event); at a question, it was neither an answer nor a digression
   * (a `slot_rejected` event).
   */
  readonly fallback: boolean;
  /** The flow and node the conversation is at after the turn (waiting), or where it finished during the turn. */
  readonly flow?: string;
  readonly node?: string;
  /** The slots of `flow` after the turn. */
  readonly slots: Readonly<Record<string, SlotValue>>;
  /** Actions that ran during the turn, in order. */
  readonly actions: readonly { readonly action: string; readonly outcome: string }[];
  readonly handoff?: { readonly queue: string; readonly reason?: string };
  /** The outcome of an `end` reached during the turn. */
  readonly end?: string;
  readonly status: SessionStatus;
  /** This turn's trace events. */
  readonly events: readonly TraceEvent[];
}

export interface Session {
  /** Opens the conversation: sends agent.yaml's greeting, if any. Returns turn 0. Optional; a second call returns the same turn 0. */
  open(): TurnResult;
  /** One customer utterance. Never throws: any text (empty, very long, any script) is a turn. */
  turn(utterance: string): TurnResult;
  readonly status: SessionStatus;
  /** The whole trace so far. */
  readonly trace: readonly TraceEvent[];
}
