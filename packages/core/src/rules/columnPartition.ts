/**
 * Splits one input column's domain into atomic segments: pieces so small that
 * every cell of the column either contains a piece entirely or not at all.
 * Overlaps, gaps and shadowed rows then become questions about finite sets of
 * segment indices instead of about real numbers and open-ended text.
 *
 * - number: the domain is `[min..max]` (either end may be open-ended when not
 *   declared). Every bound any cell uses becomes a point segment, and the open
 *   stretches between them are segments too: bounds 0 and 5 on the whole line
 *   give `< 0`, `0`, `(0..5)`, `5`, `> 5`.
 * - string: the declared `values`; without them, every text the cells name
 *   plus one segment for "any other text".
 * - boolean: `true` and `false`.
 *
 * A missing input (null) is not part of any domain: the analysis is about
 * inputs that have a value.
 */
import type { RulesInput } from '../kinds/index.ts';
import type { ModelledConstraint } from './cellConstraint.ts';
import { ALL_NUMBERS, formatInterval, intersectNumbers, interval, type Interval, type NumberSet } from './numberSet.ts';
import { appendRange, containsSegment as contains, countSegments, segmentsOf, type SegmentRanges } from './segmentRanges.ts';
import { containsText } from './textSet.ts';

export interface ColumnPartition {
  readonly name: string;
  readonly size: number;
  /** The segments a constraint of this column covers. It must be one of the constraints the partition was built from. */
  cover(constraint: ModelledConstraint): SegmentRanges;
  /** Segments as a cell a designer could write: `[0.5..0.8)`, `"gold", "silver"`, `not("gold")`, `-`. */
  toCell(ranges: SegmentRanges): string;
  /** Segments as a phrase for a message: `score in [0.5..0.8)`, `tier = "gold"`. */
  describe(ranges: SegmentRanges): string;
  /** Segments as parts that each read as one simple condition: a number interval each; texts and yes/no stay together. */
  split(ranges: SegmentRanges): SegmentRanges[];
}

export function partitionColumn(column: RulesInput, constraints: readonly ModelledConstraint[]): ColumnPartition {
  switch (column.type) {
    case 'number':
      return numberPartition(column, constraints);
    case 'string':
      return textPartition(column, constraints);
    case 'boolean':
      return booleanPartition(column);
  }
}

/** The values a number column can take: `[min..max]`, open-ended where not declared. */
export function numberDomain(column: RulesInput): NumberSet {
  return interval(column.min ?? -Infinity, column.max ?? Infinity, true, true);
}

function numberPartition(column: RulesInput, constraints: readonly ModelledConstraint[]): ColumnPartition {
  const domain = numberDomain(column);
  const clip = (c: ModelledConstraint): NumberSet => (c.kind === 'number' ? intersectNumbers(c.numbers, domain) : []);
  const bounds = new Set<number>();
  for (const piece of [...domain, ...constraints.flatMap(clip)]) {
    if (Number.isFinite(piece.lo)) bounds.add(piece.lo);
    if (Number.isFinite(piece.hi)) bounds.add(piece.hi);
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  const whole = domain[0] ?? ALL_NUMBERS[0]!;
  const segments: Interval[] = [];
  const pointIndex = new Map<number, number>();
  let previous = whole.lo; // -Infinity, or the domain's min (itself the first bound)
  for (const bound of sorted) {
    if (bound > previous) segments.push({ lo: previous, hi: bound, loIn: false, hiIn: false });
    pointIndex.set(bound, segments.length);
    segments.push({ lo: bound, hi: bound, loIn: true, hiIn: true });
    previous = bound;
  }
  if (whole.hi === Infinity) segments.push({ lo: previous, hi: Infinity, loIn: false, hiIn: false });

  const indexOf = (bound: number): number => {
    const index = pointIndex.get(bound);
    if (index === undefined) throw new Error(`columnPartition: ${bound} is not a bound of column ${column.name}`);
    return index;
  };
  const toPieces = (ranges: SegmentRanges): Interval[] => {
    const pieces: Interval[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      const first = segments[ranges[i]!]!;
      const last = segments[ranges[i + 1]! - 1]!;
      pieces.push({ lo: first.lo, loIn: first.loIn, hi: last.hi, hiIn: last.hiIn });
    }
    return pieces;
  };
  return {
    name: column.name,
    size: segments.length,
    cover(constraint) {
      const ranges: number[] = [];
      for (const piece of clip(constraint)) {
        const start = piece.lo === -Infinity ? 0 : indexOf(piece.lo) + (piece.loIn ? 0 : 1);
        const end = piece.hi === Infinity ? segments.length : indexOf(piece.hi) + (piece.hiIn ? 1 : 0);
        appendRange(ranges, start, end);
      }
      return ranges;
    },
    toCell(ranges) {
      if (countSegments(ranges) === segments.length) return '-';
      return toPieces(ranges).map(formatInterval).join(', ');
    },
    describe(ranges) {
      return toPieces(ranges)
        .map((piece) => {
          const text = formatInterval(piece);
          if (piece.lo === piece.hi) return `${column.name} = ${text}`;
          if (text.startsWith('<') || text.startsWith('>')) return `${column.name} ${text}`;
          return `${column.name} in ${text}`;
        })
        .join(' or ');
    },
    split(ranges) {
      const runs: SegmentRanges[] = [];
      for (let i = 0; i < ranges.length; i += 2) runs.push([ranges[i]!, ranges[i + 1]!]);
      return runs;
    },
  };
}

function textPartition(column: RulesInput, constraints: readonly ModelledConstraint[]): ColumnPartition {
  const open = column.values === undefined;
  const listed = column.values ?? [...new Set(constraints.flatMap((c) => (c.kind === 'string' ? [...c.texts.values] : [])))];
  const other = listed.length; // index of "any other text" when the column is open
  const size = listed.length + (open ? 1 : 0);
  const split = (ranges: SegmentRanges): { included: string[]; excluded: string[]; withOther: boolean } => {
    const included: string[] = [];
    const excluded: string[] = [];
    listed.forEach((value, i) => (contains(ranges, i) ? included : excluded).push(value));
    return { included, excluded, withOther: open && contains(ranges, other) };
  };
  return {
    name: column.name,
    size,
    cover(constraint) {
      if (constraint.kind !== 'string') return [];
      const indices = listed.flatMap((value, i) => (containsText(constraint.texts, value) ? [i] : []));
      if (open && constraint.texts.mode === 'except') indices.push(other);
      return segmentsOf(indices);
    },
    toCell(ranges) {
      const { included, excluded, withOther } = split(ranges);
      if (!withOther) return included.map(feelText).join(', ');
      return excluded.length === 0 ? '-' : `not(${excluded.map(feelText).join(', ')})`;
    },
    describe(ranges) {
      const { included, excluded, withOther } = split(ranges);
      if (withOther) return excluded.length === 0 ? `${column.name} is any text` : `${column.name} not in [${excluded.map(feelText).join(', ')}]`;
      return included.length === 1 ? `${column.name} = ${feelText(included[0]!)}` : `${column.name} in [${included.map(feelText).join(', ')}]`;
    },
    split: (ranges) => [ranges],
  };
}

const BOOLEANS = [true, false] as const;

function booleanPartition(column: RulesInput): ColumnPartition {
  return {
    name: column.name,
    size: 2,
    cover(constraint) {
      if (constraint.kind !== 'boolean') return [];
      return segmentsOf(BOOLEANS.flatMap((b, i) => ((b ? constraint.booleans.true : constraint.booleans.false) ? [i] : [])));
    },
    toCell(ranges) {
      const values = BOOLEANS.filter((_, i) => contains(ranges, i));
      return values.length === 2 ? '-' : values.map(String).join(', ');
    },
    describe(ranges) {
      const values = BOOLEANS.filter((_, i) => contains(ranges, i));
      return values.length === 2 ? `${column.name} is true or false` : `${column.name} = ${values.map(String).join(', ')}`;
    },
    split: (ranges) => [ranges],
  };
}

/** A text as a FEEL string literal. */
export function feelText(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
