/** A small subsequence matcher for quick open and the command palette. */

/** Higher is better; undefined when `query`'s characters do not all appear in order. */
export function fuzzyScore(query: string, candidate: string): number | undefined {
  if (query === '') return 0;
  const q = query.toLowerCase();
  const c = candidate.toLowerCase();
  let score = 0;
  let ci = 0;
  let previous = -2;
  for (const ch of q) {
    const at = c.indexOf(ch, ci);
    if (at < 0) return undefined;
    score += at === previous + 1 ? 5 : 1; // runs of consecutive characters
    if (at === 0 || '/._- '.includes(c[at - 1]!)) score += 3; // word starts
    previous = at;
    ci = at + 1;
  }
  // Prefer matches in the file name over the folder, and shorter candidates.
  const name = c.slice(c.lastIndexOf('/') + 1);
  if (name.includes(q)) score += 10;
  return score - candidate.length / 100;
}

export function fuzzyFilter<T>(query: string, items: readonly T[], text: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, score: fuzzyScore(query, text(item)) }))
    .filter((x): x is { item: T; score: number } => x.score !== undefined)
    .sort((a, b) => b.score - a.score)
    .map((x) => x.item);
}
