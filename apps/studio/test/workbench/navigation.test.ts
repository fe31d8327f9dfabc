/**
 * Quick open's items and the Outline view's rows, over the small fixture
 * workspace of the language tests.
 */
import { describe, expect, it } from 'vitest';
import { createSymbolIndex, outlineOf } from '../../src/language/index.ts';
import { entryAtCursor, outlineRows } from '../../src/workbench/outlineRows.ts';
import { quickOpenItems } from '../../src/workbench/quickOpenItems.ts';
import { SMALL } from '../language/fixtures.ts';
import { at } from '../language/support.ts';

const FLOW_A = 'flows/a.flow.yaml';
const index = createSymbolIndex(SMALL);

describe('quick open items', () => {
  it('lists files by name, highlights the name and keeps the folder as detail', () => {
    const [first] = quickOpenItems(index, 'risk', undefined);
    expect(first).toMatchObject({ label: 'risk.rules.yaml', detail: 'rules', highlights: [0, 1, 2, 3], target: { type: 'file', path: 'rules/risk.rules.yaml' } });
    expect(quickOpenItems(index, 'agent', undefined)[0]).toMatchObject({ label: 'agent.yaml', target: { type: 'file', path: 'agent.yaml' } });
    expect(quickOpenItems(index, 'agent', undefined)[0]!.detail).toBeUndefined();
  });

  it('lists the symbols of the active file for `@`, in file order when nothing is typed', () => {
    const items = quickOpenItems(index, '@', FLOW_A);
    expect(items.map((i) => `${i.description} ${i.label}`)).toEqual([
      'flow a',
      'intent lost_card',
      'slot last4',
      'slot reason',
      'node ask',
      'node why',
      'node check',
      'node freeze',
      'node done',
      'node to_agent',
    ]);
    expect(items.every((i) => i.target.type === 'symbol' && i.target.path === FLOW_A)).toBe(true);
    expect(items[4]!.detail).toBe('line 14');
  });

  it('lists the symbols of every file for `#`, with where they are and what they go to', () => {
    const items = quickOpenItems(index, '#to_agent', FLOW_A);
    expect(items.map((i) => [i.label, i.description, i.detail])).toEqual([
      ['to_agent', 'node', 'a · flows/a.flow.yaml:30'],
      ['to_agent', 'node', 'b · flows/b.flow.yaml:9'],
    ]);
    const target = items[1]!.target;
    expect(target.type === 'symbol' && SMALL.get(target.path)!.slice(target.range.start.offset, target.range.end.offset)).toBe('to_agent');
    expect(quickOpenItems(index, '#risk', undefined)[0]).toMatchObject({ label: 'risk', description: 'rules table', highlights: [0, 1, 2, 3] });
    // `flow.node` names the container too
    expect(quickOpenItems(index, '#b.to', undefined)[0]).toMatchObject({ label: 'b.to_agent', detail: 'flows/b.flow.yaml:9' });
  });
});

describe('outline rows', () => {
  const outline = outlineOf(index, FLOW_A);

  it('shows every entry, expanded, with stable keys and levels', () => {
    const rows = outlineRows(outline, new Set());
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.symbol.name}`)).toEqual([
      'a',
      '  intents',
      '    lost_card',
      '  slots',
      '    last4',
      '    reason',
      '  nodes',
      '    ask',
      '    why',
      '    check',
      '    freeze',
      '    done',
      '    to_agent',
    ]);
    expect(rows[7]).toMatchObject({ key: 'flow:a/section:nodes/node:ask', parentKey: 'flow:a/section:nodes', expandable: false });
    expect(rows[6]).toMatchObject({ expandable: true, expanded: true });
  });

  it('hides the entries of a collapsed section', () => {
    const rows = outlineRows(outline, new Set(['flow:a/section:nodes', 'flow:a/section:intents']));
    expect(rows.map((r) => r.symbol.name)).toEqual(['a', 'intents', 'slots', 'last4', 'reason', 'nodes']);
    expect(rows.at(-1)).toMatchObject({ expandable: true, expanded: false });
  });

  it('finds the innermost entry the cursor is in, stopping at a collapsed one', () => {
    const text = SMALL.get(FLOW_A)!;
    const inFreeze = at(text, 'action: cards.freeze', 0, 3);
    expect(entryAtCursor(outline, inFreeze)).toBe('flow:a/section:nodes/node:freeze');
    expect(entryAtCursor(outline, inFreeze, new Set(['flow:a/section:nodes']))).toBe('flow:a/section:nodes');
    expect(entryAtCursor(outline, at(text, 'title: Lost card', 0, 2))).toBe('flow:a');
    expect(entryAtCursor([], inFreeze)).toBeUndefined();
  });

  it('keeps two entries of the same name apart (a duplicate key)', () => {
    const twice = createSymbolIndex([['flows/d.flow.yaml', 'kind: flow\nversion: 1\nid: d\nstart: x\nnodes:\n  x: { end: resolved }\n  x: { end: resolved }\n']]);
    const keys = outlineRows(outlineOf(twice, 'flows/d.flow.yaml'), new Set()).map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
