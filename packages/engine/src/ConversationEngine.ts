/**
 * The conversation runtime for one workspace. Building it compiles every
 * flow, rules table and message once (positions included), so that sessions
 * and turns are cheap; build a new engine when the workspace changes.
 * Synchronous and deterministic: no clock, no randomness, no I/O.
 */
import type { Workspace } from '@colloquy/core';
import type { NluFunction } from '@colloquy/nlu';
import type { CompiledWorkspace } from './compile/compiled.ts';
import { compileWorkspace } from './compile/compileWorkspace.ts';
import { ConversationSession } from './runtime/ConversationSession.ts';
import type { EngineLimits } from './runtime/TurnScope.ts';
import type { Session, SessionConfig } from './session.ts';

export interface ConversationEngineOptions {
  /**
   * Nodes one turn may enter before the runtime hands over and records
   * `loop_limit`. Default 100 (runtime.md): far more than any real turn walks,
   * small enough that a looping flow fails fast in a simulation of thousands.
   */
  readonly maxStepsPerTurn?: number;
  /** How deep digressions nest; one more is treated as not understood. Default 5 (runtime.md). */
  readonly maxDigressionDepth?: number;
}

export const DEFAULT_MAX_STEPS_PER_TURN = 100;
export const DEFAULT_MAX_DIGRESSION_DEPTH = 5;

export class ConversationEngine {
  private readonly compiled: CompiledWorkspace;
  private readonly limits: EngineLimits;

  constructor(
    workspace: Workspace,
    private readonly nlu: NluFunction,
    options: ConversationEngineOptions = {},
  ) {
    this.compiled = compileWorkspace(workspace);
    this.limits = {
      maxStepsPerTurn: integerAtLeast(options.maxStepsPerTurn, 1, DEFAULT_MAX_STEPS_PER_TURN),
      maxDigressionDepth: integerAtLeast(options.maxDigressionDepth, 0, DEFAULT_MAX_DIGRESSION_DEPTH),
    };
  }

  startSession(config: SessionConfig = {}): Session {
    return new ConversationSession(this.compiled, this.nlu, this.limits, config);
  }
}

function integerAtLeast(value: number | undefined, min: number, fallback: number): number {
  return value !== undefined && Number.isInteger(value) && value >= min ? value : fallback;
}
