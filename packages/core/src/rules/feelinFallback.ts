/**
 * The slow path: ask feelin itself. Used for cells the constraint model does
 * not cover (function calls, references to other inputs, text ranges) and for
 * input values of another type than the cell tests, where FEEL's comparison
 * rules are too irregular to restate. feelin parses the cell on every call, so
 * this is kept off the common path.
 */
import { unaryTest } from 'feelin';

/**
 * Whether feelin's unary test holds for `value`, with the table's inputs as
 * FEEL variables. Only a definite `true` matches: `null` (unknown) does not.
 * A cell feelin cannot run does not match; the checker reports why (CQ400),
 * and a decision must not fail at run time because of one bad cell.
 */
export function feelinMatches(text: string, value: unknown, inputs: Readonly<Record<string, unknown>>): boolean {
  try {
    return unaryTest(text, { ...inputs, '?': value ?? null }, undefined).value === true;
  } catch {
    return false;
  }
}
