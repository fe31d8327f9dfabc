/**
 * Quick open's items and the Outline view's rows, over the small fixture
 * workspace of the language tests; and what the studio says and does after a
 * rename (its notice, Undo rename's report, the notice going away once the
 * renamed files are saved).
 */
import { describe, expect, it } from 'vitest';
import { createSymbolIndex, outlineOf, renameAt } from '../../src/features/language/index.ts';
import { dismissWhenNothingToSave, renameSummary, renameUndoSummary } from '../../src/features/language/languageFeatures.ts';
import { WorkbenchStore } from '../../src/state/WorkbenchStore.ts';
import { MemoryApi } from '../support/MemoryApi.ts';
import { entryAtCursor, outlineRows } from '../../src/features/language/outlineRows.ts';
import { quickOpenItems } from '../../src/workbench/quickOpenItems.ts';
import { SMALL } from '../features/language/fixtures.ts';
import { at } from '../features/language/support.ts';

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

describe('after a rename', () => {
  const flow = SMALL.get(FLOW_A)!;

  it('says what was renamed, in how many places and files, and that nothing is saved yet', () => {
    const result = renameAt(index, FLOW_A, at(flow, 'lost_card:'), 'card_gone');
    if (!result.ok) throw new Error(result.message);
    const files = new Set(result.edits.map((e) => e.path)).size;
    expect(renameSummary(result, 'card_gone')).toBe(
      `Renamed intent \`lost_card\` to \`card_gone\` in ${result.edits.length} places in ${files} files. Nothing is saved yet: review and save, or undo.`,
    );
    const one = renameAt(createSymbolIndex([[FLOW_A, flow]]), FLOW_A, at(flow, 'last4:'), 'digits');
    if (!one.ok) throw new Error(one.message);
    expect(renameSummary({ ...one, edits: one.edits.slice(0, 1) }, 'digits')).toContain('in 1 place in 1 file.');
  });

  it('names the test references a rename left alone', () => {
    const result = renameAt(index, FLOW_A, at(flow, '  to_agent:', 0, 2), 'to_a_person');
    if (!result.ok) throw new Error(result.message);
    const skipped = { path: 'tests/t.test.yaml', range: result.edits[0]!.range };
    expect(renameSummary({ ...result, skipped: [skipped] }, 'to_a_person')).toContain(
      `1 test reference names a node of several flows and was left alone (tests/t.test.yaml:${skipped.range.start.line}).`,
    );
  });

  it('reports an undo, and the files it left alone because they changed since', () => {
    const symbol = { kind: 'node', scope: FLOW_A, name: 'ask' } as const;
    expect(renameUndoSummary(symbol, 'ask_first', 2, [])).toBe('Undid the rename of node `ask` to `ask_first` in 2 files.');
    expect(renameUndoSummary(symbol, 'ask_first', 3, ['tests/t.test.yaml'])).toBe(
      'Undid the rename of node `ask` to `ask_first` in 2 files, but not in tests/t.test.yaml: it was edited after the rename. Undo there with Ctrl+Z, or revert the file.',
    );
  });

  describe('the rename notice', () => {
    async function renamed() {
      const api = new MemoryApi();
      api.put('flows/a.flow.yaml', 'id: a\n');
      api.put('tests/a.test.yaml', 'flow: a\n');
      api.put('agent.yaml', 'kind: agent\n');
      const store = new WorkbenchStore(api);
      await store.load();
      // The rename's edits have reached the buffers.
      store.updateText('flows/a.flow.yaml', 'id: b\n');
      store.updateText('tests/a.test.yaml', 'flow: b\n');
      const id = store.notify('info', 'Renamed flow `a` to `b`…');
      let stopped = 0;
      const stop = dismissWhenNothingToSave(store, id, ['flows/a.flow.yaml', 'tests/a.test.yaml'], () => stopped++);
      const shown = () => store.state.notices.some((n) => n.id === id);
      return { api, store, stop, shown, stopped: () => stopped };
    }

    it('goes away once every renamed file is saved, and not before', async () => {
      const { store, shown, stopped } = await renamed();
      store.updateText('agent.yaml', 'kind: agent\nname: x\n'); // another file: not the rename's
      await store.save('flows/a.flow.yaml');
      expect(shown()).toBe(true);
      await store.save('tests/a.test.yaml');
      expect(shown()).toBe(false);
      expect(stopped()).toBe(1);
    });

    it('goes away once the rename is undone in every file', async () => {
      const { store, shown } = await renamed();
      store.updateText('flows/a.flow.yaml', 'id: a\n');
      expect(shown()).toBe(true);
      store.updateText('tests/a.test.yaml', 'flow: a\n');
      expect(shown()).toBe(false);
    });

    it('stops watching when dismissed by hand or when stopped, and then leaves other notices alone', async () => {
      const first = await renamed();
      first.store.dismiss(first.store.state.notices[0]!.id);
      first.store.updateText('agent.yaml', 'kind: agent\nname: x\n');
      expect(first.stopped()).toBe(1);

      const second = await renamed();
      second.stop();
      second.stop();
      expect(second.stopped()).toBe(1);
      await second.store.save('flows/a.flow.yaml');
      await second.store.save('tests/a.test.yaml');
      expect(second.shown()).toBe(true);
    });
  });
});
