import { bail } from './bail.ts';
import { readBlockScalar } from './blockScalar.ts';
import { addEntry } from './entries.ts';
import { FastNode } from './fastIndex.ts';
import { FlowReader } from './flowCollection.ts';
import type { NodeBudget } from './nodeBudget.ts';
import { closeDoubleQuote, closeSingleQuote, doubleQuotedValue, plainCanStart, resolvePlain, singleQuotedValue } from './scalars.ts';
import { BLANK, COMMENT, CONTENT, type LineTable } from './scanLines.ts';

/**
 * Composes the block structure of a document (mappings, sequences, compact
 * `- key: value` mappings) line by line, from indentation alone. Every line
 * must fit where it is: a key line at its mapping's indent, a `- ` line at its
 * sequence's indent, nothing deeper than expected. Anything else bails.
 *
 * Spans. Most spans are intrinsic (a scalar's source, a flow collection's
 * brackets). A block collection's span, though, ends where the yaml package's
 * CST parser put the end of its last value (`range[2]`), and that includes
 * some of the blank and comment lines after it. This composer reproduces the
 * two rules involved (yaml/dist/parse/parser.js):
 *   1. Comment lines right after a flow value (plain, quoted or flow
 *      collection), indented deeper than its collection, with only blank lines
 *      between, belong to that value (`atIndentedComment`).
 *   2. The remaining blank and comment lines before the next content line,
 *      including that line's indentation, stay with the innermost collection
 *      that ends there and has a comment at least as indented as itself and is
 *      not at column 0; otherwise they pass outwards (`pop`, "last" item).
 * An empty value followed by a comment bails (its span would include it).
 */
export class BlockComposer {
  /** Data of the value composed last. */
  private data: unknown = undefined;
  /** The yaml package's `range[2]` of the value composed last. */
  private fullEnd = 0;
  /** First content line after the value composed last (`count` at the end). */
  private line = 0;
  /** Trivia waiting for rule 2: its deepest comment indent (-1: no comment) and its end. */
  private pendingIndent = -1;
  private pendingEnd = 0;
  /** The `:` of the key read last. */
  private colon = 0;
  private readonly flow: FlowReader;

  constructor(
    private readonly text: string,
    private readonly lines: LineTable,
    private readonly budget: NodeBudget,
  ) {
    this.flow = new FlowReader(text, budget);
  }

  /** The document's data and root node; the root must be a block mapping or sequence. */
  compose(): { data: unknown; root: FastNode } {
    const { count, start, indent } = this.lines;
    const first = this.afterTrivia(0);
    if (first === count) bail();
    const n = indent[first]!;
    const root = this.isSeqItem(first) ? this.seq(first, n, 0) : this.map(first, start[first]! + n, n, 0);
    if (this.line < count) bail(); // content left over, less indented than the root
    return { data: this.data, root };
  }

  /** A block mapping indented `n` whose first key is at `at` on `line`. */
  private map(line: number, at: number, n: number, depth: number): FastNode {
    this.budget.take(depth);
    const { count, start, end, indent } = this.lines;
    const node = new FastNode(at, 0, [], [], []);
    const out: Record<string, unknown> = {};
    for (;;) {
      const key = this.key(at, end[line]!);
      const colon = this.colon;
      const child = this.mapValue(line, colon, n, depth + 1);
      addEntry(out, node, key, at, colon, this.data, child);
      const next = this.line;
      if (next < count && indent[next] === n) {
        this.pendingIndent = -1; // the trivia opens the next entry
        line = next;
        at = start[next]! + n;
        continue;
      }
      if (next < count && indent[next]! > n) bail();
      break;
    }
    node.end = this.fullEnd;
    this.finish(node, n);
    this.data = out;
    return node;
  }

  /** A block sequence indented `n` whose first `-` starts `line`. */
  private seq(line: number, n: number, depth: number): FastNode {
    this.budget.take(depth);
    const { count, start, indent } = this.lines;
    const node = new FastNode(start[line]! + n, 0, undefined, undefined, []);
    const out: unknown[] = [];
    // The first item: a comment line right before it; the others: trivia with a comment nothing kept.
    let afterComment = this.afterOwnComment(line, n);
    for (;;) {
      const child = this.seqItem(line, start[line]! + n, n, depth + 1, afterComment);
      out.push(this.data);
      node.children!.push(child);
      const next = this.line;
      if (next < count && indent[next] === n && this.isSeqItem(next)) {
        // Trivia with a comment that no inner collection kept opens the next item.
        afterComment = this.pendingIndent >= 0;
        this.pendingIndent = -1;
        line = next;
        continue;
      }
      if (next < count && indent[next]! > n) bail();
      break; // less indented, or a key of the mapping this sequence is the value of
    }
    node.end = this.fullEnd;
    this.finish(node, n);
    this.data = out;
    return node;
  }

  /** Rule 2, as a collection indented `n` ends. */
  private finish(node: FastNode, n: number): void {
    if (this.pendingIndent >= 0 && n > 0 && this.pendingIndent >= n) {
      this.fullEnd = this.pendingEnd;
      this.pendingIndent = -1;
    } else {
      this.fullEnd = node.end;
    }
  }

  /** The value after the `:` at `colon`, in a mapping indented `n`. */
  private mapValue(line: number, colon: number, n: number, depth: number): FastNode {
    const lineEnd = this.lines.end[line]!;
    let p = colon + 1;
    while (p < lineEnd && this.text.charCodeAt(p) === 0x20) p++;
    if (p < lineEnd && this.text.charCodeAt(p) !== 0x23) return this.leaf(line, p, n, depth);
    const commented = p < lineEnd;
    const next = this.nextContent(line + 1);
    if (next < this.lines.count) {
      const inner = this.lines.indent[next]!;
      if (inner > n) return this.nested(next, inner, depth);
      // `key:` followed by `- item` lines at the key's own indent.
      if (inner === n && this.isSeqItem(next)) return this.seq(next, n, depth);
    }
    return this.empty(p, commented, line, next, depth);
  }

  /**
   * The item after the `-` at `dash`, in a sequence indented `n`;
   * `afterComment`: the trivia before it holds a comment no value before it kept.
   */
  private seqItem(line: number, dash: number, n: number, depth: number, afterComment: boolean): FastNode {
    const text = this.text;
    const lineEnd = this.lines.end[line]!;
    let p = dash + 1;
    while (p < lineEnd && text.charCodeAt(p) === 0x20) p++;
    if (p < lineEnd && text.charCodeAt(p) !== 0x23) {
      if (text.charCodeAt(p) === 0x2d && (p + 1 >= lineEnd || text.charCodeAt(p + 1) === 0x20)) bail(); // `- - x`
      if (this.startsKey(p, lineEnd)) return this.map(line, p, p - this.lines.start[line]!, depth);
      return this.leaf(line, p, n, depth);
    }
    const commented = p < lineEnd;
    const next = this.nextContent(line + 1);
    if (next < this.lines.count && this.lines.indent[next]! > n) return this.nested(next, this.lines.indent[next]!, depth);
    // The yaml package stretches the sequence's span over an empty item's line break then (see afterOwnComment).
    if (afterComment) bail();
    return this.empty(p, commented, line, next, depth);
  }

  /**
   * Whether the line before the `-` on `line` (blank lines skipped) is a
   * comment no deeper than the sequence: for a sequence's first item. The
   * yaml package then stretches the span of a sequence whose last item is
   * that empty one over the line break and blank lines after it (found by the
   * property test: `k:\n# c\n-\n`). For later items the seq loop knows it
   * from the trivia: a comment no value before the item kept, at any indent
   * (`- z\n# c\n-\n`, `-\n  - a\n # c\n- \n`, `- |\n   a\n  # c\n- \n`).
   * An empty item there is rare enough to leave to the yaml package.
   */
  private afterOwnComment(line: number, n: number): boolean {
    let k = line - 1;
    while (k >= 0 && this.lines.kind[k] === BLANK) k--;
    return k >= 0 && this.lines.kind[k] === COMMENT && this.lines.indent[k]! <= n;
  }

  /** A mapping or sequence starting on `line`, indented `n`. */
  private nested(line: number, n: number, depth: number): FastNode {
    return this.isSeqItem(line) ? this.seq(line, n, depth) : this.map(line, this.lines.start[line]! + n, n, depth);
  }

  /**
   * An empty value (null). The yaml package places it after the indicator and
   * the spaces after it; a comment after it would stretch its `range[2]`, so bail.
   */
  private empty(at: number, commented: boolean, line: number, next: number, depth: number): FastNode {
    this.budget.take(depth);
    if (commented) bail();
    for (let k = line + 1; k < next; k++) if (this.lines.kind[k] === COMMENT) bail();
    this.line = next;
    this.pendingIndent = -1;
    this.data = null;
    this.fullEnd = at;
    return new FastNode(at, at);
  }

  /** A scalar, flow collection or block scalar starting at `at` on `line`, in a collection indented `n`. */
  private leaf(line: number, at: number, n: number, depth: number): FastNode {
    this.budget.take(depth);
    const text = this.text;
    const lineEnd = this.lines.end[line]!;
    const c = text.charCodeAt(at);
    let node: FastNode;
    if (c === 0x5b || c === 0x7b) {
      node = this.flow.collection(at, lineEnd, depth);
      this.data = this.flow.data;
      this.restOfLine(node.end, lineEnd);
    } else if (c === 0x22 || c === 0x27) {
      const close = c === 0x22 ? closeDoubleQuote(text, at, lineEnd) : closeSingleQuote(text, at, lineEnd);
      if (close === -1) bail(); // multi-line, or not closed
      this.data = c === 0x22 ? doubleQuotedValue(text, at, close) : singleQuotedValue(text, at, close);
      node = new FastNode(at, close + 1);
      this.restOfLine(close + 1, lineEnd);
    } else if (c === 0x7c || c === 0x3e) {
      const scalar = readBlockScalar(text, this.lines, line, at, n);
      this.data = scalar.value;
      // A block scalar has no end tokens: no trivia joins it (rule 1 does not apply).
      this.fullEnd = scalar.end;
      this.afterTrivia(scalar.lastLine + 1);
      return new FastNode(at, scalar.end);
    } else {
      if (!plainCanStart(text, at, lineEnd, false)) bail();
      let last = at;
      for (let i = at; i < lineEnd; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 0x20) {
          if (text.charCodeAt(i + 1) === 0x23) break; // ` #`: a comment
          continue;
        }
        // `: ` inside a value would open a nested mapping on the key's line: an error.
        if (ch === 0x3a && (i + 1 >= lineEnd || text.charCodeAt(i + 1) === 0x20)) bail();
        last = i + 1;
      }
      this.data = resolvePlain(text.slice(at, last));
      node = new FastNode(at, last);
    }
    this.absorbComments(line, n);
    return node;
  }

  /**
   * Rule 1 for a flow value ending `line` in a collection indented `n`: sets
   * its `range[2]`, then collects the rest of the trivia for rule 2. Plain and
   * quoted scalars continuing on the next line leave a deeper content line
   * behind, which the caller bails on.
   */
  private absorbComments(line: number, n: number): void {
    const { count, kind, indent, next } = this.lines;
    let fullEnd = next[line]!;
    let rest = line + 1;
    for (let k = line + 1; k < count; k++) {
      const lineKind = kind[k];
      if (lineKind === CONTENT) break;
      if (lineKind === COMMENT) {
        if (indent[k]! <= n) break;
        fullEnd = next[k]!;
        rest = k + 1;
      }
    }
    this.fullEnd = fullEnd;
    this.afterTrivia(rest);
  }

  /** Skips trivia from line `from`, noting it for rule 2; returns (and remembers) the next content line. */
  private afterTrivia(from: number): number {
    const { count, kind, indent, start } = this.lines;
    let deepest = -1;
    let k = from;
    for (; k < count && kind[k] !== CONTENT; k++) {
      if (kind[k] === COMMENT && indent[k]! > deepest) deepest = indent[k]!;
    }
    this.line = k;
    this.pendingIndent = deepest;
    this.pendingEnd = k < count ? start[k]! + indent[k]! : this.text.length;
    return k;
  }

  private nextContent(from: number): number {
    const { count, kind } = this.lines;
    while (from < count && kind[from] !== CONTENT) from++;
    return from;
  }

  /** After a value: only spaces, then perhaps a comment (which needs a space before it). */
  private restOfLine(at: number, lineEnd: number): void {
    const from = at;
    while (at < lineEnd && this.text.charCodeAt(at) === 0x20) at++;
    if (at < lineEnd && (at === from || this.text.charCodeAt(at) !== 0x23)) bail();
  }

  /** Whether `line` is a sequence entry: `-` then a space or the end of the line. */
  private isSeqItem(line: number): boolean {
    const at = this.lines.start[line]! + this.lines.indent[line]!;
    if (this.text.charCodeAt(at) !== 0x2d) return false;
    return at + 1 >= this.lines.end[line]! || this.text.charCodeAt(at + 1) === 0x20;
  }

  /** Whether a `- ` entry's content at `at` is a `key: value` (a compact mapping). */
  private startsKey(at: number, lineEnd: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 0x22 || c === 0x27) {
      const close = c === 0x22 ? closeDoubleQuote(text, at, lineEnd) : closeSingleQuote(text, at, lineEnd);
      if (close === -1) bail();
      return text.charCodeAt(close + 1) === 0x3a && (close + 2 >= lineEnd || text.charCodeAt(close + 2) === 0x20);
    }
    if (!plainCanStart(text, at, lineEnd, false)) return false;
    for (let i = at; i < lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x20 && text.charCodeAt(i + 1) === 0x23) return false;
      if (ch === 0x3a && (i + 1 >= lineEnd || text.charCodeAt(i + 1) === 0x20)) return true;
    }
    return false;
  }

  /** A block mapping key at `at`: its value, with `this.colon` at its `:`. */
  private key(at: number, lineEnd: number): string | number | boolean | null {
    const text = this.text;
    const c = text.charCodeAt(at);
    let value: string | number | boolean | null;
    let colon = -1;
    if (c === 0x22 || c === 0x27) {
      const close = c === 0x22 ? closeDoubleQuote(text, at, lineEnd) : closeSingleQuote(text, at, lineEnd);
      if (close === -1) bail();
      value = c === 0x22 ? doubleQuotedValue(text, at, close) : singleQuotedValue(text, at, close);
      colon = close + 1;
      if (text.charCodeAt(colon) !== 0x3a) bail();
    } else {
      if (!plainCanStart(text, at, lineEnd, false)) bail();
      for (let i = at; i < lineEnd; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 0x20) {
          const next = text.charCodeAt(i + 1);
          if (next === 0x23 || next === 0x3a) bail(); // a comment before any `:`, or `key :`
          continue;
        }
        if (ch === 0x3a && (i + 1 >= lineEnd || text.charCodeAt(i + 1) === 0x20)) {
          colon = i;
          break;
        }
      }
      if (colon === -1) bail(); // not a key line
      value = resolvePlain(text.slice(at, colon));
    }
    if (colon + 1 < lineEnd && text.charCodeAt(colon + 1) !== 0x20) bail();
    if (colon - at > 1000) bail(); // the yaml package limits implicit keys to 1024 characters
    this.colon = colon;
    return value;
  }
}
