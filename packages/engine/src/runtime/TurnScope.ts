import type { NluFunction } from '@colloquy/nlu';
import type { CompiledWorkspace } from '../compile/compiled.ts';
import type { SessionState } from './SessionState.ts';
import type { TurnRecorder } from './TurnRecorder.ts';

export interface EngineLimits {
  /** Nodes one turn may enter before the runtime hands over (runtime.md: 100). */
  readonly maxStepsPerTurn: number;
  /** Flows that may be paused under the active one (runtime.md: 5). */
  readonly maxDigressionDepth: number;
}

/** Everything a runtime step needs during one turn: the compiled workspace, the recognizer, the session and the turn being recorded. */
export interface TurnScope {
  readonly workspace: CompiledWorkspace;
  readonly nlu: NluFunction;
  readonly limits: EngineLimits;
  readonly state: SessionState;
  readonly turn: TurnRecorder;
}
