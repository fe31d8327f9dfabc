/**
 * The pickers of change requests (pure, tested in Node): "Open a Change
 * Request…" lists those that take edits (draft, changes requested), the
 * current one marked; "Start a Change Request" turns what is typed into the
 * new one's title.
 */
import { EDITABLE_STATES, stateWords, type ChangeInfo } from '../state/editAccess.ts';
import { fuzzyFilter } from '../state/fuzzy.ts';
import type { QuickPickItem } from './QuickPick.tsx';

/** The longest title the server takes (docs/reference/server-api.md, `POST /api/changes`). */
export const MAX_TITLE = 200;

export function openChangeItems(changes: readonly ChangeInfo[], query: string, current: string | undefined): QuickPickItem[] {
  const open = changes.filter((c) => EDITABLE_STATES.includes(c.state));
  return fuzzyFilter(query, open, (c) => `${c.id} ${c.title}`).map((c) => ({
    id: c.id,
    label: `${c.id} ${c.title}`,
    description: c.id === current ? 'open here' : stateWords(c.state),
    detail: `by ${c.author}`,
  }));
}

/** One item, "Start “<title>”", once a title is typed; for an empty or too long title, one inert item saying what to type. */
export function startChangeItems(query: string): QuickPickItem[] {
  const title = query.trim();
  if (title === '') return [{ id: '', label: 'Type a title: what the change does, e.g. “Offer a replacement card sooner”', inert: true }];
  if (title.length > MAX_TITLE) return [{ id: '', label: `A title has at most ${MAX_TITLE} characters (this one has ${title.length}).`, inert: true }];
  return [{ id: title, label: `Start change request “${title}”`, detail: 'Opens a draft on top of the published workspace and switches to it.' }];
}
