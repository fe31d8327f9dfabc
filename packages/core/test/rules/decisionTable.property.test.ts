/**
 * Random tables and inputs. Two properties hold the pieces together:
 *
 * 1. The evaluator agrees with feelin's own `unaryTest`, cell by cell, for
 *    every hit policy, including odd inputs (missing, of another type).
 * 2. The static analysis agrees with brute force: on small domains every
 *    segment has a representative value, so trying them all says exactly which
 *    rows overlap, hide each other, never match, and whether a gap exists.
 */
import fc from 'fast-check';
import { unaryTest } from 'feelin';
import { describe, expect, it } from 'vitest';
import { evaluateDecisionTable } from '../../src/index.ts';
import type { RulesFile, RulesInput } from '../../src/kinds/index.ts';
import { tableCells } from '../../src/rules/tableCells.ts';
import { analyseTableStructure } from '../../src/rules/tableStructure.ts';

type Cell = string | number | boolean;

/** Literals stay small so that brute force over every segment stays cheap. */
const integer = fc.integer({ min: 0, max: 4 });
const word = fc.constantFrom('a', 'b', 'c');

const numberTest = fc.oneof(
  integer.map(String),
  fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '=', '!='), integer).map(([op, n]) => `${op} ${n}`),
  fc.tuple(fc.constantFrom('[', '(', ']'), integer, integer, fc.constantFrom(']', ')', '[')).map(([open, a, b, close]) => `${open}${a}..${b}${close}`),
);
const numberCell = fc.oneof(
  { weight: 6, arbitrary: fc.array(numberTest, { minLength: 1, maxLength: 3 }).map((tests) => tests.join(', ')) },
  { weight: 2, arbitrary: fc.array(numberTest, { minLength: 1, maxLength: 2 }).map((tests) => `not(${tests.join(', ')})`) },
  { weight: 2, arbitrary: fc.constant('-') },
  { weight: 1, arbitrary: integer },
  { weight: 1, arbitrary: fc.constantFrom('null', 'not(null)', '!= null', '[-1.5..2.5)', '>= -0.5', '4.5') },
);
const textTest = fc.oneof(word.map((w) => `"${w}"`), word.map((w) => `!= "${w}"`));
const textCell = fc.oneof(
  { weight: 6, arbitrary: fc.array(textTest, { minLength: 1, maxLength: 3 }).map((tests) => tests.join(', ')) },
  { weight: 2, arbitrary: fc.array(word, { minLength: 1, maxLength: 2 }).map((ws) => `not(${ws.map((w) => `"${w}"`).join(', ')})`) },
  { weight: 2, arbitrary: fc.constant('-') },
  { weight: 1, arbitrary: fc.constantFrom('null', 'not(null)') },
);
const booleanCell = fc.oneof(fc.constantFrom('true', 'false', '-', 'not(true)', 'true, false', '!= true', 'null'), fc.boolean());
/** Cells the model leaves to feelin; only used by the evaluation property. */
const opaqueCell = fc.constantFrom('starts with(?, "a")', '? > 3', 'x', '< "b"', 'string length(?) > 0', '>= 5 and < 8', '- 5', '1e3');

interface ColumnShape {
  readonly input: RulesInput;
  readonly cell: fc.Arbitrary<Cell>;
  /** Representatives of every segment of the column's domain (no null). */
  readonly domain: readonly (string | number | boolean)[];
}

/** Bounds fall on integers and halves, so quarters give every segment (points and the gaps between them) a representative. */
const quarters = (lo: number, hi: number): number[] => Array.from({ length: (hi - lo) * 4 + 1 }, (_, i) => lo + i / 4);

const column = (name: string): fc.Arbitrary<ColumnShape> =>
  fc.oneof(
    fc.constant<ColumnShape>({ input: { name, type: 'number', min: 0, max: 4 }, cell: numberCell, domain: quarters(0, 4) }),
    fc.constant<ColumnShape>({ input: { name, type: 'number' }, cell: numberCell, domain: quarters(-2, 5) }),
    fc.constant<ColumnShape>({ input: { name, type: 'string', values: ['a', 'b', 'c'] }, cell: textCell, domain: ['a', 'b', 'c'] }),
    fc.constant<ColumnShape>({ input: { name, type: 'string' }, cell: textCell, domain: ['a', 'b', 'c', 'something else'] }),
    fc.constant<ColumnShape>({ input: { name, type: 'boolean' }, cell: booleanCell, domain: [true, false] }),
  );

const policy = fc.constantFrom<RulesFile['hit_policy']>('unique', 'first', 'priority', 'collect');

/** A table over 1–3 columns; with `opaque`, some cells are unmodelled expressions. */
const tableArbitrary = (opaque: boolean, maxColumns = 3) =>
  fc
    .tuple(fc.array(column('x'), { minLength: 1, maxLength: 1 }), fc.array(column('y'), { maxLength: 1 }), fc.array(column('z'), { maxLength: maxColumns - 2 }), policy)
    .chain(([xs, ys, zs, hitPolicy]) => {
      const columns = [...xs, ...ys, ...zs];
      const cell = (shape: ColumnShape): fc.Arbitrary<Cell | undefined> =>
        fc.oneof({ weight: 8, arbitrary: shape.cell }, { weight: 2, arbitrary: fc.constant(undefined) }, { weight: opaque ? 2 : 0, arbitrary: opaqueCell });
      const row = fc.tuple(...columns.map(cell), fc.constantFrom('p', 'q', 'r'));
      return fc.array(row, { minLength: 1, maxLength: 6 }).map((rows) => ({ columns, table: buildTable(hitPolicy, columns, rows) }));
    });

function buildTable(hitPolicy: RulesFile['hit_policy'], columns: readonly ColumnShape[], rows: readonly (Cell | undefined)[][]): RulesFile {
  return {
    kind: 'rules',
    version: 1,
    id: 'random',
    hit_policy: hitPolicy,
    inputs: columns.map((c) => c.input) as RulesFile['inputs'],
    outputs: [{ name: 'out', type: 'string', values: ['p', 'q', 'r'] }],
    rules: rows.map((cells) => {
      const out = cells[cells.length - 1] as string;
      const when: Record<string, Cell> = {};
      columns.forEach((c, i) => {
        if (cells[i] !== undefined) when[c.input.name] = cells[i];
      });
      return { when, then: { out } };
    }) as unknown as RulesFile['rules'],
  };
}

const inputValue = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -4, max: 28 }).map((n) => n / 2) },
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', '') },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, '3', 0.1 + 0.2) },
);

/** The reference: feelin decides each cell on its own. */
function feelinMatchesRow(t: RulesFile, row: number, inputs: Record<string, unknown>): boolean {
  return Object.entries(t.rules[row]!.when ?? {}).every(([name, cell]) => {
    const text = typeof cell === 'string' ? cell : String(cell);
    try {
      return unaryTest(text, { ...inputs, '?': inputs[name] ?? null }, undefined).value === true;
    } catch {
      return false;
    }
  });
}

function rankOf(t: RulesFile, row: number): number {
  const values: readonly (string | number | boolean)[] = t.outputs[0].values ?? [];
  const rank = values.indexOf(t.rules[row]!.then['out']!);
  return rank < 0 ? values.length : rank;
}

describe('decision tables: properties', () => {
  it('evaluation agrees with feelin cell by cell, for every hit policy', () => {
    fc.assert(
      fc.property(
        tableArbitrary(true).chain(({ columns, table }) =>
          fc.record({ table: fc.constant(table), inputs: fc.tuple(...columns.map(() => inputValue)).map((vs) => Object.fromEntries(columns.map((c, i) => [c.input.name, vs[i]]))) }),
        ),
        ({ table: t, inputs }) => {
          const expected = t.rules.map((_, r) => r).filter((r) => feelinMatchesRow(t, r, inputs));
          const result = evaluateDecisionTable(t, inputs);
          expect(result.matchedRows).toEqual(expected);
          expect(result.collected).toEqual(expected.map((r) => t.rules[r]!.then));
          const chosen =
            t.hit_policy === 'unique'
              ? expected.length === 1
                ? expected[0]
                : undefined
              : t.hit_policy === 'priority'
                ? expected.reduce<number | undefined>((best, r) => (best === undefined || rankOf(t, r) < rankOf(t, best) ? r : best), undefined)
                : expected[0];
          expect(result.row).toBe(chosen);
          expect(result.outputs).toEqual(chosen === undefined ? undefined : t.rules[chosen]!.then);
        },
      ),
      { numRuns: 400, seed: 20240607 },
    );
  }, 30_000);

  it('analysis agrees with brute force over every segment of small domains', () => {
    fc.assert(
      fc.property(tableArbitrary(false), ({ columns, table: t }) => {
        const findings = analyseTableStructure(t, tableCells(t));
        expect(findings.filter((f) => f.kind === 'incomplete')).toEqual([]);

        // Every combination of segment representatives, and the rows each matches.
        const points = columns.reduce<Record<string, unknown>[]>((acc, c) => acc.flatMap((p) => c.domain.map((v) => ({ ...p, [c.input.name]: v }))), [{}]);
        const matching = points.map((p) => new Set(evaluateDecisionTable(t, p).matchedRows));
        const rows = t.rules.map((_, r) => r);
        const matchesSomething = (r: number) => matching.some((m) => m.has(r));

        const never = rows.filter((r) => !matchesSomething(r));
        expect(findings.filter((f) => f.kind === 'neverMatches').map((f) => f.row)).toEqual(never);

        const gaps = findings.filter((f) => f.kind === 'gap');
        expect(gaps.length > 0).toBe(matching.some((m) => m.size === 0));

        if (t.hit_policy === 'unique') {
          const expected = rows.flatMap((j) => {
            const earlier = rows.filter((i) => i < j && !never.includes(i) && !never.includes(j) && matching.some((m) => m.has(i) && m.has(j)));
            return earlier.length > 0 ? [{ row: j, other: earlier[0], alsoOverlaps: earlier.slice(1) }] : [];
          });
          expect(findings.filter((f) => f.kind === 'overlap').map((f) => ({ row: f.row, other: f.other, alsoOverlaps: f.alsoOverlaps }))).toEqual(expected);
        }
        if (t.hit_policy === 'first') {
          const shadowed = rows.filter((r) => matchesSomething(r) && matching.every((m) => !m.has(r) || [...m].some((i) => i < r)));
          expect(findings.filter((f) => f.kind === 'shadowed').map((f) => f.row)).toEqual(shadowed);
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  }, 30_000);

  it('analysis never throws and only reports what is certain when cells are unmodelled', () => {
    fc.assert(
      // Two columns at most: unmodelled cells run through feelin, which is slow to brute-force.
      fc.property(tableArbitrary(true, 2), ({ columns, table: t }) => {
        const findings = analyseTableStructure(t, tableCells(t));
        const points = columns.reduce<Record<string, unknown>[]>((acc, c) => acc.flatMap((p) => c.domain.map((v) => ({ ...p, [c.input.name]: v }))), [{}]);
        const matching = points.map((p) => new Set(evaluateDecisionTable(t, p).matchedRows));
        // A reported gap is real: some combination matches no row.
        if (findings.some((f) => f.kind === 'gap')) expect(matching.some((m) => m.size === 0)).toBe(true);
        for (const f of findings) {
          // A reported overlap is real: some combination matches both rows.
          if (f.kind === 'overlap') expect(matching.some((m) => m.has(f.row) && m.has(f.other))).toBe(true);
          // A reported shadowed row never wins.
          if (f.kind === 'shadowed') expect(matching.every((m) => !m.has(f.row) || [...m].some((i) => i < f.row))).toBe(true);
          if (f.kind === 'neverMatches') expect(matching.every((m) => !m.has(f.row))).toBe(true);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  }, 60_000);
});
