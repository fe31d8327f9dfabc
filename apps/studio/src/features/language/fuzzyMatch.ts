/**
 * Fuzzy matching for quick open. A match falls in one of five tiers, and any
 * match in a higher tier ranks above every match in a lower one:
 *
 * 5 `exact`        the whole name: `ask_consent` for `ask_consent`
 * 4 `prefix`       the start of the name: `ask` for `ask_consent`
 * 3 `wordStart`    starts of words, each word's prefix in order: `consent`,
 *                  `lost_card`, `rlc` and `replost` for `report_lost_card`
 * 2 `substring`    anywhere, in one piece: `sent` for `ask_consent`
 * 1 `subsequence`  the letters in order: `akcn` for `ask_consent`
 *
 * Within a tier, tighter matches (fewer skipped characters) and shorter names
 * rank first. Case-insensitive. Words are separated by `_ . - / space` and
 * camelCase humps.
 */
export type MatchTier = 'exact' | 'prefix' | 'wordStart' | 'substring' | 'subsequence';

export interface FuzzyMatch {
  readonly tier: MatchTier;
  /** Higher is better; comparable across candidates for the same query. */
  readonly score: number;
  /** Indices in the candidate of the matched characters, ascending: for highlighting. */
  readonly positions: readonly number[];
}

const TIER_RANK: Readonly<Record<MatchTier, number>> = { exact: 5, prefix: 4, wordStart: 3, substring: 2, subsequence: 1 };

/** How `query` matches `candidate`, or `undefined` when it does not. An empty query matches everything, lowest. */
export function fuzzyMatch(query: string, candidate: string): FuzzyMatch | undefined {
  return match(query, candidate, true);
}

/**
 * Just the score of `fuzzyMatch` (`undefined` for no match), without building
 * the positions of contiguous matches: for ranking tens of thousands of
 * candidates before the few shown are matched in full.
 */
export function fuzzyScore(query: string, candidate: string): number | undefined {
  return match(query, candidate, false)?.score;
}

function match(query: string, candidate: string, withPositions: boolean): FuzzyMatch | undefined {
  const q = query.trim().toLowerCase();
  if (q === '') return { tier: 'subsequence', score: TIER_SPAN - penalty(0, 0, candidate.length), positions: [] };
  const c = candidate.toLowerCase();
  if (!isSubsequence(q, c)) return undefined;
  const run = (tier: MatchTier, start: number) => contiguous(tier, start, q.length, candidate.length, withPositions);
  if (c === q) return run('exact', 0);
  if (c.startsWith(q)) return run('prefix', 0);
  const starts = wordStarts(candidate);
  for (const start of starts) {
    if (start > 0 && c.startsWith(q, start)) return run('wordStart', start);
  }
  const letters = [...q].filter((ch) => !isSeparator(ch)).join('');
  const byWords = letters === '' ? undefined : matchWordPrefixes(letters, c, starts);
  if (byWords) return scattered('wordStart', byWords, candidate.length);
  const at = c.indexOf(q);
  if (at !== -1) return run('substring', at);
  return scattered('subsequence', greedySubsequence(q, c), candidate.length);
}

/** Scores are tier × TIER_SPAN less a penalty below TIER_SPAN, so that the tier always dominates. */
const TIER_SPAN = 1_000_000;

function penalty(skipped: number, first: number, length: number): number {
  return Math.min(skipped * 1_000 + first * 10 + Math.min(length, 999), TIER_SPAN - 1);
}

function contiguous(tier: MatchTier, start: number, length: number, candidateLength: number, withPositions: boolean): FuzzyMatch {
  const score = TIER_RANK[tier] * TIER_SPAN - penalty(0, start, candidateLength);
  return { tier, score, positions: withPositions ? range(start, length) : [] };
}

function scattered(tier: MatchTier, positions: number[], candidateLength: number): FuzzyMatch {
  const first = positions[0] ?? 0;
  const last = positions[positions.length - 1] ?? 0;
  const skipped = last - first + 1 - positions.length;
  return { tier, score: TIER_RANK[tier] * TIER_SPAN - penalty(skipped, first, candidateLength), positions };
}

function range(start: number, length: number): number[] {
  return Array.from({ length }, (_, i) => start + i);
}

function isSubsequence(q: string, c: string): boolean {
  let i = 0;
  for (let j = 0; j < c.length && i < q.length; j++) if (c[j] === q[i]) i++;
  return i === q.length;
}

function greedySubsequence(q: string, c: string): number[] {
  const positions: number[] = [];
  let i = 0;
  for (let j = 0; j < c.length && i < q.length; j++) {
    if (c[j] === q[i]) {
      positions.push(j);
      i++;
    }
  }
  return positions;
}

function isSeparator(ch: string): boolean {
  return ch === '_' || ch === '.' || ch === '-' || ch === '/' || ch === ' ' || ch === '\t';
}

/** Index of the first character of each word: after a separator, at a camelCase hump, where digits begin. */
function wordStarts(candidate: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < candidate.length; i++) {
    const ch = candidate[i]!;
    if (isSeparator(ch)) continue;
    if (i === 0) {
      starts.push(i);
      continue;
    }
    const previous = candidate[i - 1]!;
    const upper = ch >= 'A' && ch <= 'Z';
    const digit = ch >= '0' && ch <= '9';
    const previousLower = previous >= 'a' && previous <= 'z';
    const previousDigit = previous >= '0' && previous <= '9';
    const previousLetter = previousLower || (previous >= 'A' && previous <= 'Z');
    if (isSeparator(previous) || (upper && (previousLower || previousDigit)) || (digit && previousLetter)) starts.push(i);
  }
  return starts;
}

/**
 * `q` as a run of word prefixes in order (words may be skipped): `rlc` or
 * `replost` in `report_lost_card`. Depth-first with memoised failures; the
 * first word used must not be skipped past needlessly, so the earliest
 * matching words win.
 */
function matchWordPrefixes(q: string, c: string, starts: readonly number[]): number[] | undefined {
  const ends = starts.map((start, w) => {
    let end = start + 1;
    const limit = starts[w + 1] ?? c.length;
    while (end < limit && !isSeparator(c[end]!)) end++;
    return end;
  });
  const failed = new Set<number>();
  const search = (qi: number, wi: number): number[] | undefined => {
    if (qi === q.length) return [];
    const key = qi * (starts.length + 1) + wi;
    if (failed.has(key)) return undefined;
    for (let w = wi; w < starts.length; w++) {
      const start = starts[w]!;
      let k = 0;
      while (qi + k < q.length && start + k < ends[w]! && c[start + k] === q[qi + k]) k++;
      // Longest prefix of this word first, then shorter ones.
      for (let take = k; take >= 1; take--) {
        const rest = search(qi + take, w + 1);
        if (rest) return [...range(start, take), ...rest];
      }
    }
    failed.add(key);
    return undefined;
  };
  return search(0, 0);
}
