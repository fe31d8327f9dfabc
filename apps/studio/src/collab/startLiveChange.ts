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

/** Offline copies in IndexedDB, one database per file document (rooms.ts `offlineDatabaseName`). */
const indexedDbCopies: OfflineCopies = {
  open(name: string, doc: Y.Doc): OfflineStore {
    const persistence = new IndexeddbPersistence(name, doc);
    return {
      whenSynced: persistence.whenSynced,
      destroy: () => persistence.destroy(),
      // y-indexeddb's clearData does not wait for the deletion; this does.
      clearData: async () => {
        await persistence.destroy();
        await clearDocument(name);
      },
    };
  },
  clear: async (name) => void (await clearDocument(name)),
};
