/**
 * The mutable state of one conversation: its status, the stack of flows
 * (the active flow on top, flows paused by digressions below it), the
 * fallback count and the trace. Only the runtime modules change it, and only
 * during a turn.
 */
import type { SlotValue } from '@colloquy/nlu';
import type { CompiledFlow, CompiledNode, Question } from '../compile/compiled.ts';
import type { ValueScope } from '../compile/template.ts';
import type { ContextValue, SessionConfig, SessionStatus } from '../session.ts';
import type { TraceEvent } from '../trace.ts';

/** The session's date when the config does not fix one, so runs are reproducible. */
export const DEFAULT_TODAY = '2026-01-01';

/** One flow in progress. */
export interface Frame {
  readonly flow: CompiledFlow;
  /** The node the flow is at: the one being walked, or the question it waits on. */
  node: CompiledNode;
  /** The question the flow waits on (set while waiting or paused by a digression). */
  question: Question | undefined;
  /** Failed answers to `question` so far. */
  failures: number;
  /** Slot values (null-prototype, so a slot called `constructor` is just a slot). */
  readonly slots: Record<string, SlotValue>;
  /** Outputs of the rules tables this flow decided, for `{output}` placeholders. */
  readonly outputs: Record<string, SlotValue>;
  /** Where placeholders look values up, in order: slots, rules outputs, context. */
  readonly scope: ValueScope;
}

export class SessionState {
  status: SessionStatus = 'idle';
  /** Flows in progress: the active one last. Empty when idle or handed off. */
  readonly stack: Frame[] = [];
  /** Utterances not understood in a row while idle. */
  consecutiveFallbacks = 0;
  turn = 0;
  /** What later turns repeat once the session is handed over. */
  handoffNotice: string | undefined;
  readonly trace: TraceEvent[] = [];
  readonly context: Readonly<Record<string, ContextValue>>;
  /** Placeholder scope outside any flow (the greeting, fallback messages): context only. */
  readonly contextScope: ValueScope;
  readonly actionOutcomes: Readonly<Record<string, string>>;
  readonly today: string;

  constructor(contextDefaults: Readonly<Record<string, ContextValue>>, config: SessionConfig) {
    const context = Object.create(null) as Record<string, ContextValue>;
    Object.assign(context, contextDefaults, config.context);
    this.context = context;
    this.contextScope = [context];
    this.actionOutcomes = Object.assign(Object.create(null) as Record<string, string>, config.actions);
    this.today = config.today ?? DEFAULT_TODAY;
  }

  get top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** A new frame for `flow`, positioned at its start node. */
  newFrame(flow: CompiledFlow, start: CompiledNode): Frame {
    const slots = Object.create(null) as Record<string, SlotValue>;
    const outputs = Object.create(null) as Record<string, SlotValue>;
    return { flow, node: start, question: undefined, failures: 0, slots, outputs, scope: [slots, outputs, this.context] };
  }

  isOnStack(flow: CompiledFlow): boolean {
    for (const frame of this.stack) if (frame.flow === flow) return true;
    return false;
  }
}
