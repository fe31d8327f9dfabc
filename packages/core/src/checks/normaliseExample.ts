/**
 * The form in which two training examples count as "the same": Unicode NFKC
 * (so full-width and compatibility characters match their plain forms), lower
 * case, punctuation removed, whitespace collapsed. "I lost my card!" and
 * "i lost  my card" are the same example.
 */
export function normaliseExample(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{P}+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}
