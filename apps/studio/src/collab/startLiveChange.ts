/**
 * The browser's live session of a change request: LiveChange over the page's
 * WebSocket, y-indexeddb for each file's offline copy, and the browser's
 * online/offline events. Imported dynamically by main.tsx, after the first
 * paint, so Yjs and its providers are not in the first page's JavaScript.
 */
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { LiveChange, type KeptCopy, type OfflineCopies, type OfflineStore } from './LiveChange.ts';
import { collabServerUrl } from './rooms.ts';

export function startLiveChange(options: {
  store: WorkbenchStore;
  change: string;
  workspace: string;
  account: string;
  onAccessChanged: () => void;
  /** An offline copy's text that could not merge: the studio offers to restore it (workbench/FileOperations.ts). */
  onOfflineCopy: (copy: KeptCopy) => void;
}): LiveChange {
  return new LiveChange({
    ...options,
    onRefused: (path, reason) =>
      options.store.notify('error', `The server refused your last edit of ${path}: ${reason}. It is kept in this browser but reaches nobody; undo it (Ctrl+Z) to carry on.`, [], path),
    onEditsNotTaken: (path, reason) => {
      const copy = { label: 'Copy the file as you see it', run: () => void navigator.clipboard?.writeText(options.store.file(path)?.text ?? '') };
      options.store.notify('warning', `What you typed in ${path} last is not in ${options.change}: ${reason} It stays in your editor and this browser only, and is sent if the change comes back to you for changes.`, [copy], path);
    },
    onEnded: (reason) => {
      options.store.notify('info', reason);
      options.onAccessChanged(); // the title bar and the editors follow the change's new state
    },
    serverUrl: collabServerUrl(location),
    offline: indexedDbCopies,
    network: {
      online: () => navigator.onLine,
      subscribe(listener) {
        window.addEventListener('online', listener);
        window.addEventListener('offline', listener);
        return () => (window.removeEventListener('online', listener), window.removeEventListener('offline', listener));
      },
    },
  });
}

/** Where a copy says it holds edits the server has not received (y-indexeddb's `custom` store). */
const UNSYNCED = 'colloquy:unsynced';

/** Offline copies in IndexedDB, one database per file document (rooms.ts `offlineDatabaseName`). */
const indexedDbCopies: OfflineCopies = {
  open(name: string, doc: Y.Doc): OfflineStore {
    const persistence = new IndexeddbPersistence(name, doc);
    // Read as soon as it is loaded, before this page marks anything.
    const was = persistence.whenSynced.then(() => persistence.get(UNSYNCED)).then(
      (value) => value === 1,
      () => false,
    );
    return {
      whenSynced: persistence.whenSynced,
      destroy: () => persistence.destroy(),
      // y-indexeddb's clearData does not wait for the deletion; this does.
      clearData: async () => {
        await persistence.destroy();
        await clearDocument(name);
      },
      markUnsynced: (unsynced) => void persistence.set(UNSYNCED, unsynced ? 1 : 0).catch(() => undefined),
      wasUnsynced: () => was,
    };
  },
  clear: async (name) => void (await clearDocument(name)),
  // Chromium and recent Firefox list their databases; elsewhere copies are found only by opening their files.
  list: async (prefix) =>
    typeof indexedDB.databases === 'function' ? (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.startsWith(prefix)) : [],
};
