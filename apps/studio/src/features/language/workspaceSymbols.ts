/**
 * Quick open over files and symbols. `quickOpen` reads the input the way the
 * studio's quick-open box does:
 *
 * - `#query`: every symbol in the workspace (flows, nodes, intents, slots, tables…)
 * - `@query`: the symbols of the file open in the editor (all of them when there is none)
 * - `query`: files, by name and then by path
 *
 * Ranking is fuzzyMatch.ts's: exact > prefix > word start > substring >
 * subsequence, then tighter and shorter. One pass over the definitions with a
 * cheap rejection first, so a workspace of ~1,000 files answers in
 * milliseconds; only matches are sorted.
 */
import { fuzzyMatch, fuzzyScore, type FuzzyMatch, type MatchTier } from './fuzzyMatch.ts';
import { comparePaths, type SymbolIndex } from './symbolIndex.ts';
import type { SymbolDefinition, SymbolKind } from './types.ts';

export interface SymbolMatch {
  readonly type: 'symbol';
  readonly definition: SymbolDefinition;
  readonly tier: MatchTier;
  readonly score: number;
  /** Matched character indices in `label`, for highlighting. */
  readonly positions: readonly number[];
  /** What the positions refer to: the name, or `container.name` when the query named the container too. */
  readonly label: string;
}

export interface FileMatch {
  readonly type: 'file';
  readonly path: string;
  readonly tier: MatchTier;
  readonly score: number;
  /** Matched character indices in `path`. */
  readonly positions: readonly number[];
}

export type QuickOpenItem = SymbolMatch | FileMatch;

export interface SymbolSearchOptions {
  /** At most this many results. Default 200: more than a quick-open list can usefully show. */
  readonly limit?: number;
  /** Only these kinds. Default: every kind. */
  readonly kinds?: readonly SymbolKind[];
  /** Only symbols declared in this file. */
  readonly path?: string;
}

const DEFAULT_LIMIT = 200;

/** Definitions matching `query`, best first. */
export function searchSymbols(index: SymbolIndex, query: string, options: SymbolSearchOptions = {}): SymbolMatch[] {
  const kinds = options.kinds ? new Set(options.kinds) : undefined;
  const qualified = /[./]/.test(query);
  const limit = options.limit ?? DEFAULT_LIMIT;
  // Pass 1: score everything without building highlight positions.
  let scored: Scored[] = [];
  const definitions = options.path !== undefined ? (index.file(options.path)?.definitions ?? []) : index.allDefinitions();
  for (const definition of definitions) {
    if (kinds && !kinds.has(definition.kind)) continue;
    let label = definition.name;
    let score = fuzzyScore(query, label);
    // `card_lost.ask` finds card_lost's `ask_consent`: the container is matched only when the query has a separator.
    if (qualified && definition.container !== undefined) {
      const long = `${definition.container}.${definition.name}`;
      const longScore = fuzzyScore(query, long);
      if (longScore !== undefined && (score === undefined || longScore > score)) {
        score = longScore;
        label = long;
      }
    }
    if (score !== undefined) scored.push({ definition, label, score });
  }
  // No query: everything in file order (what `@` alone shows), else best first.
  const empty = query.trim() === '';
  if (!empty) scored = best(scored, limit);
  scored.sort(
    (a, b) =>
      (empty ? 0 : b.score - a.score) ||
      (empty ? comparePaths(a.definition.path, b.definition.path) : 0) ||
      (empty ? a.definition.range.start.offset - b.definition.range.start.offset : 0) ||
      compareText(a.definition.name, b.definition.name) ||
      comparePaths(a.definition.path, b.definition.path) ||
      a.definition.range.start.offset - b.definition.range.start.offset,
  );
  // Pass 2: positions for the few that are shown.
  return scored.slice(0, limit).map(({ definition, label, score }) => {
    const match = fuzzyMatch(query, label)!;
    return { type: 'symbol', definition, label, tier: match.tier, score, positions: match.positions };
  });
}

interface Scored {
  readonly definition: SymbolDefinition;
  readonly label: string;
  readonly score: number;
}

/**
 * The matches that can make the top `limit`: those scoring at least the
 * `limit`-th best score. Sorting numbers natively first keeps a broad query
 * over tens of thousands of symbols from paying for a full comparator sort.
 */
function best<T extends { readonly score: number }>(matches: T[], limit: number): T[] {
  if (matches.length <= limit) return matches;
  const scores = Float64Array.from(matches, (m) => m.score).sort();
  const threshold = scores[scores.length - limit]!;
  return matches.filter((m) => m.score >= threshold);
}

/** Files matching `query`, best first. The file name is matched first; a match there ranks above the same kind of match in the folders. */
export function searchFiles(index: SymbolIndex, query: string, options: { readonly limit?: number } = {}): FileMatch[] {
  const matches: FileMatch[] = [];
  for (const path of index.paths()) {
    const slash = path.lastIndexOf('/') + 1;
    const inName = fuzzyMatch(query, path.slice(slash));
    if (inName) {
      // Half a tier: above a folder match of the same tier, below one of a better tier.
      matches.push({ type: 'file', path, tier: inName.tier, score: inName.score + 500_000, positions: inName.positions.map((p) => p + slash) });
      continue;
    }
    const inPath = fuzzyMatch(query, path);
    if (inPath) matches.push({ type: 'file', path, ...pick(inPath) });
  }
  const limit = options.limit ?? DEFAULT_LIMIT;
  return best(matches, limit)
    .sort((a, b) => b.score - a.score || comparePaths(a.path, b.path))
    .slice(0, limit);
}

export interface QuickOpenOptions {
  /** The file open in the editor, for `@`. */
  readonly activePath?: string;
  readonly limit?: number;
}

export function quickOpen(index: SymbolIndex, input: string, options: QuickOpenOptions = {}): QuickOpenItem[] {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (input.startsWith('#')) return searchSymbols(index, input.slice(1), { limit });
  if (input.startsWith('@')) {
    const path = options.activePath !== undefined && index.file(options.activePath) ? options.activePath : undefined;
    return searchSymbols(index, input.slice(1), path !== undefined ? { limit, path } : { limit });
  }
  return searchFiles(index, input, { limit });
}

function pick(match: FuzzyMatch): Pick<FuzzyMatch, 'tier' | 'score' | 'positions'> {
  return { tier: match.tier, score: match.score, positions: match.positions };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
