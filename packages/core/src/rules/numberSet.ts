/**
 * Sets of real numbers as unions of intervals: the exact meaning of a number
 * cell such as `< 5, [10..20), not(0)`. Kept normalised (sorted, disjoint,
 * non-adjacent, no empty pieces) so that equal sets have equal shapes and the
 * operations below stay linear.
 *
 * Bounds are JS numbers; an unbounded side is `-Infinity`/`Infinity` with an
 * open end, so "the whole number line" is `(-Infinity, Infinity)`. Infinity
 * itself is never a member: FEEL inputs are finite numbers.
 */

export interface Interval {
  readonly lo: number;
  readonly hi: number;
  /** Whether `lo` itself is in the interval (always false when `lo` is -Infinity). */
  readonly loIn: boolean;
  /** Whether `hi` itself is in the interval (always false when `hi` is Infinity). */
  readonly hiIn: boolean;
}

export type NumberSet = readonly Interval[];

export const NO_NUMBERS: NumberSet = [];
export const ALL_NUMBERS: NumberSet = [{ lo: -Infinity, hi: Infinity, loIn: false, hiIn: false }];

export function interval(lo: number, hi: number, loIn: boolean, hiIn: boolean): NumberSet {
  return normalise([{ lo, hi, loIn: loIn && Number.isFinite(lo), hiIn: hiIn && Number.isFinite(hi) }]);
}

export function point(value: number): NumberSet {
  return interval(value, value, true, true);
}

export function containsNumber(set: NumberSet, value: number): boolean {
  for (const piece of set) {
    if (value < piece.lo || (value === piece.lo && !piece.loIn)) return false; // pieces are sorted
    if (value < piece.hi || (value === piece.hi && piece.hiIn)) return true;
  }
  return false;
}

export function unionNumbers(a: NumberSet, b: NumberSet): NumberSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return normalise([...a, ...b]);
}

/** Everything on the number line that is not in `set`. */
export function complementNumbers(set: NumberSet): NumberSet {
  const result: Interval[] = [];
  let lo = -Infinity;
  let loIn = false;
  for (const piece of set) {
    result.push({ lo, hi: piece.lo, loIn, hiIn: !piece.loIn });
    lo = piece.hi;
    loIn = !piece.hiIn;
  }
  result.push({ lo, hi: Infinity, loIn, hiIn: false });
  return normalise(result);
}

export function intersectNumbers(a: NumberSet, b: NumberSet): NumberSet {
  const result: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const [lo, loIn] = x.lo > y.lo ? [x.lo, x.loIn] : x.lo < y.lo ? [y.lo, y.loIn] : [x.lo, x.loIn && y.loIn];
      const [hi, hiIn] = x.hi < y.hi ? [x.hi, x.hiIn] : x.hi > y.hi ? [y.hi, y.hiIn] : [x.hi, x.hiIn && y.hiIn];
      result.push({ lo, hi, loIn, hiIn });
    }
  }
  return normalise(result);
}

export function isEmptyInterval(piece: Interval): boolean {
  return piece.lo > piece.hi || (piece.lo === piece.hi && !(piece.loIn && piece.hiIn)) || Number.isNaN(piece.lo) || Number.isNaN(piece.hi);
}

/** Sorted, merged, without empty pieces. */
function normalise(pieces: readonly Interval[]): NumberSet {
  const sorted = pieces.filter((piece) => !isEmptyInterval(piece)).sort((x, y) => x.lo - y.lo || (x.loIn === y.loIn ? 0 : x.loIn ? -1 : 1));
  const result: Interval[] = [];
  for (const piece of sorted) {
    const last = result[result.length - 1];
    // Overlapping, or touching at a point one of them includes: one piece.
    if (last && (piece.lo < last.hi || (piece.lo === last.hi && (last.hiIn || piece.loIn)))) {
      if (piece.hi > last.hi || (piece.hi === last.hi && piece.hiIn && !last.hiIn)) {
        result[result.length - 1] = { lo: last.lo, loIn: last.loIn, hi: piece.hi, hiIn: piece.hiIn };
      }
      continue;
    }
    result.push(piece);
  }
  return result;
}

/** A piece in FEEL unary-test syntax: `5`, `< 5`, `>= 0.8`, `[1..5)`, `-`. */
export function formatInterval(piece: Interval): string {
  const lo = Number.isFinite(piece.lo);
  const hi = Number.isFinite(piece.hi);
  if (lo && hi && piece.lo === piece.hi) return formatNumber(piece.lo);
  if (!lo && !hi) return '-';
  if (!lo) return `${piece.hiIn ? '<=' : '<'} ${formatNumber(piece.hi)}`;
  if (!hi) return `${piece.loIn ? '>=' : '>'} ${formatNumber(piece.lo)}`;
  return `${piece.loIn ? '[' : '('}${formatNumber(piece.lo)}..${formatNumber(piece.hi)}${piece.hiIn ? ']' : ')'}`;
}

/** FEEL has no exponent notation, so numbers are written out in full (`1e-7` as `0.0000001`). */
export function formatNumber(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, first, rest = '', exponentText] = match;
  const digits = `${first!}${rest}`;
  const exponent = Number(exponentText);
  const pointAt = 1 + exponent; // position of the decimal point within `digits`
  if (pointAt <= 0) return `${sign!}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign!}${digits}${'0'.repeat(pointAt - digits.length)}`;
  return `${sign!}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
