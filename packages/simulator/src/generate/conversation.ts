/**
 * The data of a multi-turn case: what the customer says after the case's
 * first utterance, and what must be observed, as checks on numbered turns
 * (the engine's numbering: 0 is the greeting, 1 the case's utterance, 2 the
 * first of `turns`). Plain JSON with keys in a fixed order, like the rest of
 * a GeneratedCase. `judgeConversation` (src/simulate/) reads only the
 * observed turns to decide each check.
 */
import type { SlotValue } from '@colloquy/nlu';

/** What must be observed in a multi-turn case. Every check must hold; besides them, no turn may record an engine error. */
export type ConversationCheck =
  /** The turn recognises `intent` and enters a node of `flow` (the case's first message, or an intent switch mid-flow). */
  | { readonly check: 'starts'; readonly turn: number; readonly intent: string; readonly flow: string }
  /** The turn enters no node of another flow than `flow`: the answer was not taken for another request. */
  | { readonly check: 'stays'; readonly turn: number; readonly flow: string }
  /** The turn ends waiting for the answer to the question at `flow/node` (asked again, or asked when a paused flow resumes). */
  | { readonly check: 'waits'; readonly turn: number; readonly flow: string; readonly node: string }
  /** The turn fills `slot` of `flow` with `value`, from an answer or from the first message. */
  | { readonly check: 'fills'; readonly turn: number; readonly flow: string; readonly slot: string; readonly value: SlotValue }
  /** The turn fills nothing into `slot` (the answer was not a value for it). */
  | { readonly check: 'keeps_empty'; readonly turn: number; readonly flow: string; readonly slot: string }
  /** No turn fills `slot` with `value` (a value the customer took back). */
  | { readonly check: 'never_fills'; readonly flow: string; readonly slot: string; readonly value: SlotValue }
  /** No turn ends waiting at `flow/node` (a question whose answer the first message already gave). */
  | { readonly check: 'never_waits'; readonly flow: string; readonly node: string }
  /** The turn enters `flow/node` (where a question's `on_fail` leads). */
  | { readonly check: 'enters'; readonly turn: number; readonly flow: string; readonly node: string }
  /** The turn hands the conversation to a person (a question without `on_fail` whose retries are used up). */
  | { readonly check: 'hands_off'; readonly turn: number };

export type ConversationCheckName = ConversationCheck['check'];

export interface CaseConversation {
  /** What the customer says after the case's utterance, one entry per turn; each is said only while the assistant waits for an answer. */
  readonly turns: readonly string[];
  readonly checks: readonly ConversationCheck[];
}
