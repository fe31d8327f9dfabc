/**
 * @colloquy/engine: the conversation runtime. Runs a workspace's flows turn by
 * turn exactly as docs/reference/runtime.md describes, and records a trace of
 * every step with the source position it came from. Pure TypeScript,
 * synchronous and deterministic; runs in the browser and in Node.
 */
export {
  ConversationEngine,
  DEFAULT_MAX_DIGRESSION_DEPTH,
  DEFAULT_MAX_STEPS_PER_TURN,
  type ConversationEngineOptions,
} from './ConversationEngine.ts';
export type { ContextValue, Session, SessionConfig, SessionStatus, TurnResult } from './session.ts';
export type { SourceRef, TraceEvent, TraceEventType } from './trace.ts';
export { describeTraceEvent } from './describeTraceEvent.ts';
export { DEFAULT_TODAY } from './runtime/SessionState.ts';
export { DEFAULT_HANDOFF_NOTICE } from './runtime/handoff.ts';
export { UNKNOWN_ACTION_OUTCOME } from './runtime/actions.ts';
export { DEFAULT_FALLBACK_SAY, DEFAULT_MAX_FAILURES, DEFAULT_QUEUE } from './compile/compileAgent.ts';
export { DEFAULT_RETRIES } from './compile/compileFlow.ts';
