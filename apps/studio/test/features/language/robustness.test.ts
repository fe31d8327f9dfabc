import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definitionAt } from '../../../src/features/language/definitions.ts';
import { outlineOf } from '../../../src/features/language/outline.ts';
import { parseLeniently } from '../../../src/features/language/parseLeniently.ts';
import { referencesAt } from '../../../src/features/language/references.ts';
import { renameAt } from '../../../src/features/language/rename.ts';
import { createSymbolIndex } from '../../../src/features/language/symbolIndex.ts';
import { quickOpen } from '../../../src/features/language/workspaceSymbols.ts';
import { SMALL } from './fixtures.ts';
import { exampleFiles, span } from './support.ts';

const A = 'flows/a.flow.yaml';

describe('parseLeniently', () => {
  it('parses a valid file as written', () => {
    const parsed = parseLeniently(A, SMALL.get(A)!);
    expect(parsed.blankedLines).toEqual([]);
    expect(parsed.data).toMatchObject({ id: 'a', start: 'ask' });
  });

  it('reads the rest of a file around a key being typed', () => {
    // Given a node id typed without its colon yet
    const text = 'kind: flow\nnodes:\n  a:\n    next: b\n  b\n  c:\n    say: hi\n';
    // When it is parsed leniently
    const parsed = parseLeniently('x.flow.yaml', text);
    // Then that line alone is dropped
    expect(parsed.blankedLines).toEqual([5]);
    expect(parsed.data).toEqual({ kind: 'flow', nodes: { a: { next: 'b' }, c: { say: 'hi' } } });
  });

  it('keeps the positions of the real text', () => {
    const text = 'kind: flow\nnodes:\n  a:\n    next: b\n  b\n  c:\n    say: hi\n';
    const parsed = parseLeniently('x.flow.yaml', text);
    expect(span(parsed.source!.keyRangeOf(['nodes', 'c']))).toBe('6:3-6:4');
  });

  it('walks back from an unclosed quote reported at the end of the file', () => {
    const text = 'kind: flow\nid: f\nnodes:\n  a:\n    next: b\n  b:\n    say: "hi\n';
    const parsed = parseLeniently('x.flow.yaml', text);
    expect(parsed.data).toMatchObject({ kind: 'flow', id: 'f', nodes: { a: { next: 'b' } } });
  });

  it('reads a file with a duplicate key', () => {
    const text = 'kind: flow\nnodes:\n  a:\n    next: b\n  a:\n    say: x\n';
    expect(parseLeniently('x.flow.yaml', text).data).toMatchObject({ kind: 'flow', nodes: { a: { next: 'b' } } });
  });

  it('gives up without throwing on content that is not text', () => {
    const parsed = parseLeniently('x.flow.yaml', 'kind: flow\u0000');
    expect(parsed).toEqual({ data: undefined, source: undefined, blankedLines: [] });
  });
});

describe('language features on broken and partial files', () => {
  it('still finds the symbols of a flow whose YAML is broken halfway', () => {
    const broken = SMALL.get(A)!.replace('  check:\n', '  check\n');
    const index = createSymbolIndex([...SMALL, [A, broken]]);
    const names = index.file(A)!.definitions.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['a', 'lost_card', 'ask', 'why', 'freeze', 'to_agent']));
    expect(outlineOf(index, A)[0]!.name).toBe('a');
  });

  it('indexes files that fail their schema: wrong types are skipped, the rest is read', () => {
    const text = 'kind: flow\nid: f\nstart: [a]\nnodes:\n  a: "not a node"\n  b:\n    next: 3\n    routes: [x]\n    fill: { x: 1 }\n  c:\n    next: b\n';
    const index = createSymbolIndex([['f.flow.yaml', text]]);
    expect(index.file('f.flow.yaml')!.definitions.map((d) => d.name)).toEqual(['f', 'a', 'b', 'c']);
    expect(index.file('f.flow.yaml')!.references.map((r) => r.name)).toEqual(['b']);
  });

  it('reads files with Windows line endings or a byte-order mark at the same lines and columns', () => {
    const text = SMALL.get(A)!;
    const plain = createSymbolIndex([[A, text]]).file(A)!;
    for (const variant of [text.replaceAll('\n', '\r\n'), `\uFEFF${text}`]) {
      const file = createSymbolIndex([[A, variant]]).file(A)!;
      expect(file.definitions.map((d) => `${d.name} ${span(d.range)}`)).toEqual(plain.definitions.map((d) => `${d.name} ${span(d.range)}`));
      expect(file.references.map((r) => `${r.name} ${span(r.range)}`)).toEqual(plain.references.map((r) => `${r.name} ${span(r.range)}`));
      for (const o of [...file.definitions, ...file.references]) expect(file.text.slice(o.range.start.offset, o.range.end.offset)).toBe(o.name);
    }
  });

  it('indexes nothing, and does not throw, for files that are not Colloquy files', () => {
    const index = createSymbolIndex([
      ['notes.yaml', 'hello: world\n'],
      ['list.flow.yaml', '- a\n- b\n'],
      ['empty.flow.yaml', ''],
      ['binary.flow.yaml', '\u0000\u0001'],
    ]);
    for (const path of index.paths()) {
      expect(index.file(path)!.definitions).toEqual([]);
      expect(outlineOf(index, path)).toEqual([]);
    }
  });

  it('never throws, whatever a file is cut down or spliced into', () => {
    const files = exampleFiles();
    const paths = [...files.keys()];
    const damage = fc.record({
      path: fc.constantFrom(...paths),
      cut: fc.nat(),
      length: fc.nat({ max: 40 }),
      insert: fc.constantFrom('', ':', '"', "'", '{', '[', '\n  ', '- ', '\t', '&a ', '*a', '? ', '#', '}', '|\n'),
      line: fc.nat({ max: 200 }),
      column: fc.nat({ max: 80 }),
    });
    const index = createSymbolIndex(files);
    fc.assert(
      fc.property(damage, ({ path, cut, length, insert, line, column }) => {
        const text = files.get(path)!;
        const at = cut % (text.length + 1);
        const damaged = text.slice(0, at) + insert + text.slice(at + length);
        index.set(path, damaged);
        const position = { line: line + 1, column: column + 1 };
        definitionAt(index, path, position);
        referencesAt(index, path, position);
        renameAt(index, path, position, 'x_renamed');
        outlineOf(index, path);
        quickOpen(index, '#ask');
        // Every name it did find is where it says.
        const file = index.file(path)!;
        for (const o of [...file.definitions, ...file.references]) {
          if (!o.exact) continue;
          expect(damaged.slice(o.range.start.offset, o.range.end.offset)).toBe(o.name);
        }
        index.set(path, text);
      }),
      { numRuns: 150 },
    );
  });
});
