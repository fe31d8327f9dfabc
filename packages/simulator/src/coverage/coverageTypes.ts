/**
 * Coverage: how much of the workspace the test run exercised, per category,
 * with every item that was never reached and where it is written. Plain data,
 * in declaration order (files by path, then file order), so reports are
 * deterministic.
 */
import type { SourceLocation } from '../report.ts';

/** The categories in the order reports show them. */
export const COVERAGE_CATEGORIES = ['intents', 'nodes', 'transitions', 'rules', 'policies'] as const;
export type CoverageCategoryName = (typeof COVERAGE_CATEGORIES)[number];

export interface CoverageItem {
  /**
   * Stable id within its category: `report_lost_card` (intent), `card_lost/ask_last4` (node),
   * `card_lost/ask_consent -> ask_last4 (route "true")` (transition), `card_freeze/2` (0-based
   * rule row), `pii_after_consent` (policy).
   */
  readonly id: string;
  /** How reports name the item, e.g. `card_freeze row 3 (\`high_fraud\`)`. */
  readonly label: string;
  /** The flow or rules table the item belongs to; absent for policies. */
  readonly group?: string;
  readonly location: SourceLocation;
  /** Why the item was not reached, when the category can say more than "no test got here" (policies). */
  readonly note?: string;
}

/** Coverage of one flow (intents, nodes, transitions) or rules table (rules). */
export interface CoverageGroup {
  readonly id: string;
  readonly file: string;
  readonly covered: number;
  readonly total: number;
  readonly percent: number;
}

export interface CoverageCounts {
  readonly covered: number;
  readonly total: number;
  /**
   * `covered / total` as a percentage rounded to one decimal; 100 when there
   * is nothing to cover (a workspace without policies has nothing left unexercised).
   */
  readonly percent: number;
}

export interface CoverageCategory extends CoverageCounts {
  readonly category: CoverageCategoryName;
  /** Per flow or table, in declaration order; empty for policies. */
  readonly groups: readonly CoverageGroup[];
  /** Every item never reached, in declaration order. */
  readonly missed: readonly CoverageItem[];
}

export type Coverage = { readonly [C in CoverageCategoryName]: CoverageCategory } & {
  /** Every item of every category counted once: a run that reaches 90 of 100 items is at 90%. */
  readonly overall: CoverageCounts;
};

export function percent(covered: number, total: number): number {
  if (total === 0) return 100;
  return Math.round((covered * 1000) / total) / 10;
}
