import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/index.ts';
import { ClaimIndex, type Claim } from '../../src/checks/ClaimIndex.ts';

/** A stand-in for a loaded file: a path and the names it claims. A new object is a new version. */
interface FakeFile {
  readonly path: string;
  readonly names: readonly string[];
}

const file = (path: string, ...names: string[]): FakeFile => ({ path, names });

/** An index that reports every claim after the first of a name, and counts how often it judged each name. */
function duplicateNames() {
  const judged: string[] = [];
  const index = new ClaimIndex<FakeFile, number>(
    (f) => f.names.map((name, i) => [name, i] as const),
    (name, claims: readonly Claim<FakeFile, number>[]) => {
      judged.push(name);
      return claims.slice(1).map(({ file: f, claim }) => ({ code: 'CQ200', severity: 'error', message: `${name} again (#${claim}) after ${claims[0]!.file.path}`, file: f.path, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } }) as Diagnostic);
    },
  );
  return { index, judged };
}

const messages = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.file}: ${d.message}`).sort();

describe('ClaimIndex', () => {
  it('reports names claimed more than once, in path order whatever order files arrive in', () => {
    const { index } = duplicateNames();
    expect(messages(index.update([file('b', 'x'), file('a', 'x', 'y')]))).toEqual(['b: x again (#0) after a']);
  });

  it('judges again only the names the changed file claimed before or claims now', () => {
    // Given three files, two of which share `x`
    const { index, judged } = duplicateNames();
    const a = file('a', 'x', 'p');
    const c = file('c', 'z');
    index.update([a, file('b', 'x', 'q'), c]);
    judged.length = 0;

    // When b stops claiming `x` and claims `y` instead
    const result = index.update([a, file('b', 'y', 'q'), c]);

    // Then only b's old and new names were judged, and the duplicate is gone
    expect([...judged].sort()).toEqual(['q', 'x', 'y']);
    expect(result).toEqual([]);
  });

  it('returns the same result without judging anything when no file changed', () => {
    const { index, judged } = duplicateNames();
    const files = [file('a', 'x'), file('b', 'x')];
    const first = index.update(files);
    judged.length = 0;
    expect(index.update([...files])).toBe(first);
    expect(index.update(files)).toBe(first);
    expect(judged).toEqual([]);
  });

  it('withdraws the claims of a removed file', () => {
    const { index, judged } = duplicateNames();
    const a = file('a', 'x');
    const c = file('c', 'w');
    index.update([a, file('b', 'x'), c]);
    judged.length = 0;
    expect(index.update([a, c])).toEqual([]);
    expect(judged).toEqual(['x']);
  });

  it('keeps the claims of one file in the order the file made them', () => {
    const { index } = duplicateNames();
    expect(messages(index.update([file('a', 'x', 'x', 'x')]))).toEqual(['a: x again (#1) after a', 'a: x again (#2) after a']);
  });
});
