import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/source/parseYaml.ts';
import { DEFAULT_LIMITS } from '../../src/source/limits.ts';

const codes = (result: { diagnostics: readonly { code: string }[] }) => result.diagnostics.map((d) => d.code);

describe('parseYaml', () => {
  it('returns plain data and positions for valid YAML', () => {
    const result = parseYaml('a.yaml', 'kind: flow\nnodes:\n  start:\n    say: hello\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.data).toEqual({ kind: 'flow', nodes: { start: { say: 'hello' } } });
    const range = result.source!.rangeOf(['nodes', 'start', 'say']);
    expect(range.start).toMatchObject({ line: 4, column: 10 });
    expect(range.end).toMatchObject({ line: 4, column: 15 });
    expect(result.source!.keyRangeOf(['nodes', 'start']).start).toMatchObject({ line: 3, column: 3 });
  });

  it('resolves a path that does not exist to its deepest existing parent', () => {
    const result = parseYaml('a.yaml', 'nodes:\n  start:\n    say: hello\n');
    expect(result.source!.rangeOf(['nodes', 'start', 'missing']).start.line).toBe(3);
  });

  it('reports syntax errors with a position instead of throwing', () => {
    const result = parseYaml('a.yaml', 'kind: flow\nnodes: [unclosed\n');
    expect(codes(result)).toContain('CQ100');
    expect(result.data).toBeUndefined();
    expect(result.diagnostics[0]!.range.start.line).toBeGreaterThanOrEqual(2);
  });

  it('reports duplicate keys at the second occurrence', () => {
    const result = parseYaml('a.yaml', 'a: 1\nb: 2\na: 3\n');
    expect(codes(result)).toEqual(['CQ101']);
    expect(result.diagnostics[0]!.range.start).toMatchObject({ line: 3, column: 1 });
  });

  it('refuses several documents in one file', () => {
    expect(codes(parseYaml('a.yaml', 'a: 1\n---\nb: 2\n'))).toContain('CQ108');
  });

  it('refuses files above the size limit without parsing them', () => {
    const big = new Uint8Array(DEFAULT_LIMITS.maxBytes + 1).fill(0x61);
    const result = parseYaml('big.yaml', big);
    expect(codes(result)).toEqual(['CQ102']);
    expect(result.diagnostics[0]!.message).toMatch(/above the 2\.0 MiB limit/);
  });

  it('refuses binary content and invalid UTF-8', () => {
    expect(codes(parseYaml('bin.yaml', new Uint8Array([0x6b, 0x00, 0x01, 0x02])))).toEqual(['CQ103']);
    const invalid = parseYaml('bad.yaml', new Uint8Array([0x6b, 0x3a, 0x20, 0xc3, 0x28]));
    expect(codes(invalid)).toEqual(['CQ103']);
    expect(invalid.diagnostics[0]!.message).toMatch(/UTF-8/);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const bytes = new TextEncoder().encode('\ufeffkind: flow\n');
    expect(parseYaml('bom.yaml', bytes).data).toEqual({ kind: 'flow' });
  });

  it('bounds alias expansion ("billion laughs")', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const started = performance.now();
    const result = parseYaml('bomb.yaml', text);
    expect(codes(result)).toContain('CQ105');
    expect(result.data).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('bounds nesting depth', () => {
    const deep = `${'['.repeat(200)}1${']'.repeat(200)}`;
    const result = parseYaml('deep.yaml', `a: ${deep}\n`);
    expect(codes(result)).toContain('CQ105');
  });

  it('survives pathological unclosed nesting', () => {
    const result = parseYaml('deep.yaml', '['.repeat(20_000));
    expect(result.diagnostics.length).toBeGreaterThan(0);
  });

  it('never lets a key reach Object.prototype', () => {
    const result = parseYaml('proto.yaml', '__proto__:\n  polluted: true\nconstructor: 1\nok: 2\n');
    expect(codes(result)).toEqual(['CQ109', 'CQ109']);
    expect(result.data).toEqual({ ok: 2 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
  });

  it('reports non-text keys', () => {
    expect(codes(parseYaml('k.yaml', '? [a, b]\n: 1\n'))).toContain('CQ112');
  });

  it('treats an empty document as null data', () => {
    expect(parseYaml('e.yaml', '# only a comment\n').data).toBeNull();
  });
});
