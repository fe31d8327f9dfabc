/**
 * Escaping for XML 1.0. Markup characters become entity references; the
 * characters XML 1.0 cannot hold at all, not even as `&#1;` (most C0 controls,
 * lone surrogates, U+FFFE and U+FFFF), become visible `\uXXXX` text, so any
 * utterance or reply yields a well-formed document and the reader still sees
 * what was there.
 */
import { codePointEscape } from './printable.ts';

/** Text content of an element. */
export function xmlText(text: string): string {
  return escape(text, false);
}

/** An attribute value in double quotes. Newlines, tabs and carriage returns are kept as character references, which attribute normalisation would otherwise turn into spaces. */
export function xmlAttribute(text: string): string {
  return escape(text, true);
}

function escape(text: string, attribute: boolean): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
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
        out += attribute ? '&quot;' : char;
        continue;
      case "'":
        out += attribute ? '&apos;' : char;
        continue;
      case '\r':
        // Parsers turn a raw CR (or CR LF) into LF; a reference keeps it.
        out += '&#13;';
        continue;
      case '\n':
        out += attribute ? '&#10;' : char;
        continue;
      case '\t':
        out += attribute ? '&#9;' : char;
        continue;
      default:
        out += isXmlChar(code) ? char : codePointEscape(code);
    }
  }
  return out;
}

/** The `Char` production of XML 1.0 (fifth edition), section 2.2. */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}
