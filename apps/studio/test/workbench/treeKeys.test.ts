import { describe, expect, it } from 'vitest';
import { toggleCollapsed, treeKeyAction, type TreeKeyRow } from '../../src/workbench/treeKeys.ts';

// flows/ (open) › a.yaml, b.yaml; rules/ (closed)
const rows: TreeKeyRow[] = [
  { key: 'flows', expandable: true, expanded: true, parentKey: undefined },
  { key: 'flows/a.yaml', expandable: false, expanded: false, parentKey: 'flows' },
  { key: 'flows/b.yaml', expandable: false, expanded: false, parentKey: 'flows' },
  { key: 'rules', expandable: true, expanded: false, parentKey: undefined },
];

describe('tree keyboard navigation', () => {
  it('moves with the arrows, Home and End, and stops at the ends', () => {
    expect(treeKeyAction('ArrowDown', rows, 1)).toEqual({ type: 'focus', key: 'flows/b.yaml' });
    expect(treeKeyAction('ArrowDown', rows, 3)).toEqual({ type: 'focus', key: 'rules' });
    expect(treeKeyAction('ArrowUp', rows, 0)).toEqual({ type: 'focus', key: 'flows' });
    expect(treeKeyAction('End', rows, 0)).toEqual({ type: 'focus', key: 'rules' });
    expect(treeKeyAction('Home', rows, 3)).toEqual({ type: 'focus', key: 'flows' });
  });
  it('opens or steps in with Right, closes or steps out with Left', () => {
    expect(treeKeyAction('ArrowRight', rows, 3)).toEqual({ type: 'expand', key: 'rules' });
    expect(treeKeyAction('ArrowRight', rows, 0)).toEqual({ type: 'focus', key: 'flows/a.yaml' });
    expect(treeKeyAction('ArrowLeft', rows, 0)).toEqual({ type: 'collapse', key: 'flows' });
    expect(treeKeyAction('ArrowLeft', rows, 2)).toEqual({ type: 'focus', key: 'flows' });
  });
  it('activates with Enter and Space, and leaves other keys alone', () => {
    expect(treeKeyAction('Enter', rows, 1)).toEqual({ type: 'activate', key: 'flows/a.yaml', viaEnter: true });
    expect(treeKeyAction(' ', rows, 1)).toEqual({ type: 'activate', key: 'flows/a.yaml', viaEnter: false });
    expect(treeKeyAction('a', rows, 1)).toBeUndefined();
    expect(treeKeyAction('ArrowDown', [], 0)).toBeUndefined();
  });
  it('toggles a collapsed set without changing the one it was given', () => {
    const closed = new Set(['rules']);
    expect([...toggleCollapsed(closed, 'rules')]).toEqual([]);
    expect([...toggleCollapsed(closed, 'flows')]).toEqual(['rules', 'flows']);
    expect([...toggleCollapsed(closed, 'rules', false)]).toEqual(['rules']);
    expect([...closed]).toEqual(['rules']);
  });
});
