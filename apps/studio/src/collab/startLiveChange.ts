/**
 * The browser's live session of a change request: LiveChange over the page's
 * WebSocket, y-indexeddb for each file's offline copy, and the browser's
 * online/offline events. Imported dynamically by main.tsx, after the first
 * paint, so Yjs and its providers are not in the first page's JavaScript.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { LiveChange } from './LiveChange.ts';
import { collabServerUrl } from './rooms.ts';

export function startLiveChange(options: { store: WorkbenchStore; change: string; workspace: string; account: string; onAccessChanged: () => void }): LiveChange {
  return new LiveChange({
    ...options,
    onRefused: (path, reason) =>
      options.store.notify('error', `The server refused your last edit of ${path}: ${reason}. It is kept in this browser but reaches nobody; undo it (Ctrl+Z) to carry on.`, [], path),
    onEnded: (reason) => {
      options.store.notify('info', reason);
      options.onAccessChanged(); // the title bar and the editors follow the change's new state
    },
    serverUrl: collabServerUrl(location),
    offline: (name, doc) => new IndexeddbPersistence(name, doc),
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
