/**
 * Which parts of a box of input combinations no row covers. A box has one set
 * of segments per column (columnPartition.ts); a row's box is the product of
 * its cells. The search walks the columns in order and, at each column, splits
 * the query into groups of segments that the same rows cover, so equivalent
 * segments are explored once: a catch-all row or a column the rows do not
 * distinguish costs one step, not one step per segment. A group no row covers
 * is an uncovered region.
 *
 * The work is bounded by a budget (counted in row-by-cut comparisons) so that
 * a huge table degrades into "could not finish" (CQ408) instead of a stalled
 * editor. Everything is deterministic: the same table explores the same way.
 */
import { appendRange, containsSegment, isSubsetOf, type SegmentRanges } from './segmentRanges.ts';

export type Box = readonly SegmentRanges[];

export interface Budget {
  remaining: number;
}

export interface CoverageResult {
  /** False when the budget ran out before the search finished; the regions found so far are still genuine. */
  readonly complete: boolean;
  readonly uncovered: readonly Box[];
}

/** Up to `limit` regions of `query` that none of `boxes` covers. */
export function uncoveredRegions(query: Box, boxes: readonly Box[], limit: number, budget: Budget): CoverageResult {
  const found: Box[] = [];
  const columns = query.length;

  const search = (column: number, active: readonly number[], region: readonly SegmentRanges[]): boolean => {
    if (found.length >= limit) return true;
    if (active.length === 0) {
      found.push([...region, ...query.slice(column)]);
      return true;
    }
    if (column === columns) return true;
    budget.remaining -= active.length * (columns - column);
    if (budget.remaining < 0) return false;
    if (active.some((r) => coversRest(boxes[r]!, query, column))) return true;
    for (const group of groupSegments(query[column]!, active, (r) => boxes[r]![column]!, budget)) {
      if (budget.remaining < 0) return false;
      if (!search(column + 1, group.rows, [...region, group.segments])) return false;
      if (found.length >= limit) return true;
    }
    return budget.remaining >= 0;
  };

  const complete = search(0, boxes.map((_, i) => i), []);
  return { complete, uncovered: found };
}

/** Whether `box` covers `query` in every column from `column` on. */
function coversRest(box: Box, query: Box, column: number): boolean {
  for (let c = column; c < query.length; c++) if (!isSubsetOf(query[c]!, box[c]!)) return false;
  return true;
}

interface SegmentGroup {
  readonly segments: SegmentRanges;
  /** The rows (indices into the caller's boxes) that cover these segments. */
  readonly rows: readonly number[];
}

/**
 * The query's segments grouped by which active rows cover them, in order of
 * first segment. Between two consecutive cut points (the ends of the query's
 * and the rows' ranges) coverage cannot change, so one probe per stretch is
 * enough.
 */
function groupSegments(query: SegmentRanges, active: readonly number[], rangesOf: (row: number) => SegmentRanges, budget: Budget): SegmentGroup[] {
  const cuts = new Set<number>(query);
  for (const r of active) for (const cut of rangesOf(r)) cuts.add(cut);
  const sorted = [...cuts].sort((a, b) => a - b);
  budget.remaining -= sorted.length * active.length;
  const groups = new Map<string, { segments: number[]; rows: number[] }>();
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    if (!containsSegment(query, start)) continue;
    const rows = active.filter((r) => containsSegment(rangesOf(r), start));
    const key = rows.join(',');
    let group = groups.get(key);
    if (!group) {
      group = { segments: [], rows };
      groups.set(key, group);
    }
    appendRange(group.segments, start, sorted[i + 1]!);
  }
  return [...groups.values()];
}
