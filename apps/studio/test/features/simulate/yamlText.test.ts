import { parseYaml } from '@colloquy/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filesChanged, rangeAtLineColumn, refusalFor, snapshotFiles } from '../../../src/features/simulate/workspaceSource.ts';
import { flowMap, flowSeq, key, quoted, scalar } from '../../../src/features/simulate/yamlText.ts';

function readBack(yaml: string): unknown {
  const parsed = parseYaml('x.yaml', yaml);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.data;
}

describe('YAML text for saved tests', () => {
  it('writes ids plain and everything that would read differently quoted', () => {
    expect(scalar('ask_last4')).toBe('ask_last4');
    expect(scalar('cards.freeze')).toBe('cards.freeze');
    for (const risky of ['4821', 'true', 'No', 'null', 'y', '', ' padded', 'a: b', '# c', '- x', '1e3', '.inf', '~', "it's"]) {
      expect(scalar(risky)).toBe(JSON.stringify(risky));
    }
    expect(scalar(0.25)).toBe('0.25');
    expect(scalar(false)).toBe('false');
  });

  it('reads any string back exactly, as a value, a key, or inside flow collections', () => {
    fc.assert(
      // Keys core refuses anyway (`__proto__`, ...) and the test's own keys are left out.
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        fc.pre(![a, b].some((k) => ['__proto__', 'constructor', 'prototype', 'value', 'quoted', 'map', 'list'].includes(k)));
        const yaml = `value: ${scalar(a)}\nquoted: ${quoted(b)}\nmap: ${flowMap([[a || 'k', scalar(b)]])}\nlist: ${flowSeq([quoted(a), scalar(b)])}\n${key(b || 'k')}: 1\n`;
        expect(readBack(yaml)).toEqual({ value: a, quoted: b, map: { [a || 'k']: b }, list: [a, b], [b || 'k']: 1 });
      }),
      { numRuns: 300 },
    );
  });

  it('reads numbers and booleans back as themselves', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean()), (value) => {
        expect(readBack(`v: ${scalar(value)}\n`)).toEqual({ v: Object.is(value, -0) ? 0 : value });
      }),
    );
  });
});

describe('workspace source helpers', () => {
  it('turns a line and column into an editor range to the end of the line', () => {
    const text = 'kind: test\r\ntests:\n  - id: a\n';
    expect(rangeAtLineColumn(text, 3, 5)).toEqual({ start: { line: 3, column: 5, offset: 23 }, end: { line: 3, column: 10, offset: 28 } });
    expect(rangeAtLineColumn(text, 1, 1).end).toEqual({ line: 1, column: 11, offset: 10 });
    expect(rangeAtLineColumn(text, 99, 1).start.line).toBe(4);
  });

  it('tells when the workspace files changed, ignoring other files', () => {
    const files = new Map([['agent.yaml', 'a'], ['README.md', 'r']]);
    const snapshot = snapshotFiles(files);
    expect(filesChanged(snapshot, new Map([...files, ['README.md', 'edited']]))).toBe(false);
    expect(filesChanged(snapshot, new Map([...files, ['agent.yaml', 'b']]))).toBe(true);
    expect(filesChanged(snapshot, new Map([...files, ['flows/x.flow.yaml', '']]))).toBe(true);
    expect(filesChanged(snapshot, new Map([['README.md', 'r']]))).toBe(true);
  });

  it('does not refuse for warnings', () => {
    const range = rangeAtLineColumn('x', 1, 1);
    expect(refusalFor([{ code: 'CQ301', severity: 'warning', message: 'w', file: 'a.yaml', range }], 'run the tests')).toBeUndefined();
  });
});
