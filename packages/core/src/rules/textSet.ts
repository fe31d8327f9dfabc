/**
 * Sets of texts as FEEL cells can state them: a finite list (`"gold",
 * "private"`) or everything except a finite list (`not("closed")`). Both forms
 * are closed under union, intersection and complement, which is all a cell
 * and the table analysis need.
 */

export interface TextSet {
  /** `only`: exactly `values`; `except`: every text but `values`. */
  readonly mode: 'only' | 'except';
  readonly values: ReadonlySet<string>;
}

export const NO_TEXTS: TextSet = { mode: 'only', values: new Set() };
export const ALL_TEXTS: TextSet = { mode: 'except', values: new Set() };

export function textsOf(values: Iterable<string>): TextSet {
  return { mode: 'only', values: new Set(values) };
}

export function containsText(set: TextSet, value: string): boolean {
  return set.values.has(value) === (set.mode === 'only');
}

export function complementTexts(set: TextSet): TextSet {
  return { mode: set.mode === 'only' ? 'except' : 'only', values: set.values };
}

export function unionTexts(a: TextSet, b: TextSet): TextSet {
  if (a.mode === 'only' && b.mode === 'only') return { mode: 'only', values: new Set([...a.values, ...b.values]) };
  if (a.mode === 'except' && b.mode === 'except') return { mode: 'except', values: new Set([...a.values].filter((v) => b.values.has(v))) };
  const [only, except] = a.mode === 'only' ? [a, b] : [b, a];
  return { mode: 'except', values: new Set([...except.values].filter((v) => !only.values.has(v))) };
}

export function intersectTexts(a: TextSet, b: TextSet): TextSet {
  return complementTexts(unionTexts(complementTexts(a), complementTexts(b)));
}
