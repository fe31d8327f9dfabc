/**
 * Reads a cell's FEEL text with feelin's own parser and classifies each of its
 * tests: number, text, yes/no and null tests become value sets; anything else
 * (a function call, `?` expressions, a bare word) is kept as an unmodelled
 * test. It never evaluates the cell, so a pathological expression cannot stall
 * validation, and it never throws.
 *
 * The literal values follow feelin's interpreter exactly (see
 * `numericLiteralValue`), so the sets mean what the runtime will do; the
 * property test in `test/rules` holds the two together.
 */
import { evaluate, parseUnaryTests } from 'feelin';
import type { BooleanSet } from './cellConstraint.ts';
import { complementNumbers, interval, point, type NumberSet } from './numberSet.ts';
import { complementTexts, textsOf, type TextSet } from './textSet.ts';

type FeelNode = ReturnType<typeof parseUnaryTests>['topNode'];

/** A position inside the cell's FEEL text, 0-based, end exclusive. */
export interface CellSpan {
  readonly from: number;
  readonly to: number;
}

export type CellTest = CellSpan &
  (
    | { readonly kind: 'number'; readonly numbers: NumberSet; readonly matchesNull: boolean }
    | { readonly kind: 'string'; readonly texts: TextSet; readonly matchesNull: boolean; readonly literal: string }
    | { readonly kind: 'boolean'; readonly booleans: BooleanSet; readonly matchesNull: boolean }
    /** `null` or `= null`: only a missing input. */
    | { readonly kind: 'null' }
    /** `!= null`: any present value. */
    | { readonly kind: 'notNull' }
    /** A name on its own: FEEL reads it as a variable, not as text. */
    | { readonly kind: 'bareWord'; readonly name: string }
    /** A text range (`< "m"`, `["a".."f"]`): evaluated, not modelled. */
    | { readonly kind: 'textComparison' }
    /** Anything else (function calls, `?`, dates, arithmetic): evaluated by feelin, not modelled. */
    | { readonly kind: 'expression' }
  );

/** A construct feelin accepts that almost certainly does not mean what the designer wrote. */
export interface CellMistake extends CellSpan {
  readonly message: string;
  readonly hint?: string;
}

export interface ParsedCell {
  readonly text: string;
  /** The first syntax error, as feelin's interpreter would raise it. */
  readonly syntaxError?: CellMistake;
  readonly mistakes: readonly CellMistake[];
  /** The whole cell is `-`. */
  readonly wildcard: boolean;
  /** The tests are wrapped in `not(...)`. */
  readonly negated: boolean;
  readonly tests: readonly CellTest[];
}

export function parseCell(text: string): ParsedCell {
  const tree = parseUnaryTests(text, {}, undefined);
  const top = tree.topNode;
  const syntaxError = findSyntaxError(text, top);
  const mistakes = findMistakes(text, top);
  if (syntaxError) return { text, syntaxError, mistakes, wildcard: false, negated: false, tests: [] };
  const children = namedChildren(top);
  if (children[0]?.name === 'Wildcard') return { text, mistakes, wildcard: true, negated: false, tests: [] };
  const negated = children[0]?.name === 'not';
  const list = children.find((child) => child.name === 'PositiveUnaryTests');
  const tests = list ? namedChildren(list).filter((n) => n.name === 'PositiveUnaryTest').map((n) => classifyTest(text, n)) : [];
  return { text, mistakes, wildcard: false, negated, tests };
}

function classifyTest(text: string, test: FeelNode): CellTest {
  const span = { from: test.from, to: test.to };
  const node = test.firstChild;
  if (!node) return { ...span, kind: 'expression' };
  const source = text.slice(node.from, node.to);
  switch (node.name) {
    case 'NumericLiteral': {
      const n = finiteLiteral(source);
      return n === undefined ? malformedNumber(span) : { ...span, kind: 'number', numbers: point(n), matchesNull: false };
    }
    case 'StringLiteral': {
      const literal = stringLiteralValue(source);
      return literal === undefined ? { ...span, kind: 'expression' } : { ...span, kind: 'string', texts: textsOf([literal]), matchesNull: false, literal };
    }
    case 'BooleanLiteral':
      return { ...span, kind: 'boolean', booleans: booleanPoint(source === 'true'), matchesNull: false };
    case 'null':
      return { ...span, kind: 'null' };
    case 'VariableName':
      return { ...span, kind: 'bareWord', name: source };
    case 'SimplePositiveUnaryTest':
      return classifySimpleTest(text, node, span);
    case 'Interval':
      return classifyInterval(text, node, span);
    default:
      return { ...span, kind: 'expression' };
  }
}

/** `< 5`, `!= "closed"`, `= null`, or an interval. */
function classifySimpleTest(text: string, node: FeelNode, span: CellSpan): CellTest {
  const [first, operand] = namedChildren(node);
  if (first?.name === 'Interval') return classifyInterval(text, first, span);
  if (first?.name !== 'CompareOp' || !operand) return { ...span, kind: 'expression' };
  const op = text.slice(first.from, first.to);
  const value = text.slice(operand.from, operand.to);
  switch (operand.name) {
    case 'NumericLiteral': {
      const n = finiteLiteral(value);
      if (n === undefined) return malformedNumber(span);
      if (op === '=') return { ...span, kind: 'number', numbers: point(n), matchesNull: false };
      // FEEL: `null != 5` is true, so `!= 5` matches a missing input.
      if (op === '!=') return { ...span, kind: 'number', numbers: complementNumbers(point(n)), matchesNull: true };
      return { ...span, kind: 'number', numbers: comparison(op, n), matchesNull: false };
    }
    case 'StringLiteral': {
      const literal = stringLiteralValue(value);
      if (literal === undefined) return { ...span, kind: 'expression' };
      if (op === '=') return { ...span, kind: 'string', texts: textsOf([literal]), matchesNull: false, literal };
      if (op === '!=') return { ...span, kind: 'string', texts: complementTexts(textsOf([literal])), matchesNull: true, literal };
      return { ...span, kind: 'textComparison' };
    }
    case 'BooleanLiteral': {
      const b = value === 'true';
      if (op === '=') return { ...span, kind: 'boolean', booleans: booleanPoint(b), matchesNull: false };
      if (op === '!=') return { ...span, kind: 'boolean', booleans: booleanPoint(!b), matchesNull: true };
      return { ...span, kind: 'expression' };
    }
    case 'null':
      if (op === '=') return { ...span, kind: 'null' };
      if (op === '!=') return { ...span, kind: 'notNull' };
      return { ...span, kind: 'expression' };
    default:
      return { ...span, kind: 'expression' };
  }
}

function classifyInterval(text: string, node: FeelNode, span: CellSpan): CellTest {
  const parts = allChildren(node);
  const open = parts[0];
  const close = parts[parts.length - 1];
  const ends = parts.filter((part) => part.name !== '[' && part.name !== ']' && part.name !== '(' && part.name !== ')' && part.name !== '..');
  const [low, high] = ends;
  if (!open || !close || !low || !high || ends.length !== 2) return { ...span, kind: 'expression' };
  if (low.name === 'StringLiteral' && high.name === 'StringLiteral') return { ...span, kind: 'textComparison' };
  if (low.name !== 'NumericLiteral' || high.name !== 'NumericLiteral') return { ...span, kind: 'expression' };
  const from = finiteLiteral(text.slice(low.from, low.to));
  const to = finiteLiteral(text.slice(high.from, high.to));
  if (from === undefined || to === undefined) return malformedNumber(span);
  let [lo, hi] = [from, to];
  // `[` opens inclusively; `(` and `]` (as in `]1..5]`) exclude the start. Mirrored for the end.
  let loIn = open.name === '[';
  let hiIn = close.name === ']';
  if (lo > hi) {
    // feelin reads a descending interval `[10..1]` as `[1..10]`, swapping the ends' inclusion too.
    [lo, hi, loIn, hiIn] = [hi, lo, hiIn, loIn];
  }
  return { ...span, kind: 'number', numbers: interval(lo, hi, loIn, hiIn), matchesNull: false };
}

function comparison(op: string, n: number): NumberSet {
  switch (op) {
    case '<':
      return interval(-Infinity, n, false, false);
    case '<=':
      return interval(-Infinity, n, false, true);
    case '>':
      return interval(n, Infinity, false, false);
    default: // '>='
      return interval(n, Infinity, true, false);
  }
}

function booleanPoint(value: boolean): BooleanSet {
  return value ? { true: true, false: false } : { true: false, false: true };
}

/**
 * A number literal's value when it is an ordinary finite number. `- 5` (NaN to
 * feelin, reported by `findMistakes`) and overlong literals (Infinity) compare
 * in ways no designer means, so they are not modelled: feelin evaluates them.
 */
function finiteLiteral(literal: string): number | undefined {
  const n = numericLiteralValue(literal);
  return Number.isFinite(n) ? n : undefined;
}

function malformedNumber(span: CellSpan): CellTest {
  return { ...span, kind: 'expression' };
}

/**
 * The value feelin 8 gives a number literal in a unary test: `parseFloat` when
 * the text has a decimal point, else `parseInt`. So `1e3` is 1 and `- 5` is NaN
 * (matching nothing); the checker flags both (see `findMistakes`).
 */
export function numericLiteralValue(literal: string): number {
  return literal.includes('.') ? Number.parseFloat(literal) : Number.parseInt(literal, 10);
}

/**
 * The text a FEEL string literal stands for, decoded by feelin itself. Without
 * a backslash there is nothing to decode (feelin only strips the quotes), so
 * the common case skips the interpreter.
 */
function stringLiteralValue(literal: string): string | undefined {
  if (!literal.includes('\\') && literal.length >= 2 && literal.startsWith('"') && literal.endsWith('"')) return literal.slice(1, -1);
  try {
    const { value } = evaluate(literal, {}, undefined);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first error node in document order, positioned and worded as feelin's
 * interpreter would report it, but in the designer's terms.
 */
function findSyntaxError(text: string, top: FeelNode): CellMistake | undefined {
  if (text.trim() === '') return { from: 0, to: text.length, message: 'the cell is empty', hint: 'write `-` to match any value' };
  let error: FeelNode | undefined;
  const cursor = top.cursor();
  do {
    if (cursor.type.isError) {
      error = cursor.node;
      break;
    }
  } while (cursor.next());
  if (!error) return undefined;
  const hint = syntaxHint(text);
  if (error.from !== error.to) return { from: error.from, to: error.to, message: `unexpected ${quoteSnippet(text.slice(error.from, error.to))}`, ...hint };
  const next = nextNode(error);
  if (next) return { from: next.from, to: next.to, message: `unexpected ${quoteSnippet(text.slice(next.from, next.to))}`, ...hint };
  // Nothing follows: the cell stops in the middle of a test. Point at what came last.
  const before = text.slice(0, error.from).trimEnd();
  const from = Math.max(0, before.length - 1);
  return { from, to: Math.max(from, before.length), message: before ? `the test is incomplete after ${quoteSnippet(before.slice(-12))}` : 'the test is incomplete', ...hint };
}

function syntaxHint(text: string): { hint?: string } {
  if ((text.match(/"/g)?.length ?? 0) % 2 === 1) return { hint: 'a text value is missing its closing `"`' };
  if (/'/.test(text)) return { hint: 'FEEL writes text in double quotes: `"gold"`' };
  if (/&&|\|\|/.test(text)) return { hint: 'list alternatives with commas (`"a", "b"`) and write ranges as intervals (`[5..10)`)' };
  if (/"\s+"/.test(text) || /\d\s+\d/.test(text)) return { hint: 'separate alternatives with commas: `"a", "b"`' };
  if (/\.\./.test(text)) return { hint: 'intervals are written `[1..5]`, `(1..5]` or `[1..5)`: a bracket includes the end, a parenthesis excludes it' };
  if (/not\s*\(\s*-\s*\)/.test(text)) return { hint: '`-` already means any value and cannot be negated' };
  return {};
}

/** Constructs feelin evaluates but that do not test what they appear to. */
function findMistakes(text: string, top: FeelNode): CellMistake[] {
  const mistakes: CellMistake[] = [];
  const cursor = top.cursor();
  do {
    const node = cursor.node;
    const source = text.slice(node.from, node.to);
    if (node.name === 'Conjunction' || node.name === 'Disjunction') {
      const word = node.name === 'Conjunction' ? 'and' : 'or';
      mistakes.push({
        from: node.from,
        to: node.to,
        message: `\`${word}\` does not combine tests in a cell`,
        hint: word === 'and' ? 'write a range as an interval, e.g. `[5..10)` for ">= 5 and < 10"' : 'list alternatives with commas: `"a", "b"`',
      });
      return mistakes; // the parts below are part of the same mistake
    }
    if (node.name === 'CompareOp' && node.nextSibling?.name === 'SimplePositiveUnaryTest' && node.nextSibling.firstChild?.name === 'CompareOp') {
      mistakes.push({ from: node.from, to: node.nextSibling.firstChild.to, message: `\`${text.slice(node.from, node.nextSibling.firstChild.to).replace(/\s+/g, '')}\` is not a FEEL comparison`, hint: 'FEEL compares with a single `=`; `= 5` can also be written `5`' });
    }
    if (node.name === 'CompareOp' && /[<>]/.test(source) && node.nextSibling?.name === 'BooleanLiteral') {
      mistakes.push({ from: node.from, to: node.nextSibling.to, message: `\`${source}\` cannot order yes/no values, so the test never holds`, hint: 'write `true` or `false`' });
    }
    if (node.name === 'NumericLiteral' && /\s/.test(source)) {
      mistakes.push({ from: node.from, to: node.to, message: `${quoteSnippet(source)} has a space after the minus sign, so it is not a number`, hint: `write \`${source.replace(/\s+/g, '')}\`` });
    }
    if (node.name === 'NumericLiteral' && /e/i.test(source)) {
      mistakes.push({ from: node.from, to: node.to, message: `FEEL numbers have no exponent: ${quoteSnippet(source)} is read as ${numericLiteralValue(source)}`, hint: 'write the number out in full, e.g. `1000`' });
    }
  } while (cursor.next());
  return mistakes;
}

function nextNode(node: FeelNode): FeelNode | undefined {
  let current: FeelNode | null = node;
  while (current) {
    if (current.nextSibling) return current.nextSibling;
    current = current.parent;
  }
  return undefined;
}

/** Children that carry meaning (lezer also yields anonymous punctuation tokens, which have names like `[`). */
function namedChildren(node: FeelNode): FeelNode[] {
  return allChildren(node).filter((child) => /^[A-Za-z]/.test(child.name));
}

function allChildren(node: FeelNode): FeelNode[] {
  const children: FeelNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

function quoteSnippet(snippet: string): string {
  const short = snippet.length > 24 ? `${snippet.slice(0, 24)}…` : snippet;
  return `\`${short}\``;
}
