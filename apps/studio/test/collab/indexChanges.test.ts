/**
 * What a new state of the index means for the files a client shows: renames followed (chains
 * too, only for the document's own epoch), the rest of what vanished deleted; who did it, from
 * the index's awareness; the index's entries read whatever shape they come in.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { planIndexChanges, renameOfEntry, whoDid, type RenameEntry } from '../../src/collab/indexChanges.ts';

const renames = (entries: Record<string, [string, string | undefined]>) => new Map<string, RenameEntry>(Object.entries(entries).map(([from, [to, epoch]]) => [from, { to, epoch }]));
const noEpoch = () => undefined;

describe('planIndexChanges', () => {
  it('leaves listed files alone, follows a rename to a listed file, and calls the rest deleted', () => {
    const plan = planIndexChanges(['a.yaml', 'b.yaml', 'c.yaml'], new Set(['a.yaml', 'b2.yaml']), renames({ 'b.yaml': ['b2.yaml', 'e1'] }), noEpoch);
    expect(plan).toEqual({ renames: [{ from: 'b.yaml', to: 'b2.yaml' }], deleted: ['c.yaml'] });
  });

  it('follows a chain of renames to where it ends (a→b→c)', () => {
    const plan = planIndexChanges(['a.yaml'], new Set(['c.yaml']), renames({ 'a.yaml': ['b.yaml', 'e1'], 'b.yaml': ['c.yaml', 'e1'] }), () => 'e1');
    expect(plan.renames).toEqual([{ from: 'a.yaml', to: 'c.yaml' }]);
  });

  it('does not follow a rename of another life of the file (its document’s epoch differs): deleted', () => {
    const renamed = renames({ 'a.yaml': ['b.yaml', 'old-epoch'] });
    expect(planIndexChanges(['a.yaml'], new Set(['b.yaml']), renamed, () => 'new-epoch')).toEqual({ renames: [], deleted: ['a.yaml'] });
    // Without a document held here (or one without an epoch yet), the index's word is taken.
    expect(planIndexChanges(['a.yaml'], new Set(['b.yaml']), renamed, noEpoch).renames).toEqual([{ from: 'a.yaml', to: 'b.yaml' }]);
  });

  it('calls a file renamed and then deleted deleted, and survives a loop in the renames', () => {
    expect(planIndexChanges(['a.yaml'], new Set(['x.yaml']), renames({ 'a.yaml': ['b.yaml', undefined] }), noEpoch).deleted).toEqual(['a.yaml']);
    expect(planIndexChanges(['a.yaml'], new Set(['x.yaml']), renames({ 'a.yaml': ['b.yaml', undefined], 'b.yaml': ['a.yaml', undefined] }), noEpoch).deleted).toEqual(['a.yaml']);
  });

  it('moves only one file to one name', () => {
    const plan = planIndexChanges(['a.yaml', 'b.yaml'], new Set(['c.yaml']), renames({ 'a.yaml': ['c.yaml', undefined], 'b.yaml': ['c.yaml', undefined] }), noEpoch);
    expect(plan).toEqual({ renames: [{ from: 'a.yaml', to: 'c.yaml' }], deleted: ['b.yaml'] });
  });
});

describe('the index’s entries and awareness', () => {
  it('reads a rename entry as a plain object or a Y.Map, and nothing else', () => {
    expect(renameOfEntry({ to: 'b.yaml', epoch: 'e1' })).toEqual({ to: 'b.yaml', epoch: 'e1' });
    const doc = new Y.Doc();
    const map = doc.getMap('renamed');
    const entry = new Y.Map<unknown>();
    map.set('a.yaml', entry);
    entry.set('to', 'b.yaml');
    expect(renameOfEntry(map.get('a.yaml'))).toEqual({ to: 'b.yaml', epoch: undefined });
    for (const bad of [null, 'b.yaml', { to: '' }, { to: 3 }, {}]) expect(renameOfEntry(bad)).toBeUndefined();
  });

  it('names who announced the operation: someone else, you, or nobody', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: 'dora' }, op: { type: 'rename', from: 'a.yaml', to: 'b.yaml' } }],
      [2, { user: { name: 'dana' }, op: { type: 'delete', path: 'c.yaml' } }],
      [3, { user: { name: 'vic' }, op: 'nonsense' }],
    ]);
    expect(whoDid(states, { type: 'rename', from: 'a.yaml', to: 'b.yaml' }, 2)).toBe('dora');
    expect(whoDid(states, { type: 'rename', from: 'a.yaml', to: 'x.yaml' }, 2)).toBeUndefined();
    expect(whoDid(states, { type: 'delete', path: 'c.yaml' }, 2)).toBe('you');
    expect(whoDid(states, { type: 'delete', path: 'c.yaml' }, 1)).toBe('dana');
    expect(whoDid(states, { type: 'delete', path: 'a.yaml' }, 1)).toBeUndefined();
  });
});
