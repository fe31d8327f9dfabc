/**
 * Character n-grams of words as integers, so that looking one up in the
 * index hashes a small number instead of allocating and hashing a string:
 * recognition runs on every customer turn and n-gram lookups are most of it.
 *
 * An utterance's words are padded with a space on each side (" card ") and
 * every n-gram of `minGram`..`maxGram` characters inside that window is a
 * feature (" c", "ca", " ca", "car", ...): n-grams never span two words and
 * the padding marks where words start and end.
 *
 * Each character the training data uses gets a small index (1..C); an n-gram
 * is the number `c1 * B^(n-1) + ... + cn` in base B = C + 1, exact because
 * the base is kept small enough for B^maxGram to stay below 2^53. An n-gram
 * with a character outside the table (one the training never used, or the
 * rare overflow of a huge alphabet) is reported as a string instead, so it is
 * still counted exactly, only more slowly.
 */
export class GramEncoder {
  private readonly charIndex = new Uint16Array(65_536);
  private readonly base: number;

  constructor(
    trainingTexts: readonly string[],
    private readonly minGram: number,
    private readonly maxGram: number,
  ) {
    // Most frequent characters first, so that an overflow leaves out the rarest.
    const frequency = new Map<number, number>();
    for (const text of trainingTexts) for (let i = 0; i < text.length; i++) frequency.set(text.charCodeAt(i), (frequency.get(text.charCodeAt(i)) ?? 0) + 1);
    frequency.set(32, Infinity);
    const capacity = Math.min(65_535, Math.floor(Math.pow(Number.MAX_SAFE_INTEGER, 1 / Math.max(1, maxGram))) - 1);
    const chars = [...frequency].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, capacity);
    chars.forEach(([code], i) => (this.charIndex[code] = i + 1));
    this.base = chars.length + 1;
  }

  /**
   * Visits every n-gram of a normalised utterance (words separated by single
   * spaces), as a number when all its characters are indexed and as a string
   * otherwise.
   */
  forEachGram(normalized: string, onKey: (key: number) => void, onString: (gram: string) => void): void {
    if (normalized.length === 0) return;
    const padded = ` ${normalized} `;
    const { charIndex, base, minGram, maxGram } = this;
    let windowStart = 0;
    for (let i = 1; i < padded.length; i++) {
      if (padded.charCodeAt(i) !== 32) continue;
      // The padded word is padded[windowStart..i], both ends spaces.
      for (let s = windowStart; s <= i; s++) {
        let key = 0;
        for (let n = 1; n <= maxGram && s + n - 1 <= i; n++) {
          const c = charIndex[padded.charCodeAt(s + n - 1)]!;
          if (c === 0) {
            for (let m = Math.max(n, minGram); m <= maxGram && s + m - 1 <= i; m++) onString(padded.slice(s, s + m));
            break;
          }
          key = key * base + c;
          if (n >= minGram) onKey(key);
        }
      }
      windowStart = i;
    }
  }
}
