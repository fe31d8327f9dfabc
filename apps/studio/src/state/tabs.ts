/**
 * The editor area's tabs, as plain immutable data and pure transitions.
 *
 * Like VS Code: opening a file from the explorer or quick open shows it in a
 * *preview* tab (italic) that the next preview replaces; editing the file or
 * double-clicking the tab pins it. The main group holds file tabs; the side
 * group holds flow-graph tabs ("Open flow graph to the side").
 */
export interface Tab {
  readonly path: string;
  readonly preview: boolean;
}

export interface TabsState {
  readonly tabs: readonly Tab[];
  readonly active: string | undefined;
  /** Flow files whose graph is open in the side group. */
  readonly side: readonly string[];
  readonly sideActive: string | undefined;
}

export const EMPTY_TABS: TabsState = { tabs: [], active: undefined, side: [], sideActive: undefined };

export function openTab(state: TabsState, path: string, options: { preview?: boolean } = {}): TabsState {
  const preview = options.preview ?? true;
  const existing = state.tabs.find((t) => t.path === path);
  if (existing) {
    const tabs = !preview && existing.preview ? state.tabs.map((t) => (t.path === path ? { path, preview: false } : t)) : state.tabs;
    return { ...state, tabs, active: path };
  }
  const tab: Tab = { path, preview };
  const previewIndex = preview ? state.tabs.findIndex((t) => t.preview) : -1;
  if (previewIndex >= 0) {
    const tabs = state.tabs.slice();
    tabs[previewIndex] = tab;
    return { ...state, tabs, active: path };
  }
  const activeIndex = state.tabs.findIndex((t) => t.path === state.active);
  const tabs = state.tabs.slice();
  tabs.splice(activeIndex < 0 ? tabs.length : activeIndex + 1, 0, tab);
  return { ...state, tabs, active: path };
}

export function pinTab(state: TabsState, path: string): TabsState {
  if (!state.tabs.some((t) => t.path === path && t.preview)) return state;
  return { ...state, tabs: state.tabs.map((t) => (t.path === path ? { path, preview: false } : t)) };
}

export function activateTab(state: TabsState, path: string): TabsState {
  return state.tabs.some((t) => t.path === path) ? { ...state, active: path } : state;
}

/** Closes a tab; the neighbour to its right (else left) becomes active. */
export function closeTab(state: TabsState, path: string): TabsState {
  const index = state.tabs.findIndex((t) => t.path === path);
  if (index < 0) return state;
  const tabs = state.tabs.filter((t) => t.path !== path);
  const active = state.active === path ? (tabs[index] ?? tabs[index - 1])?.path : state.active;
  return { ...state, tabs, active };
}

export function closeOthers(state: TabsState, path: string): TabsState {
  const keep = state.tabs.filter((t) => t.path === path);
  return { ...state, tabs: keep, active: keep[0]?.path };
}

/** A file was renamed or deleted on disk: drop or retarget its tabs. */
export function removePath(state: TabsState, path: string): TabsState {
  const closed = closeTab(state, path);
  const side = closed.side.filter((p) => p !== path);
  return { ...closed, side, sideActive: closed.sideActive === path ? side[side.length - 1] : closed.sideActive };
}

export function openSide(state: TabsState, path: string): TabsState {
  const side = state.side.includes(path) ? state.side : [...state.side, path];
  return { ...state, side, sideActive: path };
}

export function closeSide(state: TabsState, path: string): TabsState {
  const index = state.side.indexOf(path);
  if (index < 0) return state;
  const side = state.side.filter((p) => p !== path);
  const sideActive = state.sideActive === path ? (side[index] ?? side[index - 1]) : state.sideActive;
  return { ...state, side, sideActive };
}

export function activateSide(state: TabsState, path: string): TabsState {
  return state.side.includes(path) ? { ...state, sideActive: path } : state;
}
