/** The palette's change request commands: start one, open one, back to the published workspace. */
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { refusalFor } from '../state/permissions.ts';
import type { CommandRegistry } from './commands.ts';

export interface ChangeRequestControls {
  startChange(): void;
  openChange(): void | Promise<void>;
  showPublished(): void;
}

export function registerChangeRequestCommands(commands: CommandRegistry, store: WorkbenchStore, ui: ChangeRequestControls): () => void {
  const disposers = [
    commands.register({
      id: 'change.start',
      category: 'Change Request',
      title: 'Start a Change Request',
      enabled: () => refusalFor(store.state.account, 'change.create') === undefined,
      run: () => ui.startChange(),
    }),
    commands.register({ id: 'change.open', category: 'Change Request', title: 'Open a Change Request…', run: () => void ui.openChange() }),
    commands.register({
      id: 'change.showPublished',
      category: 'Change Request',
      title: 'Show the Published Workspace',
      enabled: () => store.state.mode.kind === 'change',
      run: () => ui.showPublished(),
    }),
  ];
  return () => disposers.forEach((dispose) => dispose());
}
