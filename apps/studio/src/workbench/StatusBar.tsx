/**
 * The status bar: problem counts, workspace, why the active file is read-only (when it is), cursor,
 * recognizer, the model simulations run, the change request's live connection (with unsynced edits),
 * the server connection, who is signed in.
 */
import { createMemo, Show, type JSX } from 'solid-js';
import type { RecognizerDescription } from '../api/ServerRecognizer.ts';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { useStore } from '../state/useStore.ts';
import { countProblems } from '../state/problems.ts';
import { modelIdentityStatus } from '../state/modelIdentity.ts';
import { recognizerStatus } from '../state/recognizerStatus.ts';
import type { TryItRecognizerState } from '../worker/TryItRecognizer.ts';
import { editRefusal } from '../state/editAccess.ts';
import { liveStatusLabel } from '../collab/connection.ts';

export function StatusBar(props: {
  store: WorkbenchStore;
  onProblems: () => void;
  tryItModel?: () => TryItRecognizerState;
  /** The model the server's simulations run (GET /api/recognizer), when known. */
  serverModel?: () => RecognizerDescription | undefined;
  /** Signs out; the account's item offers it when given. */
  onSignOut?: () => void;
}): JSX.Element {
  const state = useStore(props.store);
  const counts = createMemo(() => countProblems(state().diagnostics));
  const connection = () => state().connection;
  // Re-parsed only when agent.yaml's text changes, not on every keystroke elsewhere.
  const agentText = createMemo(() => state().files.get('agent.yaml')?.text);
  const recognizer = createMemo(() => recognizerStatus(agentText(), props.tryItModel?.()));
  const modelIdentity = createMemo(() => modelIdentityStatus(props.serverModel?.()));
  const live = createMemo(() => state().live?.status);
  const readOnly = createMemo(() => {
    const s = state();
    const path = s.tabs.active;
    if (path === undefined) return undefined;
    return editRefusal(s.mode, s.account, s.mode.kind === 'published' ? undefined : (s.live?.files.get(path) ?? 'pending'));
  });
  return (
    <footer class="statusbar" role="contentinfo">
      <button class="status-item" data-testid="status-problems" onClick={() => props.onProblems()} title="Show Problems" aria-label={`${counts().errors} errors, ${counts().warnings} warnings`}>
        ✖ {counts().errors} ⚠ {counts().warnings}
      </button>
      <span class="status-item">{state().workspaceName}</span>
      <Show when={readOnly()}>
        {(reason) => (
          <span class="status-item" data-testid="status-readonly" title={reason()} aria-label={`Read-only: ${reason()}`}>
            🔒 Read-only
          </span>
        )}
      </Show>
      <span class="spacer" />
      <span class="status-item" data-testid="status-cursor">
        {state().tabs.active ? `Ln ${state().cursor.line}, Col ${state().cursor.column}` : ''}
      </span>
      <span class="status-item" data-testid="status-recognizer" title={recognizer().title}>
        {recognizer().label}
      </span>
      <Show when={modelIdentity()}>
        {(identity) => (
          <span class="status-item" data-testid="status-model" title={identity().title}>
            {identity().label}
          </span>
        )}
      </Show>
      <Show when={live()}>
        {(status) => (
          <span class={`status-item connection ${status().connection}`} data-testid="status-live" data-state={status().connection} data-unsynced={String(status().unsynced)} title={liveStatusLabel(status()).title} role="status">
            {liveStatusLabel(status()).label}
          </span>
        )}
      </Show>
      <span class={`status-item connection ${connection()}`} data-testid="status-connection" data-state={connection()} role="status">
        {connection() === 'online' ? '● online' : connection() === 'offline' ? '○ offline' : '◌ connecting'}
      </span>
      <Show when={state().account}>
        {(account) => (
          <>
            <span class="status-item account" data-testid="status-account" title={`Signed in as ${account().name}, in the role${account().roles.length === 1 ? '' : 's'} ${account().roles.join(', ')}`}>
              {account().name} · {account().roles.join(', ')}
            </span>
            <Show when={props.onSignOut}>
              <button class="status-item" data-testid="sign-out" title={`Sign ${account().name} out`} onClick={() => props.onSignOut?.()}>
                Sign out
              </button>
            </Show>
          </>
        )}
      </Show>
    </footer>
  );
}
