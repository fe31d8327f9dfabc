import { describe, expect, it } from 'vitest';
import { colourFor } from '../../src/collab/identity.ts';
import { localPresence, peopleByFile, peopleFromStates, remoteSelectionCss } from '../../src/collab/presence.ts';
import { editRefusal } from '../../src/state/editAccess.ts';
import { minimalEdit, rebaseEdit } from '../../src/editor/textEdit.ts';

describe('presence from awareness states', () => {
  const states = new Map<number, unknown>([
    [11, localPresence('dana', 'flows/a.yaml')],
    [12, localPresence('dave', 'flows/b.yaml')],
    [13, localPresence('dave', 'flows/a.yaml')], // dave's second window
    [14, { user: { name: 'omar', colour: '#000000' }, file: null }],
    [15, {}], // a client that said nothing yet
    [16, { user: { name: 42 } }],
    [17, null],
  ]);

  it('lists the other people once each, sorted, with the files they have open', () => {
    const people = peopleFromStates(states, 'dana');
    expect(people.map((p) => [p.name, p.initials, p.files])).toEqual([
      ['dave', 'DA', ['flows/a.yaml', 'flows/b.yaml']],
      ['omar', 'OM', []],
    ]);
  });

  it('draws each person in the colour of their name, whatever colour their client claims', () => {
    const omar = peopleFromStates(states, 'dana').find((p) => p.name === 'omar')!;
    expect(omar.colour).toBe(colourFor('omar'));
    expect(localPresence('dana', undefined)).toEqual({ user: { name: 'dana', colour: colourFor('dana') }, file: null });
  });

  it('says who has each file open', () => {
    const byFile = peopleByFile(peopleFromStates(states, undefined));
    expect(byFile.get('flows/a.yaml')?.map((p) => p.name)).toEqual(['dana', 'dave']);
    expect(byFile.get('flows/b.yaml')?.map((p) => p.name)).toEqual(['dave']);
    expect(byFile.has('flows/c.yaml')).toBe(false);
  });

  it('styles a remote cursor with the name as a label, escaped for CSS', () => {
    const css = remoteSelectionCss(123, 'd"a\\na');
    expect(css).toContain('.yRemoteSelection-123 {');
    expect(css).toContain('.yRemoteSelectionHead-123::after { content: "d\\"a\\\\na";');
    expect(css).toContain(colourFor('d"a\\na'));
  });
});

describe('who may type', () => {
  const designer = { name: 'dana', roles: ['designer'] };
  const change = (state: 'draft' | 'in_review' | 'changes_requested') => ({ kind: 'change' as const, change: { id: 'CR-3', title: 't', author: 'dana', state } });

  it('nobody in the published workspace', () => {
    expect(editRefusal({ kind: 'published' }, designer)).toMatch(/published workspace.*change request/);
  });

  it('a designer in a draft or a change sent back, once the live document is ready and writable', () => {
    expect(editRefusal(change('draft'), designer, { writable: true, reason: null })).toBeUndefined();
    expect(editRefusal(change('changes_requested'), designer, { writable: true, reason: null })).toBeUndefined();
    expect(editRefusal(change('draft'), designer, 'pending')).toMatch(/Connecting/);
    expect(editRefusal(change('draft'), designer, { writable: false, reason: 'CR-3 was submitted.' })).toBe('CR-3 was submitted.');
  });

  it('not a viewer, and nobody in a change in review', () => {
    expect(editRefusal(change('draft'), { name: 'vic', roles: ['viewer'] }, { writable: false, reason: null })).toMatch(/viewer|role/i);
    expect(editRefusal(change('in_review'), designer, { writable: true, reason: null })).toBe('CR-3 is in review: it takes no more edits.');
  });
});

describe('the smallest edit', () => {
  it('keeps the common prefix and suffix', () => {
    expect(minimalEdit('kind: flow\nid: a\n', 'kind: flow\nid: b\n')).toEqual({ start: 15, end: 16, text: 'b' });
    expect(minimalEdit('abc', 'abc')).toBeUndefined();
    expect(minimalEdit('', 'x')).toEqual({ start: 0, end: 0, text: 'x' });
    expect(minimalEdit('aaa', 'aa')).toEqual({ start: 2, end: 3, text: '' });
  });

  it('never splits a surrogate pair', () => {
    const edit = minimalEdit('a😀b', 'a😃b')!;
    expect('a😀b'.slice(0, edit.start) + edit.text + 'a😀b'.slice(edit.end)).toBe('a😃b');
    expect(edit.text).toBe('😃');
  });
});

describe('carrying an edit onto a text that moved on', () => {
  const apply = (text: string, e: { start: number; end: number; text: string } | undefined) => (e ? text.slice(0, e.start) + e.text + text.slice(e.end) : text);
  it('keeps what others changed elsewhere', () => {
    const base = 'a: 1\nb: 2\nc: 3\n';
    const mine = 'a: 1\nb: 20\nc: 3\n';
    const theirs = '# top\na: 1\nb: 2\nc: 3\n# end\n';
    expect(apply(theirs, rebaseEdit(base, mine, theirs))).toBe('# top\na: 1\nb: 20\nc: 3\n# end\n');
  });
  it('is nothing when nothing was edited, and mine wins where both edited the same place', () => {
    expect(rebaseEdit('x', 'x', 'xy')).toBeUndefined();
    expect(apply('a: 3\n', rebaseEdit('a: 1\n', 'a: 2\n', 'a: 3\n'))).toBe('a: 2\n');
  });
});
