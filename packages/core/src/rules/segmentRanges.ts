/**
 * Sets of segment indices (see columnPartition.ts) as sorted, disjoint,
 * half-open ranges flattened into one array: `[0, 3, 5, 6]` is {0, 1, 2, 5}.
 * A number cell covers a few contiguous runs of segments, so this stays tiny
 * however many segments a column has.
 */
export type SegmentRanges = readonly number[];

export const NO_SEGMENTS: SegmentRanges = [];

export function allSegments(size: number): SegmentRanges {
  return size > 0 ? [0, size] : [];
}

/** From indices in any order, duplicates allowed. */
export function segmentsOf(indices: Iterable<number>): SegmentRanges {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const result: number[] = [];
  for (const i of sorted) {
    if (result.length > 0 && result[result.length - 1] === i) result[result.length - 1] = i + 1;
    else result.push(i, i + 1);
  }
  return result;
}

/** Appends [start, end) to ranges built in increasing order, merging touching runs. */
export function appendRange(ranges: number[], start: number, end: number): void {
  if (start >= end) return;
  if (ranges.length > 0 && ranges[ranges.length - 1] === start) ranges[ranges.length - 1] = end;
  else ranges.push(start, end);
}

export function isEmptySegments(ranges: SegmentRanges): boolean {
  return ranges.length === 0;
}

export function containsSegment(ranges: SegmentRanges, index: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    if (index < ranges[i]!) return false;
    if (index < ranges[i + 1]!) return true;
  }
  return false;
}

export function intersectSegments(a: SegmentRanges, b: SegmentRanges): SegmentRanges {
  const result: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!, b[j]!);
    const end = Math.min(a[i + 1]!, b[j + 1]!);
    appendRange(result, start, end);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return result;
}

export function segmentsIntersect(a: SegmentRanges, b: SegmentRanges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (Math.max(a[i]!, b[j]!) < Math.min(a[i + 1]!, b[j + 1]!)) return true;
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return false;
}

/** Whether every segment of `inner` is in `outer`. */
export function isSubsetOf(inner: SegmentRanges, outer: SegmentRanges): boolean {
  let j = 0;
  for (let i = 0; i < inner.length; i += 2) {
    const start = inner[i]!;
    const end = inner[i + 1]!;
    while (j < outer.length && outer[j + 1]! <= start) j += 2;
    if (j >= outer.length || outer[j]! > start || outer[j + 1]! < end) return false;
  }
  return true;
}

export function countSegments(ranges: SegmentRanges): number {
  let count = 0;
  for (let i = 0; i < ranges.length; i += 2) count += ranges[i + 1]! - ranges[i]!;
  return count;
}
