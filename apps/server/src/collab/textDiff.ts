import { minimalEdit } from '@colloquy/core';

/**
 * The smallest single replacement turning one text into another: what a REST
 * edit of a file with a live document does to its `Y.Text`, so concurrent live
 * edits outside the changed span survive (replacing the whole text would
 * delete them and duplicate the rest on merge).
 */
export interface TextReplacement {
  /** UTF-16 offset where the old text starts to differ. */
  readonly index: number;
  /** UTF-16 code units of the old text removed there. */
  readonly remove: number;
  readonly insert: string;
}

/** Core's `minimalEdit` in Y.Text's terms (index, remove, insert); null when the texts are equal. */
export function textReplacement(before: string, after: string): TextReplacement | null {
  const edit = minimalEdit(before, after);
  return edit ? { index: edit.start, remove: edit.end - edit.start, insert: edit.text } : null;
}

/**
 * A three-way text merge for an API write of a file that is edited live: `target` was written
 * against `base` (the text last written to the change request), while live edits made `current`.
 * The span the writer changed (base → target) is applied to `current` shifted past the live
 * edits, so both survive; when the two touch the same span, the writer's whole text wins there
 * (the replacement current → target). Returns the replacement to apply to `current`.
 */
export function mergeReplacement(base: string, current: string, target: string): TextReplacement | null {
  const written = textReplacement(base, target);
  if (!written) return null;
  const live = textReplacement(base, current);
  if (!live) return written;
  const writtenEnd = written.index + written.remove;
  const liveEnd = live.index + live.remove;
  // The live edit lies wholly after the written span: positions before it are the same in current.
  if (live.index > writtenEnd || (live.index === writtenEnd && written.remove > 0 && live.remove > 0)) return written;
  // Wholly before: shift by what the live edit added.
  if (liveEnd < written.index || (liveEnd === written.index && live.remove > 0)) return { ...written, index: written.index + live.insert.length - live.remove };
  return textReplacement(current, target);
}
