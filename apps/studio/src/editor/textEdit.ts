/**
 * Carrying an edit onto a text that moved on (`rebaseEdit`), on top of core's
 * `minimalEdit` (the smallest single replacement; re-exported here for the
 * editor). Pure; offsets in UTF-16 code units, as Monaco's.
 */
import { minimalEdit, type TextEdit } from '@colloquy/core';

export { minimalEdit, type TextEdit };

/** How much text on each side of an edit finds its place again in a text that moved on. */
const CONTEXT = 64;

/**
 * `mine` (an edit of `base`) carried onto `theirs` (another text that grew from `base`): the span
 * `mine` changed, with the text around it, is looked for in `theirs`; found exactly once, it is
 * replaced there by what `mine` put there, so what others changed elsewhere stays. Otherwise
 * (they changed that place too) the smallest edit from `theirs` to `mine`: `mine` wins. Used when
 * a buffer edited before its live document was ready is bound to it.
 */
export function rebaseEdit(base: string, mine: string, theirs: string): TextEdit | undefined {
  const edit = minimalEdit(base, mine);
  if (!edit) return undefined;
  const before = base.slice(Math.max(0, edit.start - CONTEXT), edit.start);
  const after = base.slice(edit.end, edit.end + CONTEXT);
  const needle = before + base.slice(edit.start, edit.end) + after;
  const at = theirs.indexOf(needle);
  if (at >= 0 && theirs.indexOf(needle, at + 1) < 0) {
    const start = at + before.length;
    return { start, end: start + (edit.end - edit.start), text: edit.text };
  }
  return minimalEdit(theirs, mine);
}
