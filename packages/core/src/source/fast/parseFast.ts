import type { ParseLimits } from '../limits.ts';
import { BAIL } from './bail.ts';
import { BlockComposer } from './composeBlock.ts';
import { FastPositionIndex } from './fastIndex.ts';
import { NodeBudget } from './nodeBudget.ts';
import { scanLines } from './scanLines.ts';

export interface FastParse {
  readonly data: unknown;
  readonly positions: FastPositionIndex;
}

/**
 * The fast path: parses the common subset of YAML that workspace files use,
 * giving the same data and positions as the `yaml` package would, or
 * `undefined` when the text is outside the subset (then the caller parses it
 * with the `yaml` package). It never reports problems itself: any file with a
 * problem is outside the subset. See docs/internals/yaml-fast-path.md.
 */
export function parseYamlFast(text: string, limits: ParseLimits): FastParse | undefined {
  try {
    const lines = scanLines(text);
    const { data, root } = new BlockComposer(text, lines, new NodeBudget(limits, text.length)).compose();
    return { data, positions: new FastPositionIndex(root) };
  } catch (error) {
    // A RangeError is a stack overflow on absurd nesting under generous custom limits: let the slow path report it.
    if (error === BAIL || error instanceof RangeError) return undefined;
    throw error;
  }
}
