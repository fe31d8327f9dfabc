/**
 * The YAML fast path case by case: what it reads (each time checked against
 * the yaml package, and checked to be handled, so the agreement is not
 * vacuous), what it leaves to the yaml package, and the comment-placement rules
 * that decide where block collections end.
 */
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/source/parseYaml.ts';
import { DEFAULT_LIMITS } from '../../src/source/limits.ts';
import { expectAgreement, fastPathHandles } from './fastPathAgreement.ts';

/** Expects the fast path to handle `text` and to agree with the yaml package. */
function handledAndAgrees(text: string): void {
  expect(fastPathHandles(text), `handled: ${JSON.stringify(text)}`).toBe(true);
  expectAgreement(text);
}

/** Expects the fast path to leave `text` to the yaml package (whose answer parseYaml then gives). */
function leftToYaml(text: string): void {
  expect(fastPathHandles(text), `bails: ${JSON.stringify(text)}`).toBe(false);
  expectAgreement(text);
}

describe('YAML fast path reads', () => {
  it('plain scalars typed by the YAML 1.2 core schema', () => {
    const values = [
      'null', 'Null', 'NULL', '~', 'nil', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y',
      '0', '-0', '+0', '0123', '007', '1e3', '1E3', '-1e-3', '1e', '+1', '-1', '.5', '-.5', '5.', '1.0', '1.50', '+.5e+3', '0x1F',
      '0X1F', '0x', '0o17', '0o8', '0b101', '1_000', '.inf', '-.inf', '+.INF', '.Inf', '.iNf', '.nan', '.NaN', '.NAN', 'nan', 'NaN',
      '12345678901234567890', '1e400', '-x', '--', 'a:b', 'a#b', "it's", 'say "hi"', 'é £ 😀', 'a  b', 'http://x.y/z?q=1#f',
      '{name} is', 'Hello, {name}', 'a]', '<x>', '=', '$ref',
    ];
    for (const value of values.filter((v) => !v.startsWith('{'))) handledAndAgrees(`k: ${value}\n`);
    for (const value of values) handledAndAgrees(`- "${value.replace(/"/g, '\\"')}"\n- '${value.replace(/'/g, "''")}'\n`);
  });

  it('the same scalars as keys, including keys that are not strings', () => {
    for (const key of ['null', '~', 'true', 'False', '1', '1.0', '-0', '0x10', '0o7', '1e3', '.inf', '.nan', 'key with spaces', 'a:b', "it's"]) {
      handledAndAgrees(`${key}: v\nother: w\n`);
    }
    handledAndAgrees('"": empty key\n\'x y\': 1\n"a: b": 2\n"#": 3\n');
  });

  it('quoted scalars with indicators, escapes and spaces inside', () => {
    handledAndAgrees(`a: "x: y # z"\nb: 'it''s: # here'\nc: "\\u00e9\\n\\t\\x41\\U0001F600 \\" \\\\ \\/ \\0 \\e \\N \\_ \\L \\P \\ "\nd: "  padded  "\ne: ''\nf: ""\n`);
  });

  it('trailing spaces, trailing comments, blank lines with spaces, CRLF, no final newline', () => {
    handledAndAgrees('a: 1   \nb: two  # comment\n   \n\nc:\n  - x # c\n  - "y"   # c\n');
    handledAndAgrees('a: 1\r\nb:\r\n  c: [x, y]\r\n  d: |\r\n    line\r\n\r\n    more\r\n');
    handledAndAgrees('a: 1\nb: end');
    handledAndAgrees('a:\n  - x\n  - y');
  });

  it('several spaces after indicators, and comments on a key line before its block', () => {
    handledAndAgrees('a:    x\nb:   [x]\nc:   "q"\nd:   |\n  text\ne:\n-    y\n-    k:   v\n     j:  w\n');
    handledAndAgrees('nodes: # all nodes\n  a: 1\nlist: # items\n  - x\n');
  });

  it('empty values, in mappings and sequences', () => {
    handledAndAgrees('a:\nb:   \nc:\n\nd:\n');
    handledAndAgrees('- \n-\n- x\n-');
    handledAndAgrees('a:\n  b:\n  c: 1\nd:');
    // A comment kept by the value or inner sequence before an empty item does not reach it.
    handledAndAgrees('- a\n  # c\n- \n');
    handledAndAgrees('-\n  - a\n  # c\n- \n');
  });

  it('nested block collections, compact mappings and sequences at their key’s indent', () => {
    handledAndAgrees('a:\n  b:\n    c: 1\n  d:\n  - e\n  - f: g\n    h: i\n  -\n    j: k\nl:\n- x\n');
    handledAndAgrees('-   a: 1\n    b: 2\n-\n  - nested\n  -   deeper: yes\n');
    handledAndAgrees('   a: 1\n   b:\n      c: 2\n');
  });

  it('flow collections on one line', () => {
    handledAndAgrees('a: []\nb: {}\nc: [x, "y", \'z\', 1, ~, [n, [m]], { k: v }]\nd: { k: v, "q k": [1, 2], e: {}, f: -1 }  # c\n');
    handledAndAgrees('- { name: score, type: number, min: 0, max: 1 }\n- { tier: \'"private"\', score: ">= 0.8" }\n- [a b, c:d, http://x]\n');
  });

  it('block scalars with every chomping indicator', () => {
    for (const header of ['|', '|-', '|+', '>', '>-', '>+']) {
      handledAndAgrees(`a: ${header}\n  one\n  two\n\n    indented\n  three\n\n\nb: ${header}  # note\n  x`);
      handledAndAgrees(`- ${header}\n  line one\n  line two\n-   k: ${header}\n      v\n    j: 1\n`);
      handledAndAgrees(`a: ${header}\n  last\n\n`);
      handledAndAgrees(`a: ${header}\n  last`);
    }
  });

  it('real-looking flows', () => {
    handledAndAgrees(`kind: flow
version: 1
id: balance
description: >-
  Tells a verified customer their balance.
tags: [accounts, identity]

# The intents this flow answers.
intents:
  check_balance:
    examples:
      - "what's my balance"
      - how much money have I got   # plain is fine too

nodes:
  check_identity:
    decide: identity_check
    routes: { proceed: look_up, verify: send_code }
    # trailing note at the node's indent
  look_up:
    say: "Your balance is £{balance}."
    end: resolved
      # a deeper note
`);
  });
});

describe('YAML fast path leaves to the yaml package', () => {
  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['document markers', '---\na: 1\n'],
    ['document end markers', 'a: 1\n...\n'],
    ['directives', '%YAML 1.2\n---\na: 1\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['multi-line flow collections', 'a: [1,\n  2]\n'],
    ['explicit keys', '? a\n: 1\n'],
    ['flow collections as keys', '[a]: 1\n'],
    ['tabs', 'a:\tb\n'],
    ['tab indentation', 'a:\n\tb: 1\n'],
    ['a carriage return alone', 'a: 1\rb: 2\n'],
    ['a byte order mark inside', 'a: \ufeff1\n'],
    ['duplicate keys', 'a: 1\nb: 2\na: 3\n'],
    ['keys equal as data', '1: a\n"1": b\n'],
    ['reserved keys', '__proto__: 1\nok: 2\n'],
    ['constructor', 'constructor: 1\n'],
    ['merge keys', '<<: {a: 1}\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a nested mapping on the key line', 'a: b: c\n'],
    ['a sequence on the key line', 'a: - b\n'],
    ['nested sequences on one line', '- - a\n'],
    ['a space before the colon', 'a : 1\n'],
    ['a comment after an empty value', 'a: # nothing\nb: 1\n'],
    ['a comment line after an empty value', 'a:\n# nothing\nb: 1\n'],
    // The property test found these: the yaml package stretches the sequence's span over the line break.
    ['an empty last item after a comment line', '- z\n# c\n-\n'],
    ['an empty first item after a comment line', 'k:\n# c\n-\n'],
    ['an empty last item after a comment line, nested', 'k:\n  - z\n  # c\n  -\nm: 1\n'],
    ['an empty last item after a comment an inner sequence left', '-\n  - a\n # c\n- \n'],
    ['an empty last item after a comment a block scalar left', '- |\n   - a\n  # c\n- \n'],
    ['an empty block scalar', 'a: |\nb: 1\n'],
    ['an indentation indicator', 'a: |2\n   x\n'],
    ['a blank line deeper than a block scalar', 'a: |\n  x\n     \n  y\n'],
    ['invalid escapes', 'a: "\\q"\n'],
    ['a comment glued to a quoted scalar', 'a: "x"#c\n'],
    ['trailing commas', 'a: [1, 2, ]\n'],
    ['pairs in flow sequences', 'a: [k: v]\n'],
    ['empty flow values', 'a: {k: }\n'],
    ['a scalar document', 'just text\n'],
    ['a flow document', '{a: 1}\n'],
    ['an empty document', '# only a comment\n'],
    ['empty text', ''],
    ['syntax errors', 'a: [unclosed\n'],
    ['plain scalars starting with indicators', 'a: @x\n'],
  ])('%s', (_name, text) => leftToYaml(text));

  it('over-deep nesting, under the same limit', () => {
    let text = '';
    for (let depth = 0; depth < 70; depth++) text += `${' '.repeat(depth)}k${depth}:\n`;
    text += `${' '.repeat(70)}leaf: 1\n`;
    leftToYaml(text);
    expect(parseYaml('deep.yaml', text).diagnostics.map((d) => d.code)).toEqual(['CQ105']);
    // Just inside the limit the fast path still reads it.
    let ok = '';
    for (let depth = 0; depth < 63; depth++) ok += `${' '.repeat(depth)}k${depth}:\n`;
    handledAndAgrees(`${ok}${' '.repeat(63)}leaf: 1\n`);
  });

  it('over-deep flow collections, under the same limit', () => {
    for (let depth = 60; depth <= 66; depth++) {
      const text = `a: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
      expect(fastPathHandles(text), `depth ${depth}`).toBe(depth <= 63); // the scalar sits at depth depth + 1; the limit is 64
      expectAgreement(text);
    }
  });

  it('implicit keys near the 1024-character limit', () => {
    for (const length of [900, 1000, 1001, 1024, 1025, 1100]) expectAgreement(`${'k'.repeat(length)}: v\n`);
    expect(fastPathHandles(`${'k'.repeat(1000)}: v\n`)).toBe(true);
  });

  it('documents over the value budget of custom limits', () => {
    const text = Array.from({ length: 30 }, (_, i) => `k${i}: ${i}`).join('\n');
    const limits = { ...DEFAULT_LIMITS, maxExpansionFactor: 0 };
    expect(fastPathHandles(text, limits)).toBe(true);
    const long = Array.from({ length: 10_001 }, (_, i) => `- ${i}`).join('\n');
    expect(fastPathHandles(long, limits)).toBe(false);
    expectAgreement(long, { limits, thoroughness: 'sample' });
  });
});

/**
 * Where a block collection ends depends on which comment lines the yaml
 * package's CST parser attaches to it. Every comment placement in these
 * documents, at every indent, alone or with blank lines: same spans.
 */
describe('YAML fast path places comments like the yaml package', () => {
  const BASES = [
    'a:\n  b:\n    c: 1\n    d: [x]\n  e:\n    - f\n    - g: h\n      i: "j"\n  k: |\n    text\nl: 2\n',
    '- a: 1\n  b:\n  - c\n  - d: e\n- f\n-\n  - g\n',
    'x:\n  y:\n    z:\n      w: deep\n',
  ];
  const INSERTS: string[] = [];
  for (let i = 0; i <= 8; i++) {
    INSERTS.push(`${' '.repeat(i)}# c\n`, `\n${' '.repeat(i)}# c\n`, `${' '.repeat(i)}# c\n\n`, `${' '.repeat(i)}# c\n${' '.repeat(i)}\n`);
    for (let j = 0; j <= 8; j += 2) INSERTS.push(`${' '.repeat(i)}# c\n${' '.repeat(j)}# d\n`);
  }

  it.each(BASES.map((base, i) => [i, base] as const))('document %i', (_i, base) => {
    const lines = base.split(/(?<=\n)/);
    let handled = 0;
    let total = 0;
    for (let at = 0; at <= lines.length; at++) {
      for (const insert of INSERTS) {
        const text = [...lines.slice(0, at), insert, ...lines.slice(at)].join('');
        total++;
        if (expectAgreement(text)) handled++;
        const noFinalNewline = text.replace(/\n$/, '');
        if (expectAgreement(noFinalNewline)) handled++;
        total++;
      }
    }
    // Comments inside block scalars or after empty values bail; most placements must not.
    expect(handled / total).toBeGreaterThan(0.6);
  });
});
