/**
 * Keyboard navigation for the side bar's trees (Explorer, Outline), as in VS Code and the
 * WAI-ARIA tree pattern: arrows move, Right opens or steps in, Left closes or steps out to the
 * parent, Home/End jump, Enter and Space activate. Pure, so each view only says what a row is.
 */
export interface TreeKeyRow {
  readonly key: string;
  readonly expandable: boolean;
  readonly expanded: boolean;
  readonly parentKey: string | undefined;
}

export type TreeKeyAction =
  | { readonly type: 'focus'; readonly key: string }
  | { readonly type: 'expand' | 'collapse'; readonly key: string }
  /** Enter (`viaEnter`) or Space on a row. */
  | { readonly type: 'activate'; readonly key: string; readonly viaEnter: boolean };

/** What `key` does on `rows[index]`; undefined when the tree does not handle it. */
export function treeKeyAction(key: string, rows: readonly TreeKeyRow[], index: number): TreeKeyAction | undefined {
  const row = rows[index];
  if (!row) return undefined;
  const focusAt = (i: number): TreeKeyAction => ({ type: 'focus', key: rows[Math.max(0, Math.min(rows.length - 1, i))]!.key });
  switch (key) {
    case 'ArrowDown':
      return focusAt(index + 1);
    case 'ArrowUp':
      return focusAt(index - 1);
    case 'Home':
      return focusAt(0);
    case 'End':
      return focusAt(rows.length - 1);
    case 'ArrowRight':
      if (row.expandable && !row.expanded) return { type: 'expand', key: row.key };
      return row.expanded ? focusAt(index + 1) : { type: 'focus', key: row.key };
    case 'ArrowLeft':
      if (row.expanded) return { type: 'collapse', key: row.key };
      return { type: 'focus', key: row.parentKey ?? row.key };
    case 'Enter':
    case ' ':
      return { type: 'activate', key: row.key, viaEnter: key === 'Enter' };
    default:
      return undefined;
  }
}

/** `collapsed` with `key` opened (`open` true), closed (false) or flipped (undefined). */
export function toggleCollapsed(collapsed: ReadonlySet<string>, key: string, open?: boolean): Set<string> {
  const next = new Set(collapsed);
  if (open ?? next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}
