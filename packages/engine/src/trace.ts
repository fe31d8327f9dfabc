/**
 * Trace events: what the runtime did, step by step, with the source position
 * of the YAML each step came from. Tests, coverage, Try-it and simulation
 * reports are all computed from the trace, so every decision the runtime takes
 * appears here. Events are a tagged union on `type`; switch on it exhaustively.
 */
import type { SlotValue } from '@colloquy/nlu';

/** Where in the workspace an event came from: 1-based line and column. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type TraceEvent =
  | { readonly type: 'turn_started'; readonly turn: number; readonly utterance: string }
  | {
      readonly type: 'recognized';
      readonly intent: string | null;
      readonly confidence: number;
      /** The best few intents with scores. */
      readonly ranking: readonly { readonly intent: string; readonly score: number }[];
    }
  | { readonly type: 'fallback'; readonly reason: 'out_of_scope' | 'ambiguous' | 'empty'; readonly consecutive: number; readonly at?: SourceRef }
  | { readonly type: 'flow_entered'; readonly flow: string; readonly intent?: string; readonly digression: boolean; readonly at?: SourceRef }
  | { readonly type: 'node_entered'; readonly flow: string; readonly node: string; readonly at?: SourceRef }
  | { readonly type: 'message'; readonly text: string; readonly flow?: string; readonly node?: string; readonly at?: SourceRef }
  | {
      readonly type: 'slot_filled';
      readonly flow: string;
      readonly slot: string;
      readonly value: SlotValue;
      readonly source: 'answer' | 'prefill';
      readonly at?: SourceRef;
    }
  | { readonly type: 'slot_rejected'; readonly flow: string; readonly slot: string; readonly text: string; readonly attempt: number; readonly at?: SourceRef }
  | {
      readonly type: 'transition';
      readonly flow: string;
      readonly from: string;
      readonly to: string;
      /** `next`, a `routes` key, or `on_fail`. */
      readonly via: 'next' | 'route' | 'on_fail';
      readonly key?: string;
      readonly at?: SourceRef;
    }
  | {
      readonly type: 'rule_fired';
      readonly table: string;
      /** 0-based row index in the table's `rules`. */
      readonly row: number;
      readonly rowId?: string;
      readonly outputs: Readonly<Record<string, SlotValue>>;
      readonly at?: SourceRef;
    }
  | { readonly type: 'rule_no_match'; readonly table: string; readonly inputs: Readonly<Record<string, unknown>>; readonly at?: SourceRef }
  | { readonly type: 'action'; readonly flow: string; readonly node: string; readonly action: string; readonly outcome: string; readonly at?: SourceRef }
  | { readonly type: 'handoff'; readonly flow?: string; readonly node?: string; readonly queue: string; readonly reason?: string; readonly at?: SourceRef }
  | { readonly type: 'end'; readonly flow: string; readonly node: string; readonly outcome: string; readonly at?: SourceRef }
  | { readonly type: 'digression'; readonly from: string; readonly to: string; readonly intent: string }
  | { readonly type: 'resumed'; readonly flow: string; readonly node: string }
  | {
      readonly type: 'error';
      readonly code: 'dead_end' | 'loop_limit' | 'unknown_node' | 'unknown_flow' | 'unknown_table' | 'unknown_action' | 'digression_limit' | 'rule_conflict';
      readonly message: string;
      readonly flow?: string;
      readonly node?: string;
      readonly at?: SourceRef;
    };

export type TraceEventType = TraceEvent['type'];
