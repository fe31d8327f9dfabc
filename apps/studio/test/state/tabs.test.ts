import { describe, expect, it } from 'vitest';
import {
  EMPTY_TABS,
  activateTab,
  activeFileGroup,
  closeOtherTabs,
  closeTab,
  focusGroup,
  openFileTab,
  openGraphTab,
  pinFileTab,
  removePath,
  renamePath,
  revealTarget,
  splitEditor,
  type EditorGroup,
  type TabsState,
} from '../../src/state/tabs.ts';

/** A group's tabs as `path` (file), `path*` (preview file), `graph:path`, with `>` before the active one. */
const show = (group: EditorGroup | undefined) =>
  group?.tabs.map((t) => {
    const name = t.kind === 'graph' ? `graph:${t.path}` : `${t.path}${t.preview ? '*' : ''}`;
    return group.active?.kind === t.kind && group.active.path === t.path ? `>${name}` : name;
  });

const file = (path: string) => ({ kind: 'file', path }) as const;
const graph = (path: string) => ({ kind: 'graph', path }) as const;

const pinned = (...paths: string[]): TabsState => paths.reduce((s, p) => openFileTab(s, p, { preview: false }), EMPTY_TABS);

describe('tabs of one group', () => {
  it('a preview tab is replaced by the next preview', () => {
    let s = openFileTab(EMPTY_TABS, 'a.yaml');
    s = openFileTab(s, 'b.yaml');
    expect(s.main.tabs).toEqual([{ kind: 'file', path: 'b.yaml', preview: true }]);
    expect(s.active).toBe('b.yaml');
  });

  it('a pinned tab stays; the preview opens after the active tab', () => {
    let s = openFileTab(EMPTY_TABS, 'a.yaml', { preview: false });
    s = openFileTab(s, 'b.yaml');
    s = pinFileTab(s, 'b.yaml');
    s = openFileTab(s, 'c.yaml');
    expect(show(s.main)).toEqual(['a.yaml', 'b.yaml', '>c.yaml*']);
  });

  it('opening a preview tab pinned pins it', () => {
    let s = openFileTab(EMPTY_TABS, 'a.yaml');
    s = openFileTab(s, 'a.yaml', { preview: false });
    expect(s.main.tabs).toEqual([{ kind: 'file', path: 'a.yaml', preview: false }]);
  });

  it('closing the active tab activates its right neighbour, else the left', () => {
    let s = activateTab(pinned('a', 'b', 'c'), 'main', file('b'));
    s = closeTab(s, 'main', file('b'));
    expect(s.active).toBe('c');
    s = closeTab(s, 'main', file('c'));
    expect(s.active).toBe('a');
    expect(closeTab(s, 'main', file('a'))).toEqual(EMPTY_TABS);
  });

  it('close others keeps one tab', () => {
    const s = closeOtherTabs(pinned('a', 'b', 'c'), 'main', file('b'));
    expect(show(s.main)).toEqual(['>b']);
  });

  it('returns the same state when nothing changes', () => {
    const s = pinned('a', 'b');
    expect(pinFileTab(s, 'a')).toBe(s);
    expect(activateTab(s, 'main', file('b'))).toBe(s);
    expect(activateTab(s, 'main', file('zzz'))).toBe(s);
    expect(closeTab(s, 'main', file('zzz'))).toBe(s);
    expect(focusGroup(s, 'side')).toBe(s); // there is no side group
    expect(splitEditor(EMPTY_TABS)).toBe(EMPTY_TABS);
  });
});

describe('split editor', () => {
  it('opens the active file in a side group, pinned, which becomes the active group', () => {
    let s = openFileTab(pinned('a'), 'b'); // b is a preview
    s = splitEditor(s);
    expect(show(s.main)).toEqual(['a', '>b*']);
    expect(show(s.side)).toEqual(['>b']);
    expect(s.activeGroup).toBe('side');
    expect(s.active).toBe('b');
  });

  it('opens files in the active group and tracks the active file there', () => {
    let s = splitEditor(pinned('a'));
    s = openFileTab(s, 'c'); // from the explorer, while the side group is active
    expect(show(s.main)).toEqual(['>a']);
    expect(show(s.side)).toEqual(['a', '>c*']);
    expect(s.active).toBe('c');
    s = focusGroup(s, 'main');
    expect(s.active).toBe('a');
    expect(activeFileGroup(s)).toBe('main');
  });

  it('from the side group, splits back into the main group', () => {
    let s = splitEditor(pinned('a'));
    s = openFileTab(s, 'b', { preview: false });
    s = splitEditor(s);
    expect(show(s.main)).toEqual(['a', '>b']);
    expect(s.activeGroup).toBe('main');
  });

  it('closing the side group’s last tab removes the group and activates the main one', () => {
    let s = splitEditor(pinned('a', 'b'));
    s = closeTab(s, 'side', file('b'));
    expect(s.side).toBeUndefined();
    expect(s.activeGroup).toBe('main');
    expect(s.active).toBe('b');
  });

  it('when the main group’s last tab closes, the side group takes its place', () => {
    let s = openGraphTab(splitEditor(pinned('f.flow.yaml')), 'f.flow.yaml');
    s = closeTab(s, 'main', file('f.flow.yaml'));
    expect(s.side).toBeUndefined();
    expect(show(s.main)).toEqual(['f.flow.yaml', '>graph:f.flow.yaml']);
    expect(s.activeGroup).toBe('main');
    // The active tab is a graph: the active file is the other group's, and there is none.
    expect(s.active).toBeUndefined();
  });

  it('close others acts on one group only', () => {
    let s = splitEditor(pinned('a', 'b', 'c'));
    s = openFileTab(s, 'a', { preview: false });
    s = closeOtherTabs(s, 'side', file('a'));
    expect(show(s.main)).toEqual(['a', 'b', '>c']);
    expect(show(s.side)).toEqual(['>a']);
  });

  it('pins a file in every group, or in the one asked for', () => {
    let s = openFileTab(EMPTY_TABS, 'a');
    s = openFileTab(s, 'a', { group: 'side' });
    const side = pinFileTab(s, 'a', 'side');
    expect([show(side.main), show(side.side)]).toEqual([['>a*'], ['>a']]);
    const both = pinFileTab(s, 'a');
    expect([show(both.main), show(both.side)]).toEqual([['>a'], ['>a']]);
  });
});

describe('graph tabs and files together in the side group', () => {
  it('opens graphs in the side group without taking the focus from the editor', () => {
    let s = openGraphTab(pinned('f.flow.yaml'), 'f.flow.yaml');
    s = openGraphTab(s, 'g.flow.yaml');
    expect(show(s.side)).toEqual(['graph:f.flow.yaml', '>graph:g.flow.yaml']);
    expect(s.activeGroup).toBe('main');
    expect(openGraphTab(s, 'g.flow.yaml')).toBe(s);
  });

  it('holds a file and a graph; the graph active keeps the other group’s file as the active file', () => {
    let s = openGraphTab(pinned('f.flow.yaml', 'a'), 'f.flow.yaml');
    s = activateTab(s, 'main', file('f.flow.yaml'));
    s = splitEditor(s);
    expect(show(s.side)).toEqual(['graph:f.flow.yaml', '>f.flow.yaml']);
    s = activateTab(s, 'side', graph('f.flow.yaml'));
    expect(s.activeGroup).toBe('side');
    expect(s.active).toBe('f.flow.yaml');
    expect(activeFileGroup(s)).toBe('main');
    s = closeTab(s, 'side', graph('f.flow.yaml'));
    expect(show(s.side)).toEqual(['>f.flow.yaml']);
    expect(activeFileGroup(s)).toBe('side');
  });

  it('a file and its graph are different tabs of one group', () => {
    let s = openGraphTab(pinned('f.flow.yaml'), 'f.flow.yaml');
    s = openFileTab(s, 'f.flow.yaml', { group: 'side' });
    s = closeTab(s, 'side', file('f.flow.yaml'));
    expect(show(s.side)).toEqual(['>graph:f.flow.yaml']);
  });
});

describe('deleted files and reveals', () => {
  it('a deleted file leaves every group, graphs included', () => {
    let s = openGraphTab(pinned('f.flow.yaml', 'g.flow.yaml'), 'f.flow.yaml');
    s = openGraphTab(s, 'g.flow.yaml');
    s = removePath(s, 'f.flow.yaml');
    expect(show(s.main)).toEqual(['>g.flow.yaml']);
    expect(show(s.side)).toEqual(['>graph:g.flow.yaml']);
  });

  it('a deleted file open in both groups leaves both, even when that moves the side group', () => {
    let s = splitEditor(pinned('a'));
    s = openFileTab(s, 'b', { preview: false });
    s = removePath(s, 'a');
    expect(show(s.main)).toEqual(['>b']);
    expect(s.side).toBeUndefined();
    expect(s.active).toBe('b');
    expect(removePath(pinned('a'), 'a')).toEqual(EMPTY_TABS);
  });

  it('a renamed file keeps its tabs’ places under the new name in every group, graphs included', () => {
    let s = openGraphTab(pinned('a.flow.yaml', 'f.flow.yaml', 'g.flow.yaml'), 'f.flow.yaml');
    s = openFileTab(s, 'f.flow.yaml', { group: 'main' });
    s = renamePath(s, 'f.flow.yaml', 'h.flow.yaml');
    expect(show(s.main)).toEqual(['a.flow.yaml', '>h.flow.yaml', 'g.flow.yaml']);
    expect(show(s.side)).toEqual(['>graph:h.flow.yaml']);
    expect(s.active).toBe('h.flow.yaml');
    // Nothing open under the old name: the same state.
    expect(renamePath(s, 'x.yaml', 'y.yaml')).toBe(s);
    // A group already showing the new name keeps that tab, not two.
    expect(show(renamePath(pinned('a', 'b'), 'a', 'b').main)).toEqual(['>b']);
  });

  it('reveals in the active group, or in the main group when the file is open only there', () => {
    let s = openFileTab(splitEditor(pinned('a', 'b')), 'c', { preview: false }); // main: a b; side: b c
    expect(revealTarget(s, 'b')).toBe('side');
    expect(revealTarget(s, 'a')).toBe('main');
    expect(revealTarget(s, 'new')).toBe('side');
    s = focusGroup(s, 'main');
    expect(revealTarget(s, 'c')).toBe('main');
  });

  it('reveals beside a graph the designer is looking at, not over it', () => {
    // main: f.flow.yaml; side: f.flow.yaml and its graph, the graph active
    let s = openGraphTab(splitEditor(pinned('f.flow.yaml')), 'f.flow.yaml');
    s = activateTab(s, 'side', graph('f.flow.yaml'));
    expect(revealTarget(s, 'f.flow.yaml')).toBe('main');
    // one group holding only a graph: there is nowhere else
    s = closeTab(closeTab(s, 'main', file('f.flow.yaml')), 'main', file('f.flow.yaml'));
    expect(show(s.main)).toEqual(['>graph:f.flow.yaml']);
    expect(revealTarget(s, 'f.flow.yaml')).toBe('main');
  });
});
