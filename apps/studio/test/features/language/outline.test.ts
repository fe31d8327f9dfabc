import { describe, expect, it } from 'vitest';
import { outlineOf, type OutlineSymbol } from '../../../src/features/language/outline.ts';
import { createSymbolIndex } from '../../../src/features/language/symbolIndex.ts';
import { SMALL } from './fixtures.ts';
import { exampleFiles, exampleIndex, span, textOf } from './support.ts';

/** `name (detail)` with children indented: the outline as the side bar shows it. */
function render(symbols: readonly OutlineSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.kind} ${s.name}${s.detail ? ` (${s.detail})` : ''}`, ...render(s.children, depth + 1)]);
}

function* walk(symbols: readonly OutlineSymbol[]): Generator<OutlineSymbol> {
  for (const s of symbols) {
    yield s;
    yield* walk(s.children);
  }
}

describe('outlineOf', () => {
  const index = createSymbolIndex(SMALL);

  it('outlines a flow: its intents, slots and nodes with their roles', () => {
    expect(render(outlineOf(index, 'flows/a.flow.yaml'))).toEqual([
      'flow a (Lost card)',
      '  section intents (1)',
      '    intent lost_card (2 examples)',
      '  section slots (2)',
      '    slot last4 (digits)',
      '    slot reason (text)',
      '  section nodes (6)',
      '    node ask (ask, start)',
      '    node why (ask)',
      '    node check (decide)',
      '    node freeze (action)',
      '    node done (end)',
      '    node to_agent (handoff)',
    ]);
  });

  it('gives each entry its whole text as range and its name as selection range', () => {
    const text = SMALL.get('flows/a.flow.yaml')!;
    const [flow] = outlineOf(index, 'flows/a.flow.yaml');
    expect(span(flow!.range)).toBe(`1:1-${text.split('\n').length}:1`);
    expect(textOf(text, flow!.selectionRange)).toBe('a');
    const check = [...walk([flow!])].find((s) => s.name === 'check')!;
    expect(span(check.selectionRange)).toBe('22:3-22:8');
    expect(textOf(text, check.range)).toBe('check:\n    decide: risk\n    routes: { "high": to_agent, \'low\': freeze }');
    const nodes = flow!.children.find((s) => s.name === 'nodes')!;
    expect(span(nodes.range)).toBe('13:1-31:70');
  });

  it('outlines a rules table, a test suite, the agent and a policy', () => {
    expect(render(outlineOf(index, 'rules/risk.rules.yaml'))).toEqual([
      'table risk (hit policy first)',
      '  section inputs (2)',
      '    input tier (string)',
      '    input last4 (string)',
      '  section outputs (1)',
      '    output decision (string)',
      '  section rules (2)',
      '    row gold (tier "gold" → decision low)',
      '    row row 2 (always → decision high)',
    ]);
    expect(render(outlineOf(index, 'tests/a.test.yaml'))).toEqual(['suite suite_a', '  testCase one (3 turns)', '  testCase two (1 turn)']);
    expect(render(outlineOf(index, 'agent.yaml'))).toEqual([
      'agent Test bank (agent)',
      '  section queues (2)',
      '    queue general (General)',
      '    queue cards (Cards)',
      '  section actions (1)',
      '    action cards.freeze (ok | failed)',
      '  section context (2)',
      '    context tier (string)',
      '    context first_name (string)',
      '  section topics (1)',
      '    topic complaint (Complaints)',
    ]);
    expect(render(outlineOf(index, 'policies/complaints.policy.yaml'))).toEqual(['policy complaints_reach_a_person (topic_handoff)']);
  });

  it('keeps every selection range inside its range and every child inside its parent, on every file of the example', () => {
    const files = exampleFiles();
    const example = exampleIndex();
    const inside = (inner: OutlineSymbol['range'], outer: OutlineSymbol['range']) =>
      inner.start.offset >= outer.start.offset && inner.end.offset <= outer.end.offset;
    for (const path of example.paths()) {
      const outline = outlineOf(example, path);
      expect(outline.length, path).toBe(1);
      const check = (symbol: OutlineSymbol) => {
        expect(inside(symbol.selectionRange, symbol.range), `${path} ${symbol.name}`).toBe(true);
        for (const child of symbol.children) {
          expect(inside(child.range, symbol.range), `${path} ${child.name}`).toBe(true);
          check(child);
        }
      };
      outline.forEach(check);
      for (const symbol of walk(outline)) {
        if (symbol.kind === 'node' || symbol.kind === 'intent' || symbol.kind === 'slot') {
          expect(textOf(files.get(path)!, symbol.selectionRange)).toBe(symbol.name);
        }
      }
    }
  });

  it('outlines the test cases of an example suite', () => {
    const outline = render(outlineOf(exampleIndex(), 'tests/card_lost.test.yaml'));
    expect(outline[0]).toBe('suite card_lost (Lost and stolen cards)');
    expect(outline[1]).toBe("  testCase freezes_and_replaces_card (A standard customer's card is frozen and a replacement ordered.)");
    expect(outline).toHaveLength(13);
  });

  it('outlines what it can of a file being edited', () => {
    const partial = 'kind: flow\nid: f\nstart: a\nnodes:\n  a:\n    ask: "Name?"\n    fill: name\n  b\n  c:\n    end: done\n';
    const index = createSymbolIndex([['flows/f.flow.yaml', partial]]);
    expect(render(outlineOf(index, 'flows/f.flow.yaml'))).toEqual(['flow f', '  section nodes (2)', '    node a (ask, start)', '    node c (end)']);
  });

  it('names a file without an id after the file', () => {
    const index = createSymbolIndex([['flows/new.flow.yaml', 'kind: flow\nnodes:\n  a: {}\n']]);
    expect(render(outlineOf(index, 'flows/new.flow.yaml'))).toEqual(['flow new.flow.yaml', '  section nodes (1)', '    node a (say)']);
  });
});
