/** The store's state as a Solid signal, unsubscribed with the owner. */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { WorkbenchState, WorkbenchStore } from './WorkbenchStore.ts';

export function useStore(store: WorkbenchStore): Accessor<WorkbenchState> {
  const [state, setState] = createSignal(store.state, { equals: false });
  const off = store.subscribe(setState);
  onCleanup(off);
  return state;
}
