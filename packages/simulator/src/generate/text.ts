/** Small text helpers shared by the generators. */

/** Lower-cases the first letter unless the text starts with the word "I" ("I'm", "I've"). */
export function lowerFirst(text: string): string {
  if (/^I\b/.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The text without a final full stop, question or exclamation mark, so it can continue. */
export function withoutFinalStop(text: string): string {
  return text.replace(/[.!?]+$/, '');
}

/**
 * Replaces every `{name}` in one pass with its value. Values are inserted
 * as they are: a `$&` or a `{v}` inside an utterance stays literal.
 */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
