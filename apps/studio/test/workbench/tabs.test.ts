import { describe, expect, it } from 'vitest';
import { EMPTY_TABS, closeOthers, closeSide, closeTab, openSide, openTab, pinTab, removePath } from '../../src/state/tabs.ts';

describe('tab model', () => {
  it('a preview tab is replaced by the next preview', () => {
    let s = openTab(EMPTY_TABS, 'a.yaml');
    s = openTab(s, 'b.yaml');
    expect(s.tabs).toEqual([{ path: 'b.yaml', preview: true }]);
    expect(s.active).toBe('b.yaml');
  });

  it('a pinned tab stays; the preview opens after the active tab', () => {
    let s = openTab(EMPTY_TABS, 'a.yaml', { preview: false });
    s = openTab(s, 'b.yaml');
    s = pinTab(s, 'b.yaml');
    s = openTab(s, 'c.yaml');
    expect(s.tabs.map((t) => `${t.path}${t.preview ? '*' : ''}`)).toEqual(['a.yaml', 'b.yaml', 'c.yaml*']);
  });

  it('opening a preview tab pinned pins it', () => {
    let s = openTab(EMPTY_TABS, 'a.yaml');
    s = openTab(s, 'a.yaml', { preview: false });
    expect(s.tabs).toEqual([{ path: 'a.yaml', preview: false }]);
  });

  it('closing the active tab activates its right neighbour, else the left', () => {
    let s = EMPTY_TABS;
    for (const p of ['a', 'b', 'c']) s = openTab(s, p, { preview: false });
    s = closeTab({ ...s, active: 'b' }, 'b');
    expect(s.active).toBe('c');
    s = closeTab(s, 'c');
    expect(s.active).toBe('a');
    expect(closeTab(s, 'a').active).toBeUndefined();
  });

  it('close others keeps one tab', () => {
    let s = EMPTY_TABS;
    for (const p of ['a', 'b', 'c']) s = openTab(s, p, { preview: false });
    expect(closeOthers(s, 'b')).toMatchObject({ tabs: [{ path: 'b' }], active: 'b' });
  });

  it('graph tabs live in the side group and go when their file is removed', () => {
    let s = openTab(EMPTY_TABS, 'f.flow.yaml');
    s = openSide(openSide(s, 'f.flow.yaml'), 'g.flow.yaml');
    expect(s.side).toEqual(['f.flow.yaml', 'g.flow.yaml']);
    expect(s.sideActive).toBe('g.flow.yaml');
    s = removePath(s, 'f.flow.yaml');
    expect(s.tabs).toEqual([]);
    expect(s.side).toEqual(['g.flow.yaml']);
    expect(closeSide(s, 'g.flow.yaml').sideActive).toBeUndefined();
  });
});
