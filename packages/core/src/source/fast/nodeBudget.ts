import type { ParseLimits } from '../limits.ts';
import { bail } from './bail.ts';

/**
 * The depth and node-count limits the `yaml` path enforces while converting
 * (DataConverter in parseYaml.ts), applied to every value the fast path makes.
 * Going over either bails, so the slow path reports it with today's diagnostic.
 * Count: the slow path aborts after `10_000 + maxExpansionFactor × length`
 * values; without aliases real files never get near it, but a caller's custom
 * limits could make it reachable, so it is counted rather than assumed.
 */
export class NodeBudget {
  private produced = 0;
  private readonly budget: number;
  private readonly maxDepth: number;

  constructor(limits: ParseLimits, textLength: number) {
    this.budget = 10_000 + limits.maxExpansionFactor * textLength;
    this.maxDepth = limits.maxDepth;
  }

  /** One more value at `depth` (the root is depth 0, its entries depth 1, ...). */
  take(depth: number): void {
    if (depth > this.maxDepth || ++this.produced > this.budget) bail();
  }
}
