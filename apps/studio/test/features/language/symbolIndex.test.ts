import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSymbolIndex, type SymbolIndex } from '../../../src/features/language/symbolIndex.ts';
import { symbolKey, type SymbolOccurrence } from '../../../src/features/language/types.ts';
import { SMALL } from './fixtures.ts';
import { exampleFiles, exampleIndex, span, textOf } from './support.ts';

const A = 'flows/a.flow.yaml';

function describeOccurrence(o: SymbolOccurrence): string {
  const kind = o.role === 'definition' ? o.kind : o.binding.type === 'global' || o.binding.type === 'local' || o.binding.type === 'flow' || o.binding.type === 'anyFlow' ? o.binding.kind : o.binding.type;
  return `${o.role === 'definition' ? 'def' : 'ref'} ${kind} ${o.name} ${span(o.range)}`;
}

describe('SymbolIndex: what a file declares and uses', () => {
  it('reads a flow with the exact range of every name', () => {
    const index = createSymbolIndex(SMALL);
    const file = index.file(A)!;
    expect(file.kind).toBe('flow');
    expect(file.definitions.map(describeOccurrence)).toEqual([
      'def flow a 3:5-3:6',
      'def intent lost_card 6:3-6:12',
      'def slot last4 10:3-10:8',
      'def slot reason 11:3-11:9',
      'def node ask 14:3-14:6',
      'def node why 18:3-18:6',
      'def node check 22:3-22:8',
      'def node freeze 25:3-25:9',
      'def node done 29:3-29:7',
      'def node to_agent 30:3-30:11',
    ]);
    expect(file.references.map(describeOccurrence)).toEqual([
      'ref topic complaint 8:14-8:23',
      'ref node ask 12:8-12:11',
      'ref placeholder first_name 15:27-15:37',
      'ref slot last4 16:11-16:16',
      'ref node why 17:11-17:14',
      // Quoted scalars: the range is the name inside the quotes.
      'ref slot reason 20:12-20:18',
      'ref node check 21:11-21:16',
      'ref table risk 23:13-23:17',
      'ref node to_agent 24:23-24:31',
      'ref node freeze 24:40-24:46',
      // `{name}` placeholders: only the name, without the braces.
      'ref placeholder last4 26:26-26:31',
      'ref placeholder decision 26:35-26:43',
      'ref placeholder reason 26:55-26:61',
      'ref action cards.freeze 27:13-27:25',
      'ref node done 28:19-28:23',
      'ref node to_agent 28:33-28:41',
      'ref queue cards 31:23-31:28',
      'ref placeholder last4 31:60-31:65',
    ]);
  });

  it('gives each definition a full range from its key to the end of its value', () => {
    const index = createSymbolIndex(SMALL);
    const text = SMALL.get(A)!;
    const freeze = index.file(A)!.definitions.find((d) => d.name === 'freeze')!;
    expect(textOf(text, freeze.fullRange)).toBe(
      'freeze:\n    say: "Freezing card {last4} ({decision}) because {reason}."\n    action: cards.freeze\n    routes: { ok: done, failed: to_agent }',
    );
  });

  it('reads agent, rules, policy and test files', () => {
    const index = createSymbolIndex(SMALL);
    expect(index.file('agent.yaml')!.definitions.map(describeOccurrence)).toEqual([
      'def queue general 11:3-11:10',
      'def queue cards 12:3-12:8',
      'def action cards.freeze 14:3-14:15',
      'def context tier 16:3-16:7',
      'def context first_name 17:3-17:13',
      'def topic complaint 19:3-19:12',
    ]);
    expect(index.file('agent.yaml')!.references.map(describeOccurrence)).toEqual(['ref context first_name 7:16-7:26', 'ref queue general 9:21-9:28']);
    expect(index.file('rules/risk.rules.yaml')!.definitions.map(describeOccurrence)).toEqual(['def table risk 3:5-3:9', 'def output decision 9:13-9:21']);
    expect(index.file('rules/risk.rules.yaml')!.references.map(describeOccurrence)).toEqual([
      'ref tableInput tier 6:13-6:17',
      'ref tableInput last4 7:13-7:18',
      'ref tableInput tier 12:13-12:17',
      'ref output decision 13:13-13:21',
      'ref output decision 14:13-14:21',
    ]);
    expect(index.file('policies/complaints.policy.yaml')!.references.map(describeOccurrence)).toEqual(['ref topic complaint 6:40-6:49']);
    expect(index.file('tests/a.test.yaml')!.definitions.map(describeOccurrence)).toEqual(['def suite suite_a 3:5-3:12', 'def testCase one 5:9-5:12', 'def testCase two 13:9-13:12']);
    expect(index.file('tests/a.test.yaml')!.references.map(describeOccurrence)).toEqual([
      'ref action cards.freeze 6:16-6:28',
      'ref intent lost_card 9:27-9:36',
      'ref node ask 9:44-9:47',
      'ref slot last4 12:28-12:33',
      'ref queue cards 12:54-12:59',
      'ref node to_agent 12:67-12:75',
      'ref context tier 14:16-14:20',
      'ref intent talk 17:27-17:31',
      'ref flow b 17:39-17:40',
      'ref node to_agent 17:48-17:56',
    ]);
  });
});

describe('SymbolIndex: resolving references', () => {
  const index = createSymbolIndex(SMALL);
  const resolved = (path: string, name: string, nth = 0) => {
    const reference = index.file(path)!.references.filter((r) => r.name === name)[nth]!;
    return index.resolve(reference).map((id) => `${id.kind} ${id.scope || '(workspace)'} ${id.name}`);
  };

  it('scopes node ids and slots to their flow', () => {
    expect(resolved(A, 'to_agent')).toEqual([`node ${A} to_agent`]);
    expect(resolved('flows/b.flow.yaml', 'to_agent')).toEqual(['node flows/b.flow.yaml to_agent']);
  });

  it('follows a test turn to its flow: `expect.flow`, else the flow of the intent it (or an earlier turn) expects', () => {
    // Turn 3 of test `one` names no flow and no intent: turn 1's intent `lost_card` starts flow `a`.
    expect(resolved('tests/a.test.yaml', 'to_agent', 0)).toEqual([`node ${A} to_agent`]);
    expect(resolved('tests/a.test.yaml', 'last4')).toEqual([`slot ${A} last4`]);
    expect(resolved('tests/a.test.yaml', 'to_agent', 1)).toEqual(['node flows/b.flow.yaml to_agent']);
  });

  it('resolves placeholders as the runtime does: slot, then rules output, then context variable', () => {
    expect(resolved(A, 'last4')).toEqual([`slot ${A} last4`]);
    expect(resolved(A, 'decision')).toEqual(['output rules/risk.rules.yaml decision']);
    expect(resolved(A, 'first_name')).toEqual(['context (workspace) first_name']);
    expect(resolved('agent.yaml', 'first_name')).toEqual(['context (workspace) first_name']);
  });

  it('resolves a rules input to the slot of each flow deciding with the table, else the context variable', () => {
    expect(resolved('rules/risk.rules.yaml', 'last4')).toEqual([`slot ${A} last4`]);
    expect(resolved('rules/risk.rules.yaml', 'tier')).toEqual(['context (workspace) tier']);
  });

  it('leaves a dangling reference unresolved, but knows which symbol it means', () => {
    const broken = createSymbolIndex([...SMALL, [A, SMALL.get(A)!.replace('next: why', 'next: whyy')]]);
    const reference = broken.file(A)!.references.find((r) => r.name === 'whyy')!;
    expect(broken.resolve(reference)).toEqual([]);
    expect(broken.intendedSymbol(reference)).toEqual({ kind: 'node', scope: A, name: 'whyy' });
  });
});

describe('SymbolIndex: the example workspace', () => {
  const files = exampleFiles();
  const index = exampleIndex();

  it('reads every file of the workspace', () => {
    expect(index.paths()).toEqual([...files.keys()]);
    for (const path of index.paths()) expect(index.file(path)!.definitions.length, path).toBeGreaterThan(0);
  });

  it('resolves every reference to exactly one definition that exists, with the same name', () => {
    for (const path of index.paths()) {
      for (const reference of index.file(path)!.references) {
        const label = `${path}:${reference.range.start.line} ${reference.name}`;
        const ids = index.resolve(reference);
        expect(ids.length, label).toBe(1);
        const definitions = index.definitionsOf(ids[0]!);
        expect(definitions.length, label).toBeGreaterThan(0);
        for (const d of definitions) expect(d.name, label).toBe(reference.name);
      }
    }
  });

  it('locates every name exactly: the range covers the name and nothing else', () => {
    for (const path of index.paths()) {
      const text = files.get(path)!;
      const file = index.file(path)!;
      for (const o of [...file.definitions, ...file.references]) {
        expect(o.exact, `${path}:${o.range.start.line}`).toBe(true);
        expect(textOf(text, o.range), `${path}:${o.range.start.line}`).toBe(o.name);
      }
    }
  });

  it('has one definition per symbol: ids are unique where the workspace is valid', () => {
    const seen = new Map<string, string>();
    for (const d of index.allDefinitions()) {
      const key = symbolKey(d);
      expect(seen.get(key), `${d.kind} ${d.name} in ${d.path}`).toBeUndefined();
      seen.set(key, d.path);
    }
  });
});

describe('SymbolIndex: incremental updates', () => {
  it('does nothing for unchanged text', () => {
    const index = createSymbolIndex(SMALL);
    const version = index.version;
    expect(index.set(A, SMALL.get(A)!)).toBe(false);
    expect(index.version).toBe(version);
  });

  it('ends in the same state as a fresh index, whatever the order of changes', () => {
    const files = exampleFiles();
    const paths = [...files.keys()];
    const edits = fc.array(
      fc.record({
        path: fc.constantFrom(...paths),
        action: fc.constantFrom('truncate', 'delete', 'restore', 'rename-token'),
        at: fc.nat(),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(edits, (steps) => {
        const index = createSymbolIndex(files);
        const current = new Map(files);
        for (const step of steps) {
          const text = files.get(step.path)!;
          if (step.action === 'delete') {
            index.delete(step.path);
            current.delete(step.path);
            continue;
          }
          const next =
            step.action === 'truncate'
              ? text.slice(0, step.at % text.length)
              : step.action === 'rename-token'
                ? text.replace(/ask_consent|report_lost_card|cards/g, 'renamed_x')
                : text;
          index.set(step.path, next);
          current.set(step.path, next);
        }
        expect(snapshot(index)).toEqual(snapshot(createSymbolIndex(current)));
      }),
      { numRuns: 10 },
    );
  });
});

/** Everything the index answers, in a comparable form. */
function snapshot(index: SymbolIndex): string[] {
  const lines: string[] = [];
  for (const path of index.paths()) {
    const file = index.file(path)!;
    for (const d of file.definitions) lines.push(`${path} ${describeOccurrence(d)}`);
    for (const r of file.references) lines.push(`${path} ${describeOccurrence(r)} -> ${index.resolve(r).map(symbolKey).join(',')}`);
  }
  return lines;
}
