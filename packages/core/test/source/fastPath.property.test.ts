/**
 * Random documents against both parsers: the fast path must either bail or
 * give exactly the yaml package's data, diagnostics and positions. Documents
 * are built from the subset the fast path reads (and its borders: tricky
 * scalars, comments at every indent, blank lines with spaces, CRLF, no final
 * newline), and from random edits of real files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAgreement } from './fastPathAgreement.ts';

/** Multiplies the number of runs: `FAST_PATH_RUNS=20 npx vitest run --project core fastPath.property` searches deeper. */
const RUNS = Number(process.env['FAST_PATH_RUNS'] ?? 1);

/** Scalars that sit on the borders of YAML typing and syntax. */
const TRICKY = [
  'a', 'hello world', 'null', 'Null', 'NULL', '~', 'nul', 'true', 'True', 'TRUE', 'tRue', 'false', 'FALSE', 'yes', 'no', 'on', 'off',
  '0', '-0', '+0', '0123', '007', '1e3', '1E3', '1e', '+1', '-1', '.5', '-.5', '5.', '1.0', '1.50', '+.5e-3', '0x1F', '0X1F', '0x', '0o17',
  '0o8', '0b101', '1_000', '.inf', '-.inf', '+.INF', '.Inf', '.nan', '.NaN', '.NAN', 'nan', 'inf', '12345678901234567890', '1e400',
  '-', '--', '-x', '- x', '?', '? x', '?x', ':', ':x', 'a:b', 'a: b', 'a:', 'a #b', 'a#b', '#', "it's", 'say "hi"', '"', "'", "''",
  '@x', '`x', '%x', '!x', '!!str x', '&a x', '*a', '[a', 'a]', '[a]', '{a}', 'a, b', ',', '|', '>', '|-', 'é', '£5', 'a  b',
  'http://x.y/z?q=1#f', 'x ', ' x', '', '\\', '\\n', 'line\nbreak', 'a\tb', '<<', '__proto__', 'constructor', 'toString', '1', '2',
  'a b: c', '---', '...', '- - x', '{{name}}', '{name} is here', 'Hello, {name}', '\u00e9\n', 'a\r', '\u2028', '😀',
];

/** Texts that are valid plain scalars and keys almost everywhere: what real files mostly hold. */
const EVERYDAY = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_ .'()?!£-]{0,20}[a-z0-9)]$/),
  fc.constantFrom('null', '~', 'true', 'False', '0', '-0', '12', '+1', '0x1F', '0o17', '1e3', '.5', '1.50', '-.inf', '.NaN', 'yes', "it's", 'é', 'a#b', 'a:b', 'Hello {name}'),
);

const trickyText = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_ .-]{0,10}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'grapheme' }) },
);

type Style = 'plain' | 'single' | 'double' | 'literal' | 'folded';
interface ScalarNode {
  readonly t: 'scalar';
  readonly text: string;
  readonly style: Style;
  readonly chomp: '' | '-' | '+';
  readonly escapes: number;
}
interface MapNode {
  readonly t: 'map';
  readonly entries: readonly (readonly [ScalarNode, DocNode])[];
  readonly flow: boolean;
}
interface SeqNode {
  readonly t: 'seq';
  readonly items: readonly DocNode[];
  readonly flow: boolean;
  /** As a mapping value: `- ` lines at the key's own indent. */
  readonly sameIndent: boolean;
}
type DocNode = ScalarNode | MapNode | SeqNode;

const scalar = (text: fc.Arbitrary<string>, styles: Style[]): fc.Arbitrary<ScalarNode> =>
  fc.record({
    t: fc.constant('scalar' as const),
    text,
    style: fc.constantFrom(...styles),
    chomp: fc.constantFrom('' as const, '-' as const, '+' as const),
    escapes: fc.nat(),
  });

const trees = (text: fc.Arbitrary<string>) => fc.letrec<{ node: DocNode; map: MapNode; seq: SeqNode; leaf: ScalarNode }>((tie) => ({
  leaf: scalar(text, ['plain', 'plain', 'plain', 'single', 'double', 'double', 'literal', 'folded']),
  map: fc.record({
    t: fc.constant('map' as const),
    entries: fc.array(fc.tuple(scalar(text, ['plain', 'plain', 'plain', 'single', 'double']), tie('node')), { minLength: 1, maxLength: 4 }),
    flow: fc.boolean(),
  }),
  seq: fc.record({
    t: fc.constant('seq' as const),
    items: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
    flow: fc.boolean(),
    sameIndent: fc.boolean(),
  }),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('leaf'), tie('map'), tie('seq')),
}));

/** A double-quoted rendering with some characters written as escapes (valid or not). */
function doubleQuoted(text: string, escapes: number): string {
  let out = JSON.stringify(text).slice(1, -1);
  const kinds = ['\\x41', '\\u00e9', '\\U0001F600', '\\/', '\\e', '\\N', '\\_', '\\ ', '\\q', '\\x4', '\\u12', '\\UFFFFFFFF', '\\"', "'"];
  if (escapes % 3 === 0) out += kinds[escapes % kinds.length];
  return `"${out}"`;
}

/** A scalar on one line; block-scalar styles (not allowed in keys and flows) are written plain there. */
function renderInline(node: ScalarNode): string {
  if (node.style === 'single') return `'${node.text.replace(/'/g, "''")}'`;
  if (node.style === 'double') return doubleQuoted(node.text, node.escapes);
  return node.text;
}

function renderFlow(node: DocNode): string {
  if (node.t === 'scalar') return renderInline(node);
  if (node.t === 'seq') return `[${node.items.map(renderFlow).join(', ')}]`;
  return `{ ${node.entries.map(([k, v]) => `${renderInline(k)}: ${renderFlow(v)}`).join(', ')} }`;
}

/**
 * Renders `node` as the value after `head` (a `key:` or `-` already written at
 * `indent`), returning the lines. `step` is the indentation width.
 */
function renderValue(head: string, node: DocNode, indent: number, step: number): string[] {
  const pad = ' '.repeat(indent);
  if (node.t === 'scalar') {
    if (node.style === 'literal' || node.style === 'folded') {
      const body = node.text.split('\n').map((line) => (line === '' ? '' : ' '.repeat(indent + step) + line));
      return [`${pad}${head} ${node.style === 'literal' ? '|' : '>'}${node.chomp}`, ...body];
    }
    return [`${pad}${head} ${renderInline(node)}`];
  }
  if (node.flow) return [`${pad}${head} ${renderFlow(node)}`];
  // A sequence may sit at its key's own indent.
  const inner = node.t === 'seq' && node.sameIndent && head !== '-' ? indent : indent + step;
  return [`${pad}${head}`, ...renderBlock(node, inner, step)];
}

/** Renders a block mapping or sequence at `indent`. */
function renderBlock(node: MapNode | SeqNode, indent: number, step: number): string[] {
  const pad = ' '.repeat(indent);
  if (node.t === 'map') return node.entries.flatMap(([key, value]) => renderValue(`${renderInline(key)}:`, value, indent, step));
  return node.items.flatMap((item) => {
    // A block mapping item is written compact (`- k: v` then the rest under it).
    if (item.t === 'map' && !item.flow) {
      const lines = renderBlock(item, indent + 2, step);
      return [`${pad}- ${lines[0]!.slice(indent + 2)}`, ...lines.slice(1)];
    }
    return renderValue('-', item, indent, step);
  });
}

/** Blank and comment lines, trailing comments, CRLF and a missing final newline, placed by `noise`. */
function decorate(lines: string[], noise: readonly number[], crlf: boolean, finalNewline: boolean): string {
  const out = [...lines];
  for (const n of noise) {
    const at = n % (out.length + 1);
    switch (n % 7) {
      case 0:
        out.splice(at, 0, '');
        break;
      case 1:
        out.splice(at, 0, ' '.repeat(n % 9));
        break;
      case 2:
      case 3:
        out.splice(at, 0, `${' '.repeat(n % 9)}# note ${n}`);
        break;
      case 4:
        if (at < out.length) out[at] += ` # trailing ${n}`;
        break;
      case 5:
        if (at < out.length) out[at] += ' '.repeat((n % 3) + 1);
        break;
      default:
        break;
    }
  }
  const text = out.join(crlf ? '\r\n' : '\n');
  return finalNewline ? text + (crlf ? '\r\n' : '\n') : text;
}

const documents = (text: fc.Arbitrary<string>) => {
  const tree = trees(text);
  return fc.record({
    root: fc.oneof(tree.map, tree.map, tree.seq),
    step: fc.constantFrom(1, 2, 2, 2, 3, 4),
    noise: fc.array(fc.nat({ max: 10_000 }), { maxLength: 6 }),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
  });
};

describe('YAML fast path under random documents', () => {
  const agreesOn = (text: fc.Arbitrary<string>, numRuns: number) => {
    let handled = 0;
    fc.assert(
      fc.property(documents(text), ({ root, step, noise, crlf, finalNewline }) => {
        const text = decorate(renderBlock({ ...root, flow: false }, 0, step), noise, crlf, finalNewline);
        if (expectAgreement(text)) handled++;
      }),
      { numRuns },
    );
    return handled / numRuns;
  };

  it('bails or agrees with the yaml package on everyday documents, and mostly handles them', { timeout: 120_000 * RUNS }, () => {
    // The generator must exercise the fast path itself, not only its bail-outs.
    expect(agreesOn(EVERYDAY, 1000 * RUNS)).toBeGreaterThan(0.45);
  });

  it('bails or agrees with the yaml package on documents full of tricky scalars', { timeout: 120_000 * RUNS }, () => {
    expect(agreesOn(trickyText, 1000 * RUNS)).toBeGreaterThan(0.1);
  });

  it('bails or agrees on small texts made of YAML punctuation', { timeout: 120_000 * RUNS }, () => {
    const piece = fc.constantFrom('a', 'b', ':', ': ', '- ', '-', ' ', '  ', '\n', '\n  ', '\n- ', '#', ' #', '"', "'", '[', ']', '{', '}', ', ', '|', '>-', '1', '~', 'null', '\r\n', 'x: y\n', '  k: v\n', '- z\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        expectAgreement(pieces.join(''));
      }),
      { numRuns: 2000 * RUNS },
    );
  });
});

const REAL = ['flows/flows/balance.flow.yaml', 'flows/rules/card_freeze.rules.yaml', 'flows/tests/accounts.test.yaml', 'flows/agent.yaml'].map((file) =>
  readFileSync(join(import.meta.dirname, '../../../..', file), 'utf8'),
);

const edit = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 12 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      ':', ': ', '- ', '&a ', '*a', '!!str ', '{', '[', ']', '}', '"', "'", '\t', '\n', '\n  ', '\n    ', '  ', '|', '>', '|-\n', '#', ' # c',
      '\n# c\n', '\n      # deep\n', '\n\n', '\r\n', '? ', '---\n', '...\n', '%YAML 1.2\n', '__proto__: 1\n', 'null: 1\n', '~: 2\n', '"": 3\n',
      '0x1F', '1e3', '.inf', '-', "'it''s'", '"\\u00e9\\n"', ', ', 'yes', '~', '  - ', 'key with spaces: v\n',
    ),
  }),
);

function applyEdits(text: string, edits: readonly { op: 'delete' | 'insert'; at: number; length?: number; text?: string }[]): string {
  let out = text;
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    out = e.op === 'delete' ? out.slice(0, at) + out.slice(at + (e.length ?? 1)) : out.slice(0, at) + (e.text ?? '') + out.slice(at);
  }
  return out;
}

describe('YAML fast path under random edits of real files', () => {
  it('bails or agrees with the yaml package', { timeout: 120_000 * RUNS }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...REAL), fc.array(edit, { minLength: 1, maxLength: 5 }), (source, edits) => {
        expectAgreement(applyEdits(source, edits), { thoroughness: 'sample' });
      }),
      { numRuns: 400 * RUNS },
    );
  });
});
