/**
 * New File, Rename and Delete in a change request (the Explorer's actions and
 * the File commands), and restoring an offline copy that could not merge.
 *
 * Rules:
 * - Only inside a change request that takes this person's edits
 *   (`editRefusal`); elsewhere `refusal()` says why and nothing is sent. The
 *   server decides regardless: its refusal is shown word for word.
 * - A name is checked before the request (features/explorer fileNames.ts);
 *   a new file is created only if absent (`create: true`, 409 otherwise), so
 *   two people choosing one name never overwrite each other.
 * - The tree, the tabs and the notices follow the live index, the same way
 *   for the person acting as for everyone else (collab/LiveChange.ts): the
 *   operation is announced on the index's awareness first so the others'
 *   notices can name who did it.
 */
import type { KeptCopy } from '../collab/LiveChange.ts';
import type { FileOperation } from '../collab/indexChanges.ts';
import type { FileOperationResult } from '../api/ChangeWorkspaceApi.ts';
import type { SaveResult } from '../api/StudioApi.ts';
import { editRefusal } from '../state/editAccess.ts';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { newFileContent, restoredName } from '../features/explorer/headless.ts';

/** The change request's file API (api/ChangeWorkspaceApi.ts). */
export interface FileOperationsApi {
  createFile(path: string, content: string): Promise<SaveResult>;
  renameFile(from: string, to: string): Promise<FileOperationResult>;
  deleteFile(path: string): Promise<FileOperationResult>;
}

/** What the live session offers here: announcing an operation on the index's awareness. */
export interface OperationAnnouncer {
  announce(operation: FileOperation): void;
}

/** How long a new file may take to reach this page through the live index before it is read directly. */
const APPEAR_MS = 3000;

export class FileOperations {
  constructor(
    private readonly store: WorkbenchStore,
    /** Undefined in the published workspace. */
    private readonly api: FileOperationsApi | undefined,
    private readonly live?: Promise<OperationAnnouncer | undefined>,
    private readonly copyText: (text: string) => Promise<void> = (text) => navigator.clipboard.writeText(text),
  ) {}

  /** True inside a change request: the actions are shown there (enabled or not). */
  shown(): boolean {
    return this.api !== undefined && this.store.state.mode.kind === 'change';
  }

  /** Why files cannot be made, renamed or deleted here; undefined when they can. */
  refusal(): string | undefined {
    const { mode, account } = this.store.state;
    if (!this.api) return editRefusal({ kind: 'published' }, account);
    return editRefusal(mode, account);
  }

  /** The change request's id ('' outside one). */
  change(): string {
    const mode = this.store.state.mode;
    return mode.kind === 'change' ? mode.change.id : '';
  }

  /** The names a new file may not take: every file and buffer of the change's view. */
  existing(): ReadonlySet<string> {
    return new Set(this.store.state.files.keys());
  }

  /** Creates `path` in the change (with the first content of its kind unless given) and opens it. */
  async create(path: string, content = newFileContent(path)): Promise<boolean> {
    if (!this.allowed(`create ${path}`)) return false;
    await this.announce({ type: 'create', path });
    const result = await this.api!.createFile(path, content);
    if (result.type !== 'saved') {
      this.store.notify('error', `Could not create ${path}: ${result.error}`);
      return false;
    }
    // It reaches the tree through the live index, as it does for everyone; read directly if that is slow.
    if (!(await this.appeared(path))) await this.store.reload(path);
    this.store.openFile(path, { preview: false });
    this.store.log(`Created ${path} in ${this.change()}.`);
    return true;
  }

  /** Renames `from` to `to`; the tabs (everyone's) follow when the live index says so. */
  async rename(from: string, to: string): Promise<boolean> {
    if (!this.allowed(`rename ${from}`)) return false;
    await this.announce({ type: 'rename', from, to });
    const result = await this.api!.renameFile(from, to);
    if (!result.ok) this.store.notify('error', `Could not rename ${from}: ${result.error}`);
    return result.ok;
  }

  /** Deletes `path` from the change; its tabs (everyone's) close when the live index says so. */
  async delete(path: string): Promise<boolean> {
    if (!this.allowed(`delete ${path}`)) return false;
    await this.announce({ type: 'delete', path });
    const result = await this.api!.deleteFile(path);
    if (!result.ok) this.store.notify('error', `Could not delete ${path}: ${result.error}`);
    return result.ok;
  }

  /**
   * An offline copy's text that could not merge (collab/LiveChange.ts `onOfflineCopy`): a notice
   * that keeps it until the person restores it as a new file, copies it, or dismisses it.
   */
  offerRestore(copy: KeptCopy): void {
    this.store.notify('warning', copy.message, [
      { label: 'Restore as a new file', run: () => void this.restore(copy.path, copy.text) },
      {
        label: 'Copy the text',
        run: () =>
          void this.copyText(copy.text).then(
            () => this.store.notify('info', `The text of your copy of ${copy.path} is on the clipboard.`),
            (error: unknown) => this.offerRestore({ ...copy, message: `Could not copy the text (${(error as Error).message}). ${copy.message}` }),
          ),
      },
    ]);
  }

  /** Creates the kept text under a free name beside `path` (`-restored`) and opens it. */
  async restore(path: string, text: string): Promise<boolean> {
    const name = restoredName(path, this.existing());
    const done = await this.create(name, text);
    if (done) this.store.notify('info', `Your copy of ${path} is restored as ${name}.`);
    else this.offerRestore({ path, text, message: `Your copy of ${path} is still kept here.` });
    return done;
  }

  private allowed(what: string): boolean {
    const refusal = this.refusal();
    if (refusal === undefined) return true;
    this.store.notify('warning', `Could not ${what}: ${refusal}`);
    return false;
  }

  private async announce(operation: FileOperation): Promise<void> {
    (await this.live)?.announce(operation);
  }

  /** Resolves true once the store holds `path`, false after APPEAR_MS. */
  private appeared(path: string): Promise<boolean> {
    if (this.store.file(path)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => (unsubscribe(), resolve(false)), APPEAR_MS);
      const unsubscribe = this.store.subscribe((state) => {
        if (!state.files.has(path)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(true);
      });
    });
  }
}
