/** Notices (bottom right): a message with action buttons, dismissable. */
import { For, type JSX } from 'solid-js';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { useStore } from '../state/useStore.ts';

export function Notices(props: { store: WorkbenchStore }): JSX.Element {
  const state = useStore(props.store);
  return (
    <div class="notices" aria-live="polite">
      <For each={state().notices}>
        {(notice) => (
          <div class={`notice ${notice.severity}`} role={notice.severity === 'error' ? 'alert' : 'status'} data-testid="notice">
            <div class="notice-message">{notice.message}</div>
            <div class="notice-actions">
              <For each={notice.actions}>{(action) => <button onClick={() => action.run()}>{action.label}</button>}</For>
              <button class="notice-close" aria-label="Dismiss" onClick={() => props.store.dismiss(notice.id)}>×</button>
            </div>
          </div>
        )}
      </For>
    </div>
  );
}
