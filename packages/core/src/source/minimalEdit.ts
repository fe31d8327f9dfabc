/**
 * The smallest single replacement turning one text into another (common
 * prefix and suffix kept, the middle replaced). Live editing needs it on both
 * sides: the server applies an API write to a shared document as this edit,
 * the studio pushes text into a live editor model as this edit, so other
 * people's concurrent typing outside the changed span survives (replacing the
 * whole text would delete it and duplicate the rest on merge).
 * Offsets in UTF-16 code units (JavaScript strings, Monaco, Y.Text).
 */
export interface TextEdit {
  readonly start: number;
  /** End of the replaced span in `before` (exclusive). */
  readonly end: number;
  readonly text: string;
}

/** undefined when the texts are equal. Never splits a surrogate pair. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
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
