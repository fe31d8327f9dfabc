/**
 * How `bot` and `not_bot` expectations read the assistant's reply. A designer
 * writes the words they care about; whether the flow's YAML used a curly or a
 * straight apostrophe, a capital letter, or broke a message over two lines
 * should not fail a test. So both sides are lower-cased, typographic quotes
 * and dashes become their plain forms, and runs of whitespace become one space.
 */

/** The turn's messages as one text, each message on its own line. */
export function joinReply(messages: readonly string[]): string {
  return messages.join('\n');
}

/** True when `fragment` occurs in `reply`, compared as described above. */
export function replyContains(reply: string, fragment: string): boolean {
  return normaliseReplyText(reply).includes(normaliseReplyText(fragment));
}

const PLAIN_FORMS: Readonly<Record<string, string>> = {
  '\u2018': "'", // left single quotation mark
  '\u2019': "'", // right single quotation mark (the usual typographic apostrophe)
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'", // prime
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2212': '-', // minus sign
  '\u2026': '...', // ellipsis
  '\u00A0': ' ', // no-break space
};

export function normaliseReplyText(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (const char of text.normalize('NFC').toLowerCase()) {
    const plain = PLAIN_FORMS[char] ?? char;
    if (plain.trim() === '') {
      pendingSpace = out !== '';
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += plain;
  }
  return out;
}
