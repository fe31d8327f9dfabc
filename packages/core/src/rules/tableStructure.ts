/**
 * The whole-table questions a decision-table checker answers: which rows
 * overlap (`unique`), which rows earlier rows hide (`first`), which input
 * combinations no row covers (every policy), and which rows can never match.
 * See docs/internals/decision-table-analysis.md.
 *
 * Soundness over completeness: a finding is only reported when it is certain.
 * A row with an unmodelled (opaque) cell is assumed to match everything when
 * that can only hide a finding (gaps, being shadowed) and is left out when it
 * could create one (overlaps, shadowing others).
 */
import type { RulesFile, RulesInput } from '../kinds/index.ts';
import type { ModelledConstraint } from './cellConstraint.ts';
import { partitionColumn, type ColumnPartition } from './columnPartition.ts';
import { uncoveredRegions, type Box, type Budget } from './coverage.ts';
import { allSegments, countSegments, intersectSegments, isEmptySegments, isSubsetOf, segmentsIntersect, type SegmentRanges } from './segmentRanges.ts';
import type { RowCells } from './tableCells.ts';

/** How much work each check may do before it gives up with CQ408; see the internals page for the measurements. */
export const ANALYSIS_BUDGETS = {
  /** Column comparisons for the pairwise overlap check (rows² × inputs). */
  overlaps: 8_000_000,
  /** Row-by-cut comparisons for all shadowing searches together. */
  shadows: 4_000_000,
  /** Row-by-cut comparisons for the gap search. */
  gaps: 4_000_000,
} as const;

export type AnalysisBudgets = { readonly [K in keyof typeof ANALYSIS_BUDGETS]: number };

/** How many gaps are reported; the last one says when there are more. */
const GAP_REPORTS = 3;

export type StructuralFinding =
  /** CQ402: `row` and the earlier row `other` both match `example`. */
  | { readonly kind: 'overlap'; readonly row: number; readonly other: number; readonly alsoOverlaps: readonly number[]; readonly example: string }
  /** CQ403: the earlier rows `by` together match every input `row` matches. */
  | { readonly kind: 'shadowed'; readonly row: number; readonly by: readonly number[] }
  /** CQ404: no row matches `example`; `cells` is a row's `when` that would. */
  | { readonly kind: 'gap'; readonly example: string; readonly cells: Readonly<Record<string, string>>; readonly more: boolean }
  /** CQ411: the cell for `input` excludes every value the input can take. */
  | { readonly kind: 'neverMatches'; readonly row: number; readonly input: string }
  /** CQ408: the checks that ran out of budget. */
  | { readonly kind: 'incomplete'; readonly checks: readonly ('overlaps' | 'shadowed rows' | 'gaps')[] };

interface RowBox {
  /** Contains every input combination the row matches (opaque cells taken as "any"). */
  readonly box: Box;
  /** The box is exactly what the row matches (no opaque, broken or unknown-column cell). */
  readonly exact: boolean;
  /** Its cells have no problems; findings about a row that already has errors are noise. */
  readonly clean: boolean;
  /** The first column whose segments are empty: the row cannot match. */
  readonly emptyColumn: number | undefined;
}

export function analyseTableStructure(table: RulesFile, cells: readonly RowCells[], budgets: AnalysisBudgets = ANALYSIS_BUDGETS): StructuralFinding[] {
  const partitions = table.inputs.map((column, c) => partitionColumn(column, modelledIn(cells, c)));
  const rows = cells.map((rowCells) => rowBox(rowCells, partitions));
  const findings: StructuralFinding[] = [];
  const incomplete: ('overlaps' | 'shadowed rows' | 'gaps')[] = [];

  rows.forEach((row, r) => {
    if (row.clean && row.emptyColumn !== undefined) findings.push({ kind: 'neverMatches', row: r, input: table.inputs[row.emptyColumn]!.name });
  });
  if (table.hit_policy === 'unique' && !findOverlaps(rows, partitions, { remaining: budgets.overlaps }, findings)) incomplete.push('overlaps');
  if (table.hit_policy === 'first' && !findShadowedRows(rows, { remaining: budgets.shadows }, findings)) incomplete.push('shadowed rows');
  if (!findGaps(rows, partitions, table.inputs, { remaining: budgets.gaps }, findings)) incomplete.push('gaps');
  if (incomplete.length > 0) findings.push({ kind: 'incomplete', checks: incomplete });
  return findings;
}

function modelledIn(cells: readonly RowCells[], column: number): ModelledConstraint[] {
  const constraints: ModelledConstraint[] = [];
  for (const row of cells) {
    for (const cell of row) {
      const c = cell.analysis.constraint;
      if (cell.columnIndex === column && c.kind !== 'any' && c.kind !== 'opaque') constraints.push(c);
    }
  }
  return constraints;
}

function rowBox(cells: RowCells, partitions: readonly ColumnPartition[]): RowBox {
  const box: SegmentRanges[] = partitions.map((p) => allSegments(p.size));
  let exact = true;
  let clean = true;
  for (const cell of cells) {
    const { constraint, broken, problems } = cell.analysis;
    if (problems.length > 0) clean = false;
    if (cell.columnIndex < 0) {
      exact = false; // evaluated on an input the analysis does not know
      clean = false;
      continue;
    }
    if (broken || constraint.kind === 'opaque') exact = false;
    else if (constraint.kind !== 'any') box[cell.columnIndex] = partitions[cell.columnIndex]!.cover(constraint);
  }
  const empty = box.findIndex(isEmptySegments);
  return { box, exact, clean, emptyColumn: empty >= 0 ? empty : undefined };
}

/** CQ402: pairs of exact rows whose boxes intersect in every column. Returns false when out of budget. */
function findOverlaps(rows: readonly RowBox[], partitions: readonly ColumnPartition[], budget: Budget, findings: StructuralFinding[]): boolean {
  const candidates = rows.flatMap((row, r) => (row.exact && row.emptyColumn === undefined ? [r] : []));
  for (let j = 0; j < candidates.length; j++) {
    const later = rows[candidates[j]!]!;
    const overlapping: number[] = [];
    budget.remaining -= j * partitions.length;
    if (budget.remaining < 0) return false;
    for (let i = 0; i < j; i++) {
      if (boxesIntersect(later.box, rows[candidates[i]!]!.box)) overlapping.push(candidates[i]!);
    }
    if (overlapping.length === 0) continue;
    const other = overlapping[0]!;
    const common = later.box.map((segments, c) => intersectSegments(segments, rows[other]!.box[c]!));
    findings.push({ kind: 'overlap', row: candidates[j]!, other, alsoOverlaps: overlapping.slice(1), example: describeRegion(common, partitions) });
  }
  return true;
}

/** CQ403: rows whose box the earlier exact rows cover completely. Returns false when out of budget. */
function findShadowedRows(rows: readonly RowBox[], budget: Budget, findings: StructuralFinding[]): boolean {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (!row.clean || row.emptyColumn !== undefined) continue;
    const earlier: number[] = [];
    budget.remaining -= r * row.box.length;
    if (budget.remaining < 0) return false;
    for (let i = 0; i < r; i++) {
      const candidate = rows[i]!;
      if (candidate.exact && candidate.emptyColumn === undefined && boxesIntersect(row.box, candidate.box)) earlier.push(i);
    }
    if (earlier.length === 0) continue;
    const single = earlier.find((i) => row.box.every((segments, c) => isSubsetOf(segments, rows[i]!.box[c]!)));
    if (single !== undefined) {
      findings.push({ kind: 'shadowed', row: r, by: [single] });
      continue;
    }
    const result = uncoveredRegions(row.box, earlier.map((i) => rows[i]!.box), 1, budget);
    if (!result.complete) return false;
    if (result.uncovered.length === 0) findings.push({ kind: 'shadowed', row: r, by: earlier });
  }
  return true;
}

/** CQ404: input combinations no row matches. Returns false when out of budget. */
function findGaps(rows: readonly RowBox[], partitions: readonly ColumnPartition[], inputs: readonly RulesInput[], budget: Budget, findings: StructuralFinding[]): boolean {
  const everything = partitions.map((p) => allSegments(p.size));
  const boxes = rows.filter((row) => row.emptyColumn === undefined).map((row) => row.box);
  const result = uncoveredRegions(everything, boxes, GAP_REPORTS + 1, budget);
  // A region may join several number intervals; each is reported as its own, concrete gap.
  const gaps = result.uncovered.flatMap((region) => simpleBoxes(region, partitions)).slice(0, GAP_REPORTS + 1);
  const shown = gaps.slice(0, GAP_REPORTS);
  shown.forEach((region, i) => {
    const cells: Record<string, string> = {};
    region.forEach((segments, c) => {
      if (countSegments(segments) < partitions[c]!.size) cells[inputs[c]!.name] = partitions[c]!.toCell(segments);
    });
    const more = i === shown.length - 1 && (gaps.length > GAP_REPORTS || !result.complete);
    findings.push({ kind: 'gap', example: describeRegion(region, partitions), cells, more });
  });
  return result.complete;
}

/** The product of each column's simple parts (columnPartition `split`), at most GAP_REPORTS + 1 of them. */
function simpleBoxes(region: Box, partitions: readonly ColumnPartition[]): Box[] {
  let boxes: SegmentRanges[][] = [[]];
  region.forEach((segments, c) => {
    boxes = boxes.flatMap((box) => partitions[c]!.split(segments).map((part) => [...box, part])).slice(0, GAP_REPORTS + 1);
  });
  return boxes;
}

function boxesIntersect(a: Box, b: Box): boolean {
  for (let c = 0; c < a.length; c++) if (!segmentsIntersect(a[c]!, b[c]!)) return false;
  return true;
}

/** `score in [0.5..0.8), tier = "gold"`; columns that take any value are left out. */
function describeRegion(region: Box, partitions: readonly ColumnPartition[]): string {
  const parts = region.flatMap((segments, c) => (countSegments(segments) < partitions[c]!.size ? [partitions[c]!.describe(segments)] : []));
  return parts.length > 0 ? parts.join(', ') : 'any input';
}
