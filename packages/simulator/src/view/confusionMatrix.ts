/**
 * The confusion matrix of the most confused intents, built from a report's
 * confusion pairs: what the HTML report and the studio's report view draw.
 * Rows are what cases should have been recognised as, columns what they were
 * recognised as; `(not understood)` is a label like any other. Pure data, so
 * every renderer shows the same matrix.
 */
import type { ConfusionPair } from '../simulate/simulationReport.ts';

export interface ConfusionMatrix {
  /** Expected labels, most confused first. */
  readonly rows: readonly string[];
  /** Recognised labels, most frequent first. */
  readonly columns: readonly string[];
  /** counts[row][column]: cases expected as rows[row] and recognised as columns[column]. */
  readonly counts: readonly (readonly number[])[];
  /** The largest count, for shading (0 when there are no confusions). */
  readonly max: number;
}

/** At most `top` rows and `top` columns, by total count; ties in label (code-unit) order so the matrix is stable. */
export function confusionMatrix(pairs: readonly ConfusionPair[], top = 8): ConfusionMatrix {
  const rows = mostFrequent(pairs, (p) => p.expected, top);
  const columns = mostFrequent(pairs, (p) => p.recognised, top);
  const counts = rows.map((row) => columns.map((column) => pairs.filter((p) => p.expected === row && p.recognised === column).reduce((n, p) => n + p.count, 0)));
  const max = counts.reduce((m, r) => Math.max(m, ...r), 0);
  return { rows, columns, counts, max };
}

function mostFrequent(pairs: readonly ConfusionPair[], label: (pair: ConfusionPair) => string, top: number): string[] {
  const totals = new Map<string, number>();
  for (const pair of pairs) totals.set(label(pair), (totals.get(label(pair)) ?? 0) + pair.count);
  return [...totals]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, top))
    .map(([name]) => name);
}
