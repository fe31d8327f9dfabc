/**
 * Helpers for holding the YAML fast path to the `yaml` package's answers:
 * same data (values, key order, -0, NaN), same diagnostics, same ranges for
 * every path in the data and for paths that do not exist, same line/column for
 * offsets. Used by the differential, property and unit tests.
 */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { parseWithYamlPackage, parseYaml, type ParsedYaml } from '../../src/source/parseYaml.ts';
import { parseYamlFast } from '../../src/source/fast/parseFast.ts';
import { DEFAULT_LIMITS, type ParseLimits } from '../../src/source/limits.ts';
import type { PathSegment } from '../../src/source/sourceDocument.ts';

/** Whether the fast path handled `text` (did not bail). */
export function fastPathHandles(text: string, limits: ParseLimits = DEFAULT_LIMITS): boolean {
  return parseYamlFast(text, limits) !== undefined;
}

/** Every path into `data`, the root first, in document order. */
export function allPaths(data: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(prefix);
  if (Array.isArray(data)) data.forEach((item, i) => allPaths(item, [...prefix, i], out));
  else if (data !== null && typeof data === 'object') for (const key of Object.keys(data)) allPaths((data as Record<string, unknown>)[key], [...prefix, key], out);
  return out;
}

/**
 * Paths that do not (fully) exist, next to existing ones (every one, or about
 * 100 spread over the document), including the lookups SourceDocument treats
 * specially.
 */
function missingPaths(paths: readonly PathSegment[][], every: number): PathSegment[][] {
  const out: PathSegment[][] = [['null'], ['true'], [''], ['0'], [0], [-1], ['nope', 'deeper']];
  for (const [i, path] of paths.entries()) {
    if (i % every !== 0) continue;
    out.push([...path, '__missing__'], [...path, 999], [...path, 0], [...path, '0'], [...path, 'null'], [...path, 1.5], [...path, '__missing__', 'deeper']);
  }
  return out;
}

/** Strict equality of parsed data: SameValue for primitives (so -0 and NaN count), key order for objects. */
export function expectSameData(actual: unknown, expected: unknown, at = '$'): void {
  // Plain checks, failing with the path on the first difference: an expect per value is slow on big files.
  if (expected === null || typeof expected !== 'object') {
    if (!Object.is(actual, expected)) expect.fail(`${at}: ${String(actual)} (${typeof actual}) != ${String(expected)} (${typeof expected})`);
    return;
  }
  if (actual === null || typeof actual !== 'object') expect.fail(`${at}: expected a collection, got ${String(actual)}`);
  if (Array.isArray(expected) !== Array.isArray(actual)) expect.fail(`${at}: expected ${Array.isArray(expected) ? 'an array' : 'an object'}`);
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) expect.fail(`${at}: different prototypes`);
  const keys = Object.keys(expected);
  const actualKeys = Object.keys(actual);
  if (keys.join('\u0000') !== actualKeys.join('\u0000') || keys.length !== actualKeys.length) expect(actualKeys, `${at}: keys`).toEqual(keys);
  for (const key of keys) {
    expectSameData((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${at}.${key}`);
  }
}

/**
 * Parses `text` with `parseYaml` (fast path when it applies) and with the yaml
 * package alone, and expects the same answers everywhere. Returns whether the
 * fast path handled it.
 */
export function expectAgreement(text: string, options: { limits?: ParseLimits; thoroughness?: 'all' | 'sample' } = {}): boolean {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const handled = fastPathHandles(text, limits);
  const actual = parseYaml('doc.yaml', text, limits);
  const expected = parseWithYamlPackage('doc.yaml', text, limits);
  expectSameResult(actual, expected, text, options.thoroughness ?? 'all');
  return handled;
}

/**
 * `thoroughness: 'all'` compares every offset and a missing path beside every
 * path; `'sample'` about 500 offsets and 100 missing paths (for big files and
 * many runs). Every existing path is compared either way.
 */
export function expectSameResult(actual: ParsedYaml, expected: ParsedYaml, text: string, thoroughness: 'all' | 'sample'): void {
  expect(actual.diagnostics).toEqual(expected.diagnostics);
  expectSameData(actual.data, expected.data);
  const a = actual.source!;
  const b = expected.source!;
  expect(a.text).toBe(b.text);
  // Plain comparisons with one expect on a mismatch: an expect per path and offset is too slow for big files.
  const paths = allPaths(expected.data);
  const every = thoroughness === 'all' ? 1 : Math.max(1, Math.ceil(paths.length / 100));
  for (const path of [...paths, ...missingPaths(paths, every)]) {
    for (const part of ['value', 'key'] as const) {
      const got = a.rangeOf(path, part);
      const want = b.rangeOf(path, part);
      if (!isDeepStrictEqual(got, want)) expect(got, `${part} of ${JSON.stringify(path)}`).toEqual(want);
    }
  }
  const step = thoroughness === 'all' ? 1 : Math.max(1, Math.floor(text.length / 500));
  for (let offset = -1; offset <= text.length + 1; offset += step) {
    const got = a.positionAt(offset);
    const want = b.positionAt(offset);
    if (!isDeepStrictEqual(got, want)) expect(got, `offset ${offset}`).toEqual(want);
  }
}
