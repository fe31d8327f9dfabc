import type { CoverageCategory, CoverageCategoryName, CoverageGroup, CoverageItem } from './coverageTypes.ts';
import { percent } from './coverageTypes.ts';

/** One declared item and whether the run reached it. */
export interface CoverageCandidate {
  readonly item: CoverageItem;
  readonly reached: boolean;
}

/** A flow or table that groups items; listed even when it declares none (0 of 0). */
export interface CoverageGroupSource {
  readonly id: string;
  readonly file: string;
}

/** Counts a category's candidates overall and per group, keeping declaration order. */
export function buildCategory(
  category: CoverageCategoryName,
  candidates: readonly CoverageCandidate[],
  groupSources: readonly CoverageGroupSource[] = [],
): CoverageCategory {
  const missed: CoverageItem[] = [];
  let covered = 0;
  const perGroup = new Map<string, { covered: number; total: number }>();
  for (const source of groupSources) if (!perGroup.has(source.id)) perGroup.set(source.id, { covered: 0, total: 0 });
  for (const { item, reached } of candidates) {
    if (reached) covered++;
    else missed.push(item);
    const counts = item.group === undefined ? undefined : perGroup.get(item.group);
    if (counts) {
      counts.total++;
      if (reached) counts.covered++;
    }
  }
  const seen = new Set<string>();
  const groups: CoverageGroup[] = [];
  for (const source of groupSources) {
    // Duplicate ids are a validation error; count the id once, under its first file.
    if (seen.has(source.id)) continue;
    seen.add(source.id);
    const counts = perGroup.get(source.id)!;
    groups.push({ id: source.id, file: source.file, covered: counts.covered, total: counts.total, percent: percent(counts.covered, counts.total) });
  }
  return { category, covered, total: candidates.length, percent: percent(covered, candidates.length), groups, missed };
}
