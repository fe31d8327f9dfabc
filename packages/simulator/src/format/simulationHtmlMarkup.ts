/**
 * Safe HTML building for the HTML report. Everything in a simulation report
 * is hostile input: utterances come from generators and test files, replies
 * from flows, ids and labels from workspace files. So markup is only ever
 * made by the `html` template tag, which escapes every interpolated value
 * unless it is itself markup made by `html` (a `SafeHtml`), so a forgotten
 * escape cannot happen. The one way around it, `trustedHtml`, is for
 * constants in our own source (the stylesheet and script).
 */

/** Markup made by `html` (or `joinHtml`): inserted as it is. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Text of our own (a constant in this package, never report data) to insert as markup. */
export function trustedHtml(constant: string): SafeHtml {
  return new SafeHtml(constant);
}

/** What `html` accepts between `${}`: markup, text to escape, numbers, and nothing (null, undefined, false give ''). */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/** A template tag: the literal parts are trusted (they are in our source), every value is escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Pieces of markup one after the other (with `separator`, itself escaped unless it is markup). */
export function joinHtml(parts: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(render(separator)));
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Text for HTML text content and double- or single-quoted attribute values.
 * Besides the five markup characters, characters that would hide or disguise
 * what a customer typed are made visible as `\uXXXX`, as the terminal report
 * does: C0 and C1 controls (except tab and newline, which stay as they are and
 * are shown by `white-space` rules), lone surrogates (which no UTF-8 file can
 * hold), and the bidirectional controls that can make text read differently
 * from what it is (CVE-2021-42574, "Trojan Source").
 */
export function escapeHtml(text: string): string {
  let out = '';
  for (const char of text) {
    switch (char) {
      case '&':
        out += '&amp;';
        continue;
      case '<':
        out += '&lt;';
        continue;
      case '>':
        out += '&gt;';
        continue;
      case '"':
        out += '&quot;';
        continue;
      case "'":
        out += '&#39;';
        continue;
      case '\t':
      case '\n':
        out += char;
        continue;
    }
    const code = char.codePointAt(0)!;
    out += hidden(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char;
  }
  return out;
}

function hidden(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}
