/**
 * One conversation. Each call to `turn` records a `TurnRecorder`, dispatches
 * on the session's status to the module that handles that situation, and
 * returns what the turn did. All state lives in `SessionState`.
 */
import type { NluFunction } from '@colloquy/nlu';
import type { CompiledWorkspace } from '../compile/compiled.ts';
import { renderTemplate } from '../compile/template.ts';
import type { Session, SessionConfig, SessionStatus, TurnResult } from '../session.ts';
import type { TraceEvent } from '../trace.ts';
import { answerTurn } from './answerTurn.ts';
import { DEFAULT_HANDOFF_NOTICE } from './handoff.ts';
import { idleTurn } from './idleTurn.ts';
import { SessionState } from './SessionState.ts';
import { TurnRecorder } from './TurnRecorder.ts';
import type { EngineLimits, TurnScope } from './TurnScope.ts';

export class ConversationSession implements Session {
  private readonly state: SessionState;
  private opening: TurnResult | undefined;

  constructor(
    private readonly workspace: CompiledWorkspace,
    private readonly nlu: NluFunction,
    private readonly limits: EngineLimits,
    config: SessionConfig,
  ) {
    this.state = new SessionState(workspace.agent.contextDefaults, config);
  }

  get status(): SessionStatus {
    return this.state.status;
  }

  get trace(): readonly TraceEvent[] {
    return this.state.trace;
  }

  /** Sends the greeting once; calling `open` again returns that same turn 0. */
  open(): TurnResult {
    if (this.opening) return this.opening;
    const turn = new TurnRecorder(this.state.trace, 0, '');
    const greeting = this.workspace.agent.greeting;
    if (greeting) turn.say(renderTemplate(greeting.template, this.state.contextScope), undefined, undefined, greeting.at);
    this.opening = turn.result(this.state);
    return this.opening;
  }

  turn(utterance: string): TurnResult {
    const state = this.state;
    // Callers from plain JavaScript (or a JSON test file) may pass anything; it is an empty utterance.
    const text = typeof utterance === 'string' ? utterance : '';
    const turn = new TurnRecorder(state.trace, ++state.turn, text);
    const scope: TurnScope = { workspace: this.workspace, nlu: this.nlu, limits: this.limits, state, turn };
    const status = state.status;
    switch (status) {
      case 'idle':
        idleTurn(scope, text);
        break;
      case 'waiting':
        answerTurn(scope, text);
        break;
      case 'handed_off':
        // A person is taking over: the assistant only repeats that.
        turn.say(state.handoffNotice ?? DEFAULT_HANDOFF_NOTICE, undefined, undefined, undefined);
        break;
      default: {
        const unreachable: never = status;
        throw new Error(`unknown session status ${String(unreachable)}`);
      }
    }
    return turn.result(state);
  }
}
