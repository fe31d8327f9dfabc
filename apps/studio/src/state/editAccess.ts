/**
 * Whether the person may type into a file, and if not, why (the editor's
 * read-only message). Editing happens only inside a change request; there it
 * needs the `change.edit` permission, a change request in `draft` or
 * `changes_requested`, and a live connection the server said is writable.
 * The server decides regardless (it refuses a read-only connection's updates):
 * this only says so before a keystroke is lost. Pure.
 */
import type { ChangeState } from '@colloquy/governance';
import { refusalFor, type Account } from './permissions.ts';

/** The states in which a change request takes edits (the contract's "Access"). */
export const EDITABLE_STATES: readonly ChangeState[] = ['draft', 'changes_requested'];

export interface ChangeInfo {
  readonly id: string;
  readonly title: string;
  readonly author: string;
  readonly state: ChangeState;
}

/** What the page edits: the published workspace (read-only) or a change request. */
export type WorkbenchMode = { readonly kind: 'published' } | { readonly kind: 'change'; readonly change: ChangeInfo };

/** What the live document of a file said about access (the server's type-100 message); undefined until bound. */
export interface LiveAccess {
  readonly writable: boolean;
  readonly reason: string | null;
}

const STATE_WORDS: Record<ChangeState, string> = {
  draft: 'a draft',
  in_review: 'in review',
  approved: 'approved',
  changes_requested: 'back with the author for changes',
  rejected: 'rejected',
  published: 'published',
  withdrawn: 'withdrawn',
};

/** Why `account` may not edit in `mode` (`live`: the file's live connection), or undefined when it may. */
export function editRefusal(mode: WorkbenchMode, account: Account | undefined, live?: LiveAccess | 'pending'): string | undefined {
  if (mode.kind === 'published') return 'This is the published workspace, which changes only through a reviewed change request: start one (or open one) to edit.';
  const permission = refusalFor(account, 'change.edit');
  if (permission) return permission;
  const { change } = mode;
  if (!EDITABLE_STATES.includes(change.state)) return `${change.id} is ${STATE_WORDS[change.state]}: it takes no more edits.`;
  if (live === 'pending') return 'Connecting to the live document…';
  if (live && !live.writable) return live.reason ?? `The server made ${change.id} read-only for you.`;
  return undefined;
}

/** How the title bar names a change request's state. */
export function stateWords(state: ChangeState): string {
  return STATE_WORDS[state];
}
