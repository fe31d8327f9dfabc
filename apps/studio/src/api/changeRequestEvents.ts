/**
 * The `change` event of the /api/events socket (apps/server/src/events.ts,
 * ChangeRequestEvent; docs/reference/server-api.md): a change request was
 * created, edited, or moved in state or approvals, or got new evidence, and
 * the server has saved it. Written out here because the studio never imports the server.
 */
import { CHANGE_STATES, type ChangeState } from '@colloquy/governance';

/** `evidence`: a simulation of the change was stored as its evidence (its verdict may have changed). */
export const CHANGE_REQUEST_ACTIONS = ['created', 'edited', 'submitted', 'approved', 'changes_requested', 'rejected', 'withdrawn', 'published', 'returned_to_review', 'evidence'] as const;

export type ChangeRequestAction = (typeof CHANGE_REQUEST_ACTIONS)[number];

export interface ChangeRequestEvent {
  readonly type: 'change';
  readonly id: string;
  readonly action: ChangeRequestAction;
  /** The state after the action. */
  readonly state: ChangeState;
  readonly title: string;
  readonly author: string;
  /** Who acted; null for the server itself (approvals returned when the published workspace moved). */
  readonly by: string | null;
}

/** Whether a parsed socket message is a well-formed `change` event (anything else is dropped, never trusted). */
export function isChangeRequestEvent(value: unknown): value is ChangeRequestEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v['type'] === 'change' &&
    typeof v['id'] === 'string' &&
    (CHANGE_REQUEST_ACTIONS as readonly unknown[]).includes(v['action']) &&
    (CHANGE_STATES as readonly unknown[]).includes(v['state']) &&
    typeof v['title'] === 'string' &&
    typeof v['author'] === 'string' &&
    (v['by'] === null || typeof v['by'] === 'string')
  );
}
