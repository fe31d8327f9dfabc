/**
 * The names of files made, renamed or restored from the Explorer: refused before the request,
 * saying why (that the studio refuses exactly what the server refuses is checked against the
 * server's own rules in tests/contracts/fileNames.test.ts), taken names refused, the first content
 * of a new file, free names for restored copies, and the pickers' items.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkspaceValidator } from '@colloquy/core';
import { checkFileName, deleteItems, nameSelection, newFileContent, newFileItems, renameItems, restoredName } from '../../../src/features/explorer/fileNames.ts';

const context = { existing: new Set(['agent.yaml', 'flows/a.flow.yaml', 'flows/b.flow.yaml']), change: 'CR-3' };

describe('checkFileName', () => {
  it('says why, in words a designer understands', () => {
    const reason = (name: string) => {
      const check = checkFileName(name, context);
      return check.ok ? 'ok' : check.reason;
    };
    expect(reason('flows/new.flow.yaml')).toBe('ok');
    expect(reason('  flows/new.flow.yaml ')).toBe('ok');
    expect(reason('')).toMatch(/Type a file name/);
    expect(reason('flows/../x.yaml')).toMatch(/cannot contain \. or \.\./);
    expect(reason('flows/x.json')).toMatch(/end the name with \.yaml or \.yml/);
    expect(reason('flows\\x.yaml')).toMatch(/Use \/ between folders/);
    expect(reason('/x.yaml')).toMatch(/relative to the workspace folder/);
    expect(reason('.hidden/x.yaml')).toMatch(/not part of the workspace/);
    expect(reason('flows/')).toMatch(/ends with \//);
    expect(reason('flows/a.flow.yaml')).toBe('flows/a.flow.yaml already exists in CR-3.');
    expect(reason('agent.yaml/x.yaml')).toBe('agent.yaml is a file, so it cannot be a folder too.');
  });

  it('refuses a rename to the same name or a taken one', () => {
    expect(checkFileName('flows/a.flow.yaml', { ...context, from: 'flows/a.flow.yaml' })).toEqual({ ok: false, reason: 'flows/a.flow.yaml already has that name: type another.' });
    expect(checkFileName('flows/b.flow.yaml', { ...context, from: 'flows/a.flow.yaml' })).toEqual({ ok: false, reason: 'flows/b.flow.yaml already exists in CR-3.' });
    expect(checkFileName('flows/c.flow.yaml', { ...context, from: 'flows/a.flow.yaml' })).toEqual({ ok: true, path: 'flows/c.flow.yaml' });
  });
});

describe('a new file’s first content', () => {
  it('is a flow that validates for *.flow.yaml, the kind and version for other kinds, empty for other YAML', () => {
    const flow = newFileContent('flows/lost_pin.flow.yaml');
    expect(flow).toMatch(/^kind: flow\nversion: 1\nid: lost_pin\ntitle: Lost pin\n/);
    // With the example workspace around it, the new flow adds no error.
    const validator = new WorkspaceValidator();
    const root = join(import.meta.dirname, '../../../../../flows');
    for (const path of ['agent.yaml', 'flows/thanks.flow.yaml']) validator.set(path, readFileSync(join(root, path), 'utf8'));
    const before = validator.validate().diagnostics.filter((d) => d.severity === 'error').length;
    validator.set('flows/lost_pin.flow.yaml', flow);
    const errors = validator.validate().diagnostics.filter((d) => d.severity === 'error' && d.file === 'flows/lost_pin.flow.yaml');
    expect(errors).toEqual([]);
    expect(validator.validate().diagnostics.filter((d) => d.severity === 'error')).toHaveLength(before);
    // (The check can fail: a flow without its nodes is an error there.)
    validator.set('flows/lost_pin.flow.yaml', 'kind: flow\nversion: 1\nid: lost_pin\n');
    expect(validator.validate().diagnostics.filter((d) => d.severity === 'error' && d.file === 'flows/lost_pin.flow.yaml').length).toBeGreaterThan(0);

    expect(newFileContent('tests/pin.test.yaml')).toMatch(/^kind: test\nversion: \d+\nid: pin\n$/);
    expect(newFileContent('rules/odd name.rules.yaml')).toMatch(/^kind: rules\nversion: \d+\nid: odd name\n$/);
    expect(newFileContent('rules/odd: name#.rules.yaml')).toContain('id: "odd: name#"');
    expect(newFileContent('notes.yaml')).toBe('');
  });
});

describe('restored copies and the rename selection', () => {
  it('takes a free name beside the file, keeping its kind', () => {
    expect(restoredName('flows/a.flow.yaml', new Set())).toBe('flows/a-restored.flow.yaml');
    expect(restoredName('flows/a.flow.yaml', new Set(['flows/a-restored.flow.yaml', 'flows/a-restored-2.flow.yaml']))).toBe('flows/a-restored-3.flow.yaml');
    expect(restoredName('notes.yml', new Set())).toBe('notes-restored.yml');
    expect(restoredName('agent.yaml', new Set())).toBe('agent-restored.yaml');
  });

  it('selects the name without its folder and kind suffix', () => {
    const select = (path: string) => path.slice(...nameSelection(path));
    expect(select('flows/card_lost.flow.yaml')).toBe('card_lost');
    expect(select('notes.yml')).toBe('notes');
    expect(select('agent.yaml')).toBe('agent');
  });
});

describe('the pickers’ items', () => {
  it('offer to create a name that may be created, else say why without doing anything', () => {
    expect(newFileItems('', context)).toEqual([expect.objectContaining({ inert: true })]);
    expect(newFileItems('flows/a.flow.yaml', context)).toEqual([{ id: '', label: 'flows/a.flow.yaml already exists in CR-3.', inert: true }]);
    expect(newFileItems('flows/c.flow.yaml', context)).toEqual([expect.objectContaining({ id: 'flows/c.flow.yaml', label: 'Create flows/c.flow.yaml' })]);
    expect(renameItems('flows/a.flow.yaml', { ...context, from: 'flows/a.flow.yaml' })).toEqual([expect.objectContaining({ inert: true })]);
    expect(renameItems('flows/c.flow.yaml', { ...context, from: 'flows/a.flow.yaml' })).toEqual([
      expect.objectContaining({ id: 'flows/c.flow.yaml', label: 'Rename flows/a.flow.yaml to flows/c.flow.yaml' }),
    ]);
  });

  it('confirm a deletion naming the file, Cancel first', () => {
    const items = deleteItems('flows/a.flow.yaml', 'CR-3');
    expect(items.map((i) => [i.id, i.label])).toEqual([
      ['', 'Cancel'],
      ['flows/a.flow.yaml', 'Delete flows/a.flow.yaml'],
    ]);
  });
});
