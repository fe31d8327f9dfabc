/**
 * The smallest single replacement turning one text into another (common
 * prefix and suffix kept). Text the store pushes into a live file's model
 * (a Try-it test written into an open file, say) then reaches the shared
 * document as that small edit, not as "delete everything, insert
 * everything", which would clash with everyone else's concurrent typing.
 * Pure; offsets in UTF-16 code units, as Monaco's.
 */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Not inside a surrogate pair.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

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
