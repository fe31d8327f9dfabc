/**
 * Test files and assistant replies are user text and may hold anything,
 * including terminal escape sequences (`\u001b[2J` clears the screen) or
 * characters XML cannot carry. These helpers make such text visible instead.
 */

/** `\u001b` for a code point, as a JavaScript string literal would write it. */
export function codePointEscape(codePoint: number): string {
  return codePoint <= 0xffff ? `\\u${codePoint.toString(16).padStart(4, '0')}` : `\\u{${codePoint.toString(16)}}`;
}

/**
 * Text safe to print on a terminal on one line: C0 and C1 control characters
 * (escape, bell, carriage return, and newline and tab too) are written as
 * `\uXXXX`, so a reply cannot move the cursor or fake a report line.
 */
export function printableLine(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) || isLoneSurrogate(code) ? codePointEscape(code) : char;
  }
  return out;
}

export function isLoneSurrogate(codePoint: number): boolean {
  return codePoint >= 0xd800 && codePoint <= 0xdfff;
}
