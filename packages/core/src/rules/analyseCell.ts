/**
 * One cell, read against its column: the constraint it stands for and the
 * problems a designer should fix. This is the single interpretation of a cell;
 * the checker reports from it and the evaluator compiles it.
 */
import type { RulesInput } from '../kinds/index.ts';
import {
  ANY,
  allOf,
  complementConstraint,
  emptyOf,
  opaque,
  unionConstraints,
  type CellConstraint,
  type ColumnType,
  type ModelledConstraint,
  type OpaqueReason,
} from './cellConstraint.ts';
import { formatNumber, point } from './numberSet.ts';
import { parseCell, type CellSpan, type CellTest } from './parseCell.ts';

/** A cell as YAML gives it: FEEL text, or a bare number or yes/no meaning "equals". */
export type CellValue = string | number | boolean;

export type CellProblem = CellSpan &
  (
    /** CQ400: feelin cannot parse it, or parses it into something other than it looks like. */
    | { readonly kind: 'syntax'; readonly message: string; readonly hint?: string }
    /** CQ401: a test of another type than the column's. */
    | { readonly kind: 'typeMismatch'; readonly found: ColumnType | 'unusable number'; readonly literal: string; readonly suggestion?: string }
    /** CQ401: a text the column does not declare among its `values`. */
    | { readonly kind: 'undeclaredValue'; readonly value: string }
    /** CQ407: unquoted words, read by FEEL as variable names. */
    | { readonly kind: 'bareWord'; readonly words: readonly string[]; readonly suggestion: string }
  );

export interface CellAnalysis {
  /** The cell as FEEL text (a YAML number or yes/no written as its FEEL literal). */
  readonly text: string;
  readonly constraint: CellConstraint;
  /** feelin cannot run the cell at all (a syntax error): it never matches. */
  readonly broken: boolean;
  readonly problems: readonly CellProblem[];
}

/**
 * @param column the input column the cell belongs to, or undefined when the
 *   row names a column the table does not declare.
 * @param inputNames every input of the table: a bare word naming one of them is
 *   a reference to that input's value, not a forgotten pair of quotes.
 */
export function analyseCell(cell: CellValue, column: RulesInput | undefined, inputNames: ReadonlySet<string>): CellAnalysis {
  if (typeof cell !== 'string') return analyseYamlScalar(cell, column);
  const parsed = parseCell(cell);
  const problems: CellProblem[] = parsed.mistakes.map((m) => ({ kind: 'syntax', from: m.from, to: m.to, message: m.message, ...(m.hint ? { hint: m.hint } : {}) }));
  if (parsed.syntaxError) {
    const { from, to, message, hint } = parsed.syntaxError;
    return { text: cell, constraint: opaque('syntax error'), broken: true, problems: [{ kind: 'syntax', from, to, message, ...(hint ? { hint } : {}) }] };
  }
  if (parsed.wildcard) return { text: cell, constraint: ANY, broken: false, problems };
  if (!column) return { text: cell, constraint: opaque('unknown column'), broken: false, problems };

  let unmodelled: OpaqueReason | undefined;
  const bareWords = parsed.tests.filter((t): t is Extract<CellTest, { kind: 'bareWord' }> => t.kind === 'bareWord' && !inputNames.has(t.name));
  if (bareWords.length > 0) {
    unmodelled = 'bare word';
    problems.push({ kind: 'bareWord', from: bareWords[0]!.from, to: bareWords[bareWords.length - 1]!.to, words: bareWords.map((t) => t.name), suggestion: quoteWords(cell, bareWords) });
  }
  let combined: ModelledConstraint | undefined;
  for (const test of parsed.tests) {
    const typed = typeTest(cell, test, column, problems);
    if (typeof typed === 'string') unmodelled ??= typed;
    else combined = combined ? unionConstraints(combined, typed) : typed;
  }
  if (unmodelled) return { text: cell, constraint: opaque(unmodelled), broken: false, problems };
  const constraint = combined ?? emptyOf(column.type);
  return { text: cell, constraint: parsed.negated ? complementConstraint(constraint) : constraint, broken: false, problems };
}

/** A test as a constraint of the column's type, or why it cannot be one (recording the problem). */
function typeTest(cell: string, test: CellTest, column: RulesInput, problems: CellProblem[]): ModelledConstraint | OpaqueReason {
  switch (test.kind) {
    case 'null':
      return { ...emptyOf(column.type), matchesNull: true };
    case 'notNull':
      return allOf(column.type, false);
    case 'bareWord':
      return 'reference'; // unknown words were reported above; a known input name is a reference
    case 'expression':
      return 'expression';
    case 'textComparison':
      if (column.type === 'string') return 'text comparison';
      problems.push({ kind: 'typeMismatch', from: test.from, to: test.to, found: 'string', literal: cell.slice(test.from, test.to) });
      return 'type mismatch';
    case 'number':
    case 'string':
    case 'boolean': {
      const literal = cell.slice(test.from, test.to);
      if (test.kind !== column.type) {
        const suggestion = retype(literal, test.kind, column.type);
        problems.push({ kind: 'typeMismatch', from: test.from, to: test.to, found: test.kind, literal, ...(suggestion ? { suggestion } : {}) });
        return 'type mismatch';
      }
      if (test.kind === 'string' && column.values && !column.values.includes(test.literal)) {
        problems.push({ kind: 'undeclaredValue', from: test.from, to: test.to, value: test.literal });
      }
      if (test.kind === 'number') return { kind: 'number', numbers: test.numbers, matchesNull: test.matchesNull };
      if (test.kind === 'boolean') return { kind: 'boolean', booleans: test.booleans, matchesNull: test.matchesNull };
      return { kind: 'string', texts: test.texts, matchesNull: test.matchesNull };
    }
  }
}

function analyseYamlScalar(cell: number | boolean, column: RulesInput | undefined): CellAnalysis {
  const found: ColumnType = typeof cell === 'number' ? 'number' : 'boolean';
  if (typeof cell === 'number' && !Number.isFinite(cell)) {
    const problem: CellProblem = { kind: 'typeMismatch', from: 0, to: 0, found: 'unusable number', literal: String(cell) };
    return { text: String(cell), constraint: opaque('type mismatch'), broken: true, problems: [problem] };
  }
  const text = typeof cell === 'number' ? formatNumber(cell) : String(cell);
  if (!column) return { text, constraint: opaque('unknown column'), broken: false, problems: [] };
  if (column.type !== found) {
    const suggestion = retype(text, found, column.type);
    const problem: CellProblem = { kind: 'typeMismatch', from: 0, to: text.length, found, literal: text, ...(suggestion ? { suggestion } : {}) };
    return { text, constraint: opaque('type mismatch'), broken: false, problems: [problem] };
  }
  const constraint: ModelledConstraint =
    typeof cell === 'number'
      ? { kind: 'number', numbers: point(cell), matchesNull: false }
      : { kind: 'boolean', booleans: { true: cell, false: !cell }, matchesNull: false };
  return { text, constraint, broken: false, problems: [] };
}

/** The literal rewritten for the column's type, when the designer's intent is clear. */
function retype(literal: string, found: ColumnType, wanted: ColumnType): string | undefined {
  if (wanted === 'string' && (found === 'number' || found === 'boolean') && /^[-\d.a-z]+$/.test(literal)) return `"${literal}"`;
  if (found === 'string') {
    const inner = /^"(.*)"$/.exec(literal)?.[1];
    if (inner === undefined) return undefined;
    if (wanted === 'number' && /^-?\d+(\.\d+)?$/.test(inner)) return inner;
    if (wanted === 'boolean' && (inner === 'true' || inner === 'false')) return inner;
  }
  return undefined;
}

function quoteWords(cell: string, words: readonly CellSpan[]): string {
  let result = '';
  let at = 0;
  for (const word of words) {
    result += `${cell.slice(at, word.from)}"${cell.slice(word.from, word.to)}"`;
    at = word.to;
  }
  return result + cell.slice(at);
}
