/**
 * The editor's symbol commands in the workbench's registry, so that they are
 * in the command palette with their shortcuts and the shortcuts work wherever
 * the focus is: Go to Definition (F12), Find References (Shift+F12), Rename
 * Symbol (F2). Each runs Monaco's own action on the editor, which asks the
 * providers of languageFeatures.ts. (Go to Symbol in File/Workspace are quick
 * open's: see builtinCommands.ts.)
 *
 * Lifecycle: registered once by EditorModels when Monaco is loaded; the
 * returned function unregisters them.
 */
import type * as MonacoApi from '../../editor/monacoCore.ts';
import type { CommandRegistry } from '../../workbench/commands.ts';

/** Our command id → Monaco's action id, title and shortcut. The shortcuts are VS Code's. */
export const SYMBOL_COMMANDS = [
  { id: 'symbol.goToDefinition', action: 'editor.action.revealDefinition', title: 'Go to Definition', keybinding: 'F12' },
  { id: 'symbol.findReferences', action: 'editor.action.goToReferences', title: 'Find References', keybinding: 'Shift+F12' },
  { id: 'symbol.rename', action: 'editor.action.rename', title: 'Rename Symbol', keybinding: 'F2' },
] as const;

/** `editor`: the editor to act on; EditorModels passes one that forwards to the active group's editor. */
export function registerSymbolCommands(commands: CommandRegistry, editor: Pick<MonacoApi.editor.ICodeEditor, 'getModel' | 'focus' | 'trigger'>): () => void {
  const disposers = SYMBOL_COMMANDS.map((c) =>
    commands.register({
      id: c.id,
      title: c.title,
      keybinding: c.keybinding,
      enabled: () => editor.getModel() !== null,
      run: () => {
        editor.focus();
        // `trigger`, not `getAction(…).run()`: the navigation actions are Action2s, which `getAction` does not list.
        editor.trigger('keyboard', c.action, null);
      },
    }),
  );
  return () => {
    for (const dispose of disposers) dispose();
  };
}
