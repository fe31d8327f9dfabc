/**
 * What the server pushes on the `/api/events` WebSocket: the wire format the
 * studio codes against (documented in docs/reference/server-api.md). One JSON
 * object per message, tagged by `type`.
 */
import type { ChangeState } from '@colloquy/governance';

export interface WorkspaceInfo {
  /** The agent's `name` from agent.yaml, or the workspace folder's name. */
  readonly name: string;
  readonly fileCount: number;
}

export type FileChangeEvent =
  | { readonly type: 'created'; readonly path: string; readonly version: string }
  | { readonly type: 'changed'; readonly path: string; readonly version: string }
  | { readonly type: 'deleted'; readonly path: string };

/** The states of a simulation run (docs/reference/server-api.md, "Simulations"). */
export type SimulationState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * A simulation run's state and progress: sent when the state changes and, while it runs, at most
 * ten times a second per run. The last event of every run has its final state (`done`, `failed`
 * with `error`, `cancelled`).
 */
export interface SimulationEvent {
  readonly type: 'simulation';
  readonly id: string;
  readonly state: SimulationState;
  /** Steps done of `total` in the current `phase` (conversations, or texts while a model embeds them); 0 of 0 while it is not known. */
  readonly done: number;
  readonly total: number;
  readonly phase?: string;
  readonly error?: string;
}

/** What happened to a change request: its audit record's action without the `change.` prefix. */
export type ChangeRequestAction = 'created' | 'edited' | 'submitted' | 'approved' | 'changes_requested' | 'rejected' | 'withdrawn' | 'published' | 'returned_to_review' | 'evidence';

/**
 * A change request was created, edited, or changed state or approvals, or a simulation of it was
 * stored as its evidence (`evidence`, by whoever asked for the run): sent once the action is
 * recorded in the audit log and saved, so a client that asks for the change request now sees it.
 * Studios showing the list or that change's review page ask again (GET /api/changes, /api/changes/:id).
 */
export interface ChangeRequestEvent {
  readonly type: 'change';
  readonly id: string;
  readonly action: ChangeRequestAction;
  /** The state after the action. */
  readonly state: ChangeState;
  readonly title: string;
  readonly author: string;
  /** Who acted: an account, or null for the server itself (approvals returned when the published workspace moved). */
  readonly by: string | null;
}

export type ServerEvent = { readonly type: 'hello'; readonly workspace: WorkspaceInfo } | FileChangeEvent | SimulationEvent | ChangeRequestEvent;
