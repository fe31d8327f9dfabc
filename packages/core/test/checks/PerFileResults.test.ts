import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/index.ts';
import { PerFileResults } from '../../src/checks/PerFileResults.ts';

interface FakeFile {
  readonly path: string;
  readonly uses: string;
}

interface Context {
  readonly agent: object;
  readonly tables: ReadonlyMap<string, object>;
}

const diagnostic = (file: string, message: string): Diagnostic => ({
  code: 'CQ202',
  severity: 'error',
  message,
  file,
  range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
});

/** Results that depend on the agent and the one table a file uses; counts which files were computed. */
function tableCheck() {
  const computed: string[] = [];
  const results = new PerFileResults<FakeFile, Context>(
    ({ agent, tables }) => [agent, tables],
    (file, { agent, tables }) => [agent, tables.get(file.uses)],
    (file, { tables }) => {
      computed.push(file.path);
      return tables.has(file.uses) ? [] : [diagnostic(file.path, `no table ${file.uses}`)];
    },
  );
  return { results, computed };
}

describe('PerFileResults', () => {
  const agent = {};
  const t1 = {};
  const t2 = {};
  const a = { path: 'a', uses: 't1' };
  const b = { path: 'b', uses: 't2' };
  const c = { path: 'c', uses: 't3' };

  it('computes each file once while nothing it reads changes', () => {
    const { results, computed } = tableCheck();
    const context = { agent, tables: new Map([['t1', t1], ['t2', t2]]) };
    const first = results.run([a, b, c], context);
    expect(first.map((d) => d.message)).toEqual(['no table t3']);
    expect(results.run([a, b, c], context)).toEqual(first);
    expect(computed).toEqual(['a', 'b', 'c']);
  });

  it('recomputes only a replaced file', () => {
    const { results, computed } = tableCheck();
    const context = { agent, tables: new Map([['t1', t1], ['t2', t2]]) };
    results.run([a, b, c], context);
    computed.length = 0;
    results.run([a, { path: 'b', uses: 't2' }, c], context);
    expect(computed).toEqual(['b']);
  });

  it('after a shared input changes, recomputes only the files whose own inputs changed', () => {
    // Given files using t1, t2 and a missing t3
    const { results, computed } = tableCheck();
    results.run([a, b, c], { agent, tables: new Map([['t1', t1], ['t2', t2]]) });
    computed.length = 0;

    // When t2 is replaced (a new index holding a new t2) and t3 appears
    const found = results.run([a, b, c], { agent, tables: new Map([['t1', t1], ['t2', {}], ['t3', {}]]) });

    // Then a (still the same t1) is kept
    expect(computed).toEqual(['b', 'c']);
    expect(found).toEqual([]);
  });

  it('forgets removed files', () => {
    const { results, computed } = tableCheck();
    const context = { agent, tables: new Map([['t1', t1]]) };
    expect(results.run([a, c], context)).toHaveLength(1);
    expect(results.run([a], context)).toEqual([]);
    expect(computed).toEqual(['a', 'c']);
  });
});
