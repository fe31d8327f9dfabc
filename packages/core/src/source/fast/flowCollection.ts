import { bail } from './bail.ts';
import { addEntry } from './entries.ts';
import { FastNode } from './fastIndex.ts';
import type { NodeBudget } from './nodeBudget.ts';
import {
  closeDoubleQuote,
  closeSingleQuote,
  doubleQuotedValue,
  isFlowIndicator,
  plainCanStart,
  resolvePlain,
  singleQuotedValue,
} from './scalars.ts';

/**
 * Reads `[a, b]` and `{ k: v }` (nested freely) that open and close on one
 * line: items are plain or quoted scalars or further flow collections; keys are
 * plain or quoted scalars followed by `: `. Bails on anything else: empty or
 * trailing entries, `k: v` pairs inside `[…]`, `?`, comments, a `:` glued to a
 * quoted key, a collection continuing on the next line.
 *
 * Ranges follow the yaml package: a collection spans its brackets, a scalar its
 * source (quotes included, trailing spaces of a plain scalar excluded).
 */
export class FlowReader {
  /** The data of the value read last. */
  data: unknown;
  /** Offset just after the value read last. */
  end = 0;

  constructor(
    private readonly text: string,
    private readonly budget: NodeBudget,
  ) {}

  /** A flow collection at `open` (`[` or `{`), counted as one value at `depth` by the caller. */
  collection(open: number, lineEnd: number, depth: number): FastNode {
    const text = this.text;
    const isMap = text.charCodeAt(open) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const node = isMap ? new FastNode(open, 0, [], [], []) : new FastNode(open, 0, undefined, undefined, []);
    const map: Record<string, unknown> = {};
    const seq: unknown[] = [];
    let i = this.skipSpaces(open + 1, lineEnd);
    if (text.charCodeAt(i) === close && i < lineEnd) {
      node.end = this.end = i + 1;
      this.data = isMap ? map : seq;
      return node;
    }
    for (;;) {
      if (isMap) {
        const keyStart = i;
        const key = this.key(i, lineEnd);
        const keyEnd = this.end;
        // `this.end` is at the `:`, which is followed by a space.
        const child = this.item(this.skipSpaces(keyEnd + 1, lineEnd), lineEnd, depth + 1);
        addEntry(map, node, key, keyStart, keyEnd, this.data, child);
      } else {
        const child = this.item(i, lineEnd, depth + 1);
        seq.push(this.data);
        node.children!.push(child);
      }
      i = this.skipSpaces(this.end, lineEnd);
      if (i >= lineEnd) bail();
      const c = text.charCodeAt(i);
      if (c === 0x2c /* , */) {
        i = this.skipSpaces(i + 1, lineEnd);
        if (i >= lineEnd || text.charCodeAt(i) === close) bail(); // a trailing comma
        continue;
      }
      if (c !== close) bail();
      node.end = this.end = i + 1;
      this.data = isMap ? map : seq;
      return node;
    }
  }

  /** One item (or mapping value) at `at`. */
  private item(at: number, lineEnd: number, depth: number): FastNode {
    this.budget.take(depth);
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 0x5b || c === 0x7b) return this.collection(at, lineEnd, depth);
    if (c === 0x22 || c === 0x27) {
      const closeAt = c === 0x22 ? closeDoubleQuote(text, at, lineEnd) : closeSingleQuote(text, at, lineEnd);
      if (closeAt === -1) bail();
      this.data = c === 0x22 ? doubleQuotedValue(text, at, closeAt) : singleQuotedValue(text, at, closeAt);
      this.end = closeAt + 1;
      return new FastNode(at, this.end);
    }
    if (!plainCanStart(text, at, lineEnd, true)) bail();
    let last = at;
    for (let i = at; i < lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (isFlowIndicator(ch)) break;
      if (ch === 0x20) {
        if (text.charCodeAt(i + 1) === 0x23) bail(); // ` #` starts a comment inside the flow
        continue;
      }
      if (ch === 0x3a /* : */) {
        const next = text.charCodeAt(i + 1);
        if (i + 1 >= lineEnd || next === 0x20 || isFlowIndicator(next)) bail(); // a `k: v` pair, or an empty value
      }
      last = i + 1;
    }
    this.data = resolvePlain(text.slice(at, last));
    this.end = last;
    return new FastNode(at, last);
  }

  /** A mapping key at `at`; leaves `this.end` at its `:`, which must be followed by a space. */
  private key(at: number, lineEnd: number): string | number | boolean | null {
    const text = this.text;
    const c = text.charCodeAt(at);
    let value: string | number | boolean | null;
    let colon: number;
    if (c === 0x22 || c === 0x27) {
      const closeAt = c === 0x22 ? closeDoubleQuote(text, at, lineEnd) : closeSingleQuote(text, at, lineEnd);
      if (closeAt === -1) bail();
      value = c === 0x22 ? doubleQuotedValue(text, at, closeAt) : singleQuotedValue(text, at, closeAt);
      colon = closeAt + 1;
      if (text.charCodeAt(colon) !== 0x3a) bail();
    } else {
      if (!plainCanStart(text, at, lineEnd, true)) bail();
      colon = -1;
      for (let i = at; i < lineEnd; i++) {
        const ch = text.charCodeAt(i);
        if (isFlowIndicator(ch)) bail(); // a key without a value
        if (ch === 0x20) {
          const next = text.charCodeAt(i + 1);
          if (next === 0x23 || next === 0x3a) bail(); // a comment, or a space before the `:`
          continue;
        }
        if (ch === 0x3a) {
          const next = text.charCodeAt(i + 1);
          if (next === 0x20) {
            colon = i;
            break;
          }
          if (i + 1 >= lineEnd || isFlowIndicator(next)) bail();
        }
      }
      if (colon === -1) bail();
      value = resolvePlain(text.slice(at, colon));
    }
    if (colon + 1 >= lineEnd || text.charCodeAt(colon + 1) !== 0x20) bail();
    if (colon - at > 1000) bail(); // the yaml package limits implicit keys to 1024 characters
    this.end = colon;
    return value;
  }

  private skipSpaces(at: number, lineEnd: number): number {
    while (at < lineEnd && this.text.charCodeAt(at) === 0x20) at++;
    return at;
  }
}
