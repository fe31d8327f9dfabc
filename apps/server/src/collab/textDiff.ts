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

/** Common prefix and suffix kept, the middle replaced; null when the texts are equal. Never splits a surrogate pair. */
export function textReplacement(before: string, after: string): TextReplacement | null {
  if (before === after) return null;
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < limit - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
