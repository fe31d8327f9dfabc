/**
 * The editor area's groups and tabs, as plain immutable data and pure transitions.
 *
 * Like VS Code:
 * - Opening a file from the explorer or quick open shows it in a *preview* tab
 *   (italic) that the next preview in the same group replaces; editing the file
 *   or double-clicking the tab pins it.
 * - There are one or two editor groups: `main`, and `side` beside it. A tab is
 *   a file (`kind: 'file'`) or the flow graph of a flow file (`kind: 'graph'`).
 *   "Split Editor Right" opens the active file in the other group (both show
 *   the same buffer); "Open flow graph to the side" opens a graph tab in the
 *   side group. The same file can be open in both groups.
 * - One group is *active*: the one last clicked, typed in or opened into.
 *   Opening a file goes to the active group.
 *
 * Invariants every transition keeps (`normalized`):
 * - The side group, when there is one, has a tab: closing its last tab removes
 *   it. When the main group loses its last tab, the side group takes its place.
 * - `activeGroup` names a group that exists.
 * - `active` is derived: the file the designer is working on, i.e. the active
 *   group's active tab when it is a file, else the other group's active file
 *   (a graph beside its flow does not take the flow's place for Save, the
 *   outline, the status bar's cursor…). Views that only need "the active file"
 *   read this one field.
 * - Every transition returns the same object when nothing changes.
 */
export type GroupId = 'main' | 'side';

export interface FileTab {
  readonly kind: 'file';
  readonly path: string;
  readonly preview: boolean;
}

/** The flow graph of the flow file `path`. */
export interface GraphTab {
  readonly kind: 'graph';
  readonly path: string;
}

export type Tab = FileTab | GraphTab;

/** Which tab of a group: its kind and path (a file and its graph can be open in one group). */
export interface TabRef {
  readonly kind: Tab['kind'];
  readonly path: string;
}

export interface EditorGroup {
  readonly tabs: readonly Tab[];
  readonly active: TabRef | undefined;
}

export interface TabsState {
  readonly main: EditorGroup;
  /** The group beside the main one; undefined when there is only one group. */
  readonly side: EditorGroup | undefined;
  readonly activeGroup: GroupId;
  /** Derived (see the invariants above): the active file. */
  readonly active: string | undefined;
}

const EMPTY_GROUP: EditorGroup = { tabs: [], active: undefined };

export const EMPTY_TABS: TabsState = { main: EMPTY_GROUP, side: undefined, activeGroup: 'main', active: undefined };

export const sameTab = (a: TabRef | undefined, b: TabRef | undefined): boolean => a !== undefined && b !== undefined && a.kind === b.kind && a.path === b.path;

const fileRef = (path: string): TabRef => ({ kind: 'file', path });
const refOf = (tab: Tab | undefined): TabRef | undefined => tab && { kind: tab.kind, path: tab.path };
const otherGroup = (group: GroupId): GroupId => (group === 'main' ? 'side' : 'main');

// --- queries -----------------------------------------------------------------

export function groupOf(state: TabsState, group: GroupId): EditorGroup | undefined {
  return group === 'main' ? state.main : state.side;
}

/** The groups that exist, main first. */
export function groupIds(state: TabsState): GroupId[] {
  return state.side ? ['main', 'side'] : ['main'];
}

export function activeTabOf(state: TabsState, group: GroupId = state.activeGroup): TabRef | undefined {
  return groupOf(state, group)?.active;
}

/** The active file of `group`: its active tab when that is a file. */
export function activeFileOf(state: TabsState, group: GroupId): string | undefined {
  const tab = activeTabOf(state, group);
  return tab?.kind === 'file' ? tab.path : undefined;
}

export function holdsFile(group: EditorGroup | undefined, path: string): boolean {
  return group?.tabs.some((t) => t.kind === 'file' && t.path === path) ?? false;
}

/** The group whose editor shows the active file (`state.active`). */
export function activeFileGroup(state: TabsState): GroupId | undefined {
  if (activeFileOf(state, state.activeGroup) !== undefined) return state.activeGroup;
  const other = otherGroup(state.activeGroup);
  return groupOf(state, other) && activeFileOf(state, other) !== undefined ? other : undefined;
}

/**
 * Where a reveal (Problems, search, outline, a graph's node, Go to definition) shows
 * `path`: the group of the active file (`activeFileGroup`: the active group, or the other
 * one while the active group shows a graph, so that a click on a node does not cover the
 * graph), unless that is the side group and the file is open only in the main group.
 */
export function revealTarget(state: TabsState, path: string): GroupId {
  const group = activeFileGroup(state) ?? state.activeGroup;
  if (group === 'side' && !holdsFile(state.side, path) && holdsFile(state.main, path)) return 'main';
  return group;
}

// --- transitions ---------------------------------------------------------------

/**
 * Opens `path` in `group` (default: the active group, which stays or becomes active),
 * as a preview unless `preview: false`. An existing tab is activated (and pinned when
 * asked for a pinned one); a new preview replaces the group's preview tab; otherwise
 * the tab opens right of the active one.
 */
export function openFileTab(state: TabsState, path: string, options: { preview?: boolean; group?: GroupId } = {}): TabsState {
  const preview = options.preview ?? true;
  const id = options.group ?? state.activeGroup;
  const group = groupOf(state, id) ?? EMPTY_GROUP;
  const existing = group.tabs.find((t): t is FileTab => t.kind === 'file' && t.path === path);
  let tabs: readonly Tab[];
  if (existing) {
    tabs = !preview && existing.preview ? group.tabs.map((t) => (t === existing ? { ...existing, preview: false } : t)) : group.tabs;
  } else {
    const tab: FileTab = { kind: 'file', path, preview };
    const previewIndex = preview ? group.tabs.findIndex((t) => t.kind === 'file' && t.preview) : -1;
    const next = group.tabs.slice();
    if (previewIndex >= 0) next[previewIndex] = tab;
    else {
      const activeIndex = group.tabs.findIndex((t) => sameTab(t, group.active));
      next.splice(activeIndex < 0 ? next.length : activeIndex + 1, 0, tab);
    }
    tabs = next;
  }
  return withGroup(state, id, { tabs, active: fileRef(path) }, id);
}

/** Pins the preview tab of `path` in `group`, or in every group when none is given. */
export function pinFileTab(state: TabsState, path: string, group?: GroupId): TabsState {
  let next = state;
  for (const id of group ? [group] : groupIds(state)) {
    const g = groupOf(next, id);
    if (!g?.tabs.some((t) => t.kind === 'file' && t.path === path && t.preview)) continue;
    next = withGroup(next, id, { ...g, tabs: g.tabs.map((t) => (t.kind === 'file' && t.path === path ? { ...t, preview: false } : t)) });
  }
  return next;
}

/** Makes `tab` the active tab of `group`, and `group` the active group. */
export function activateTab(state: TabsState, group: GroupId, tab: TabRef): TabsState {
  const g = groupOf(state, group);
  const found = g?.tabs.find((t) => sameTab(t, tab));
  if (!g || !found) return state;
  if (sameTab(g.active, tab) && state.activeGroup === group) return state;
  return withGroup(state, group, { ...g, active: refOf(found) }, group);
}

/** Makes `group` the active group (the designer clicked or typed in it). */
export function focusGroup(state: TabsState, group: GroupId): TabsState {
  if (state.activeGroup === group || !groupOf(state, group)) return state;
  return normalized({ ...state, activeGroup: group });
}

/** Closes a tab; the neighbour to its right (else left) becomes the group's active tab. */
export function closeTab(state: TabsState, group: GroupId, tab: TabRef): TabsState {
  const g = groupOf(state, group);
  const index = g ? g.tabs.findIndex((t) => sameTab(t, tab)) : -1;
  if (!g || index < 0) return state;
  const tabs = g.tabs.filter((_, i) => i !== index);
  const active = sameTab(g.active, tab) ? refOf(tabs[index] ?? tabs[index - 1]) : g.active;
  return withGroup(state, group, { tabs, active });
}

/** Closes every tab of `group` but `tab`. */
export function closeOtherTabs(state: TabsState, group: GroupId, tab: TabRef): TabsState {
  const g = groupOf(state, group);
  const keep = g?.tabs.filter((t) => sameTab(t, tab)) ?? [];
  if (!g || keep.length === 0 || (g.tabs.length === 1 && sameTab(g.active, tab))) return state;
  return withGroup(state, group, { tabs: keep, active: refOf(keep[0]) });
}

/**
 * "Open flow graph to the side": the graph of `path` in the side group (made when
 * missing). The active group does not change, as the focus stays in the editor.
 */
export function openGraphTab(state: TabsState, path: string): TabsState {
  const g = state.side ?? EMPTY_GROUP;
  const ref: TabRef = { kind: 'graph', path };
  const existing = g.tabs.find((t) => sameTab(t, ref));
  if (existing && sameTab(g.active, ref)) return state;
  const tabs = existing ? g.tabs : [...g.tabs, { kind: 'graph', path } as const];
  return withGroup(state, 'side', { tabs, active: ref });
}

/**
 * "Split Editor Right": the active group's active file, opened (pinned) in the other
 * group, which is made when missing and becomes the active group. Nothing happens when
 * the active tab is not a file.
 */
export function splitEditor(state: TabsState): TabsState {
  const path = activeFileOf(state, state.activeGroup);
  if (path === undefined) return state;
  return openFileTab(state, path, { preview: false, group: otherGroup(state.activeGroup) });
}

/** A file was deleted on disk: its tabs (file and graph) go from every group. */
export function removePath(state: TabsState, path: string): TabsState {
  // One tab at a time: closing one can move the side group's tabs into the main group.
  for (let next = state; ; ) {
    const id = groupIds(next).find((g) => groupOf(next, g)!.tabs.some((t) => t.path === path));
    const tab = id && groupOf(next, id)!.tabs.find((t) => t.path === path);
    if (!id || !tab) return next;
    next = closeTab(next, id, tab);
  }
}

/**
 * A file was renamed (in a change request, by anyone): its tabs (file and graph) keep their place
 * under the new path in every group, active ones staying active; a group already showing `to`
 * keeps that tab and drops the old one.
 */
export function renamePath(state: TabsState, from: string, to: string): TabsState {
  if (from === to) return state;
  let next = state;
  for (const id of groupIds(state)) {
    const g = groupOf(next, id)!;
    if (!g.tabs.some((t) => t.path === from)) continue;
    const tabs = g.tabs.flatMap((t): Tab[] => {
      if (t.path !== from) return [t];
      return g.tabs.some((o) => o.kind === t.kind && o.path === to) ? [] : [{ ...t, path: to }];
    });
    const active = g.active?.path === from ? { kind: g.active.kind, path: to } : g.active;
    next = withGroup(next, id, { tabs, active });
  }
  return next;
}

// --- invariants ---------------------------------------------------------------

/** `state` with `group` replaced (made when it is the missing side group) and the invariants restored. */
function withGroup(state: TabsState, id: GroupId, group: EditorGroup, activeGroup: GroupId = state.activeGroup): TabsState {
  return normalized(id === 'main' ? { ...state, main: group, activeGroup } : { ...state, side: group, activeGroup });
}

function normalized(state: TabsState): TabsState {
  let { main, side, activeGroup } = state;
  if (side && side.tabs.length === 0) side = undefined;
  if (side && main.tabs.length === 0) [main, side] = [side, undefined];
  if (activeGroup === 'side' && !side) activeGroup = 'main';
  const shaped: TabsState = { main, side, activeGroup, active: undefined };
  return { ...shaped, active: activeFileOf(shaped, activeGroup) ?? (side ? activeFileOf(shaped, otherGroup(activeGroup)) : undefined) };
}
