/**
 * The meaning of one decision-table cell as a set of values, typed by its
 * column. The checker reasons about these sets (overlaps, gaps, shadowed rows)
 * and the evaluator compiles them into predicates, so both read a cell the same
 * way. A cell that cannot be modelled exactly (a function call, a reference to
 * another input, a text comparison) is `opaque`: it is evaluated by feelin and
 * left out of every proof.
 */
import { ALL_NUMBERS, complementNumbers, containsNumber, unionNumbers, type NumberSet } from './numberSet.ts';
import { ALL_TEXTS, complementTexts, containsText, unionTexts, type TextSet } from './textSet.ts';

export type ColumnType = 'string' | 'number' | 'boolean';

export interface BooleanSet {
  readonly true: boolean;
  readonly false: boolean;
}

export const ALL_BOOLEANS: BooleanSet = { true: true, false: true };
export const NO_BOOLEANS: BooleanSet = { true: false, false: false };

/** Why a cell is not modelled; the evaluator hands such cells to feelin. */
export type OpaqueReason =
  | 'syntax error'
  | 'type mismatch'
  | 'bare word'
  | 'reference'
  | 'text comparison'
  | 'expression'
  | 'unknown column';

export type CellConstraint =
  /** `-`: every value, including a missing input and values of other types. */
  | { readonly kind: 'any' }
  | { readonly kind: 'number'; readonly numbers: NumberSet; readonly matchesNull: boolean }
  | { readonly kind: 'string'; readonly texts: TextSet; readonly matchesNull: boolean }
  | { readonly kind: 'boolean'; readonly booleans: BooleanSet; readonly matchesNull: boolean }
  | { readonly kind: 'opaque'; readonly reason: OpaqueReason };

export type ModelledConstraint = Exclude<CellConstraint, { kind: 'any' } | { kind: 'opaque' }>;

export const ANY: CellConstraint = { kind: 'any' };

export function opaque(reason: OpaqueReason): CellConstraint {
  return { kind: 'opaque', reason };
}

/** The constraint of `type` that matches no value (not even a missing one). */
export function emptyOf(type: ColumnType): ModelledConstraint {
  switch (type) {
    case 'number':
      return { kind: 'number', numbers: [], matchesNull: false };
    case 'string':
      return { kind: 'string', texts: { mode: 'only', values: new Set() }, matchesNull: false };
    case 'boolean':
      return { kind: 'boolean', booleans: NO_BOOLEANS, matchesNull: false };
  }
}

/** Every value of `type`, and null only when `withNull` (what `!= null` means). */
export function allOf(type: ColumnType, withNull: boolean): ModelledConstraint {
  switch (type) {
    case 'number':
      return { kind: 'number', numbers: ALL_NUMBERS, matchesNull: withNull };
    case 'string':
      return { kind: 'string', texts: ALL_TEXTS, matchesNull: withNull };
    case 'boolean':
      return { kind: 'boolean', booleans: ALL_BOOLEANS, matchesNull: withNull };
  }
}

/** A comma list of tests: a value matches when any of them matches. Both sides have the same kind. */
export function unionConstraints(a: ModelledConstraint, b: ModelledConstraint): ModelledConstraint {
  const matchesNull = a.matchesNull || b.matchesNull;
  if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', numbers: unionNumbers(a.numbers, b.numbers), matchesNull };
  if (a.kind === 'string' && b.kind === 'string') return { kind: 'string', texts: unionTexts(a.texts, b.texts), matchesNull };
  if (a.kind === 'boolean' && b.kind === 'boolean') {
    return { kind: 'boolean', booleans: { true: a.booleans.true || b.booleans.true, false: a.booleans.false || b.booleans.false }, matchesNull };
  }
  throw new Error(`unionConstraints: ${a.kind} with ${b.kind}`); // callers type the tests first
}

/** `not(...)`: every value of the type the tests do not match, and null when they do not match null. */
export function complementConstraint(c: ModelledConstraint): ModelledConstraint {
  const matchesNull = !c.matchesNull;
  switch (c.kind) {
    case 'number':
      return { kind: 'number', numbers: complementNumbers(c.numbers), matchesNull };
    case 'string':
      return { kind: 'string', texts: complementTexts(c.texts), matchesNull };
    case 'boolean':
      return { kind: 'boolean', booleans: { true: !c.booleans.true, false: !c.booleans.false }, matchesNull };
  }
}

/**
 * Whether a value of the constraint's own type (or null) matches. Values of
 * other types are not decided here: FEEL compares them in surprising ways, so
 * the evaluator asks feelin.
 */
export function matchesTyped(c: ModelledConstraint, value: string | number | boolean | null): boolean {
  if (value === null) return c.matchesNull;
  switch (c.kind) {
    case 'number':
      return containsNumber(c.numbers, value as number);
    case 'string':
      return containsText(c.texts, value as string);
    case 'boolean':
      return value ? c.booleans.true : c.booleans.false;
  }
}

export function containsBoolean(set: BooleanSet, value: boolean): boolean {
  return value ? set.true : set.false;
}
