/** The workbench's own commands. Each returns to the registry's disposer list. */
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { isFlowPath } from '../state/kinds.ts';
import { activeFileOf } from '../state/tabs.ts';
import type { CommandRegistry } from './commands.ts';
import type { PanelTab } from './BottomPanel.tsx';

export interface WorkbenchControls {
  showView(view: 'explorer' | 'search' | 'outline' | 'simulate'): void;
  toggleSidebar(): void;
  focusSearch(): void;
  showPanel(tab: PanelTab): void;
  togglePanel(): void;
  /** `query` is what the input starts with: quick open reads `@name` as symbols of the active file, `#name` as workspace symbols. */
  openPicker(kind: 'commands' | 'files', query?: string): void;
  /** Shows Test & Simulate's Tests section and runs every scripted test. */
  runTests(): void;
}

export function registerBuiltinCommands(commands: CommandRegistry, store: WorkbenchStore, ui: WorkbenchControls): () => void {
  const active = () => store.state.tabs.active;
  const disposers = [
    commands.register({ id: 'workbench.commandPalette.show', title: 'Show All Commands', keybinding: 'Mod+Shift+P', run: () => ui.openPicker('commands') }),
    commands.register({ id: 'workbench.quickOpen.show', title: 'Go to File…', keybinding: 'Mod+P', run: () => ui.openPicker('files') }),
    // VS Code's Ctrl+Shift+O; its Ctrl+T opens a browser tab, which a page cannot prevent, hence Mod+Alt+O.
    commands.register({ id: 'symbol.goToInFile', title: 'Go to Symbol in File…', keybinding: 'Mod+Shift+O', run: () => ui.openPicker('files', '@') }),
    commands.register({ id: 'symbol.goToInWorkspace', title: 'Go to Symbol in Workspace…', keybinding: 'Mod+Alt+O', run: () => ui.openPicker('files', '#') }),
    commands.register({
      id: 'file.save',
      category: 'File',
      title: 'Save',
      keybinding: 'Mod+S',
      run: () => {
        const path = active();
        if (path) void store.save(path);
      },
    }),
    commands.register({
      id: 'file.saveAll',
      category: 'File',
      title: 'Save All',
      keybinding: 'Mod+Alt+S',
      run: () => {
        for (const f of store.state.files.values()) if (f.dirty) void store.save(f.path);
      },
    }),
    commands.register({
      id: 'file.revert',
      category: 'File',
      title: 'Revert File',
      enabled: () => active() !== undefined,
      run: () => {
        const path = active();
        if (path) void store.reload(path);
      },
    }),
    commands.register({
      id: 'flow.graph.openToSide',
      category: 'Flow',
      title: 'Open flow graph to the side',
      keybinding: 'Mod+K',
      enabled: () => {
        const path = active();
        return path !== undefined && isFlowPath(path);
      },
      run: () => {
        const path = active();
        if (path) store.openGraph(path);
      },
    }),
    // The active group's active tab, a file or a graph.
    commands.register({ id: 'workbench.tabs.close', category: 'View', title: 'Close Editor', keybinding: 'Alt+W', run: () => store.closeActiveEditor() }),
    commands.register({ id: 'workbench.tabs.closeOthers', category: 'View', title: 'Close Other Editors', run: () => store.closeOtherEditors() }),
    commands.register({
      id: 'workbench.editor.splitRight',
      category: 'View',
      title: 'Split Editor Right',
      keybinding: 'Mod+\\',
      enabled: () => activeFileOf(store.state.tabs, store.state.tabs.activeGroup) !== undefined,
      run: () => store.splitEditor(),
    }),
    // VS Code's Ctrl+1 / Ctrl+2 switch the browser's tabs, which a page cannot prevent: palette only.
    commands.register({ id: 'workbench.editor.focusFirstGroup', category: 'View', title: 'Focus First Editor Group', run: () => store.focusGroup('main', { focusEditor: true }) }),
    commands.register({
      id: 'workbench.editor.focusSecondGroup',
      category: 'View',
      title: 'Focus Second Editor Group',
      enabled: () => store.state.tabs.side !== undefined,
      run: () => store.focusGroup('side', { focusEditor: true }),
    }),
    commands.register({ id: 'workbench.view.explorer', category: 'View', title: 'Show Explorer', keybinding: 'Mod+Shift+E', run: () => ui.showView('explorer') }),
    commands.register({ id: 'workbench.view.search', category: 'View', title: 'Search in Files', keybinding: 'Mod+Shift+F', run: () => ui.focusSearch() }),
    commands.register({ id: 'workbench.view.outline', category: 'View', title: 'Show Outline', run: () => ui.showView('outline') }),
    commands.register({ id: 'workbench.view.simulate', category: 'View', title: 'Show Test & Simulate', run: () => ui.showView('simulate') }),
    commands.register({ id: 'test.runAll', category: 'Test', title: 'Run All Tests', run: () => ui.runTests() }),
    commands.register({ id: 'workbench.sidebar.toggle', category: 'View', title: 'Toggle Side Bar', keybinding: 'Mod+B', run: () => ui.toggleSidebar() }),
    commands.register({ id: 'workbench.panel.problems', category: 'View', title: 'Show Problems', keybinding: 'Mod+Shift+M', run: () => ui.showPanel('problems') }),
    commands.register({ id: 'workbench.panel.output', category: 'View', title: 'Show Output', run: () => ui.showPanel('output') }),
    commands.register({ id: 'workbench.panel.trace', category: 'View', title: 'Show Try-it Trace', run: () => ui.showPanel('trace') }),
    commands.register({ id: 'workbench.panel.toggle', category: 'View', title: 'Toggle Panel', keybinding: 'Mod+J', run: () => ui.togglePanel() }),
    commands.register({ id: 'workspace.reload', category: 'Workspace', title: 'Reload Files from Disk', run: () => void store.load() }),
  ];
  return () => {
    for (const dispose of disposers) dispose();
  };
}
