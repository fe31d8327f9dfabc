/**
 * The File commands of a change request (New File…, Rename…, Delete) and the Explorer's actions
 * on its entries: each asks in a picker (the command palette's QuickPick: a name checked as it is
 * typed, or a confirmation naming the file), then FileOperations calls the server. The commands
 * are in the palette only where this person may change files (elsewhere the Explorer shows its
 * actions disabled with the reason). F2 and Delete are the Explorer's own keys, not global ones:
 * in the editor they stay Monaco's (F2 renames a symbol).
 */
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import type { CommandRegistry } from './commands.ts';
import type { FileOperations } from './FileOperations.ts';
import type { QuickPickItem } from './QuickPick.tsx';
import { deleteItems, folderPrefix, nameSelection, newFileItems, renameItems, type ExplorerFileActions } from '../features/explorer/headless.ts';

/** A picker the workbench shows for a file action. */
export interface FilePrompt {
  readonly testId: string;
  readonly placeholder: string;
  readonly initialQuery?: string;
  readonly initialSelection?: readonly [number, number];
  readonly items: (query: string) => readonly QuickPickItem[];
  readonly onPick: (item: QuickPickItem) => void;
}

export function registerFileCommands(
  commands: CommandRegistry,
  store: WorkbenchStore,
  operations: FileOperations,
  prompt: (prompt: FilePrompt) => void,
): { readonly actions: ExplorerFileActions; dispose(): void } {
  const allowed = () => operations.shown() && operations.refusal() === undefined;
  const refused = (what: string): boolean => {
    const refusal = operations.refusal();
    if (refusal !== undefined) store.notify('warning', `Could not ${what}: ${refusal}`);
    return refusal !== undefined;
  };
  const actions: ExplorerFileActions = {
    shown: () => operations.shown(),
    refusal: () => operations.refusal(),
    newFile(folder) {
      if (refused('create a file')) return;
      const change = operations.change();
      prompt({
        testId: 'new-file-picker',
        placeholder: `New file in ${change}: its path from the workspace folder, then Enter`,
        initialQuery: folderPrefix(folder),
        items: (query) => newFileItems(query, { existing: operations.existing(), change }),
        onPick: (item) => void operations.create(item.id),
      });
    },
    rename(path) {
      if (refused(`rename ${path}`)) return;
      const change = operations.change();
      prompt({
        testId: 'rename-file-picker',
        placeholder: `Rename ${path}: its new path, then Enter`,
        initialQuery: path,
        initialSelection: nameSelection(path),
        items: (query) => renameItems(query, { existing: operations.existing(), change, from: path }),
        onPick: (item) => void operations.rename(path, item.id),
      });
    },
    delete(path) {
      if (refused(`delete ${path}`)) return;
      const change = operations.change();
      prompt({
        testId: 'delete-file-picker',
        placeholder: `Delete ${path} from ${change}?`,
        items: () => deleteItems(path, change),
        onPick: (item) => item.id === path && void operations.delete(path),
      });
    },
  };
  const active = () => store.state.tabs.active;
  const folderOfActive = () => {
    const path = active();
    return path?.includes('/') ? path.slice(0, path.lastIndexOf('/')) : undefined;
  };
  const disposers = [
    commands.register({ id: 'file.new', category: 'File', title: 'New File…', enabled: allowed, run: () => actions.newFile(folderOfActive()) }),
    commands.register({
      id: 'file.rename',
      category: 'File',
      title: 'Rename…',
      enabled: () => allowed() && active() !== undefined,
      run: () => {
        const path = active();
        if (path) actions.rename(path);
      },
    }),
    commands.register({
      id: 'file.delete',
      category: 'File',
      title: 'Delete',
      enabled: () => allowed() && active() !== undefined,
      run: () => {
        const path = active();
        if (path) actions.delete(path);
      },
    }),
  ];
  return { actions, dispose: () => disposers.forEach((dispose) => dispose()) };
}
