import { describe, expect, it } from 'vitest';
import { KINDS, type Diagnostic } from '@colloquy/core';
import { kindFromPath, modelUri, pathFromModelUri, schemaAssociations, schemaForPath } from '../../src/state/kinds.ts';
import { countProblems, groupProblems } from '../../src/state/problems.ts';
import { searchBuffers } from '../../src/features/search/search.ts';
import { buildTree, visibleRows } from '../../src/features/explorer/explorerTree.ts';
import { fuzzyFilter } from '../../src/state/fuzzy.ts';
import { CommandRegistry, formatKeybinding, matchesKeybinding } from '../../src/workbench/commands.ts';
import { toMarkers } from '../../src/editor/markers.ts';

const at = (line: number, column: number, offset: number) => ({ line, column, offset });
const diag = (file: string, severity: Diagnostic['severity'], offset: number, code = 'CQ111'): Diagnostic =>
  ({ code, severity, message: `${code} at ${offset}`, file, range: { start: at(1, offset + 1, offset), end: at(1, offset + 2, offset + 1) } }) as Diagnostic;

describe('kinds and schemas', () => {
  it('decides the kind from the name as core does', () => {
    expect(kindFromPath('agent.yaml')).toBe('agent');
    expect(kindFromPath('flows/card_lost.flow.yaml')).toBe('flow');
    expect(kindFromPath('rules/x.rules.yaml')).toBe('rules');
    expect(kindFromPath('policies/x.policy.yaml')).toBe('policy');
    expect(kindFromPath('tests/x.test.yaml')).toBe('test');
    expect(kindFromPath('notes.yaml')).toBeUndefined();
    expect(kindFromPath('.flow.yaml')).toBeUndefined();
  });

  it('maps each kind to core’s schema with globs that match model URIs', () => {
    expect(schemaAssociations()).toHaveLength(5);
    expect(schemaForPath('flows/a.flow.yaml')?.schema).toEqual(KINDS.flow.schema);
    expect(schemaForPath('flows/a.flow.yaml')?.fileMatch).toContain('**/*.flow.yaml');
    expect(schemaForPath('agent.yaml')?.fileMatch).toContain('agent.yaml');
  });

  it('round-trips paths through model URIs', () => {
    const path = 'flows/émoji 🎉.flow.yaml';
    expect(pathFromModelUri(modelUri(path))).toBe(path);
  });
});

describe('problems', () => {
  it('groups by file, sorted, and counts severities', () => {
    const groups = groupProblems([diag('b.yaml', 'warning', 5), diag('a.yaml', 'error', 9), diag('b.yaml', 'error', 1)]);
    expect(groups.map((g) => g.file)).toEqual(['a.yaml', 'b.yaml']);
    expect(groups[1]!.items.map((d) => d.range.start.offset)).toEqual([1, 5]);
    expect(groups[1]).toMatchObject({ errors: 1, warnings: 1 });
    expect(countProblems([diag('a', 'error', 0), diag('a', 'info', 0)])).toEqual({ errors: 1, warnings: 0, infos: 1 });
  });

  it('become Monaco markers with the code, and empty ranges still show', () => {
    const d = { ...diag('a', 'error', 0), range: { start: at(2, 3, 10), end: at(2, 3, 10) } } as Diagnostic;
    expect(toMarkers([d], { Error: 8, Warning: 4, Info: 2 })[0]).toMatchObject({ severity: 8, code: 'CQ111', startLineNumber: 2, startColumn: 3, endColumn: 4 });
  });
});

describe('search', () => {
  const buffers = [
    { path: 'b.yaml', text: 'say: Hello\nhello again hello' },
    { path: 'a.yaml', text: 'nothing' },
  ];
  it('finds every match, grouped by file, case-insensitive by default', () => {
    const r = searchBuffers(buffers, 'hello');
    expect(r.total).toBe(3);
    expect(r.files.map((f) => f.path)).toEqual(['b.yaml']);
    expect(r.files[0]!.matches.map((m) => [m.line, m.column])).toEqual([[1, 6], [2, 1], [2, 13]]);
  });
  it('honours case and the limit', () => {
    expect(searchBuffers(buffers, 'Hello', { caseSensitive: true }).total).toBe(1);
    expect(searchBuffers(buffers, 'hello', { limit: 2 })).toMatchObject({ total: 2, truncated: true });
    expect(searchBuffers(buffers, '').total).toBe(0);
  });
});

describe('explorer tree', () => {
  it('puts folders first and hides collapsed folders’ children', () => {
    const tree = buildTree(['agent.yaml', 'flows/b.flow.yaml', 'flows/a.flow.yaml', 'tests/t.test.yaml']);
    const rows = visibleRows(tree, new Set(['tests']));
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.node.name}`)).toEqual(['flows', '  a.flow.yaml', '  b.flow.yaml', 'tests', 'agent.yaml']);
  });
});

describe('commands', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it('matches Mod to Ctrl, or Cmd on macOS', () => {
    expect(matchesKeybinding('Mod+Shift+P', key('P', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matchesKeybinding('Mod+Shift+P', key('p', { metaKey: true, shiftKey: true }), true)).toBe(true);
    expect(matchesKeybinding('Mod+P', key('p', { ctrlKey: true, shiftKey: true }), false)).toBe(false);
    expect(formatKeybinding('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    // macOS: Cmd+Option+O types "ø"; the physical key still matches
    expect(matchesKeybinding('Mod+Alt+O', { ...key('ø', { metaKey: true, altKey: true }), code: 'KeyO' }, true)).toBe(true);
    expect(matchesKeybinding('Mod+Alt+O', { ...key('ø', { metaKey: true, altKey: true }), code: 'KeyP' }, true)).toBe(false);
    expect(matchesKeybinding('Mod+A', { ...key('q', { ctrlKey: true }), code: 'KeyA' }, false)).toBe(false);
    expect(formatKeybinding('Mod+Shift+P', true)).toBe('⌘⇧P');
  });
  it('registers, lists enabled commands, runs by id and key, and disposes', () => {
    const registry = new CommandRegistry();
    let ran = 0;
    const off = registry.register({ id: 'a.run', title: 'Run', keybinding: 'Mod+R', run: () => ran++ });
    registry.register({ id: 'b.hidden', title: 'Hidden', enabled: () => false, run: () => ran++ });
    expect(registry.list().map((c) => c.id)).toEqual(['a.run']);
    expect(registry.run('b.hidden')).toBe(false);
    registry.forKey(key('r', { ctrlKey: true }), false)?.run();
    expect(ran).toBe(1);
    expect(() => registry.register({ id: 'a.run', title: 'again', run: () => {} })).toThrow();
    off();
    expect(registry.get('a.run')).toBeUndefined();
  });
  it('fuzzy-filters file names, name matches first', () => {
    expect(fuzzyFilter('card', ['tests/card_lost.test.yaml', 'flows/card_lost.flow.yaml', 'agent.yaml'], (p) => p)).toHaveLength(2);
    expect(fuzzyFilter('clf', ['flows/card_lost.flow.yaml', 'agent.yaml'], (p) => p)).toEqual(['flows/card_lost.flow.yaml']);
  });
});
