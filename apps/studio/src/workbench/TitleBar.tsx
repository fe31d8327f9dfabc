/**
 * The title bar: what this page edits. In a change request: its id, title and
 * state, who else is in it (avatars), and the way back to the published
 * workspace. In the published workspace: that it is read-only, "Start a change
 * request", and the picker of open change requests to join.
 */
import { createMemo, Show, type JSX } from 'solid-js';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { useStore } from '../state/useStore.ts';
import { refusalFor } from '../state/permissions.ts';
import { stateWords } from '../state/editAccess.ts';
import { Avatars } from './Avatars.tsx';

export function TitleBar(props: { store: WorkbenchStore; onStart: () => void; onOpen: () => void; onPublished: () => void }): JSX.Element {
  const state = useStore(props.store);
  const mode = createMemo(() => state().mode);
  const change = createMemo(() => {
    const m = mode();
    return m.kind === 'change' ? m.change : undefined;
  });
  const people = createMemo(() => state().live?.people ?? []);
  const startRefusal = createMemo(() => refusalFor(state().account, 'change.create'));
  return (
    <header class="titlebar" data-testid="title-bar">
      <span class="titlebar-workspace">{state().workspaceName || 'Colloquy'}</span>
      <Show
        when={change()}
        fallback={
          <>
            <span class="titlebar-mode" data-testid="title-mode" data-mode="published" title="The published workspace changes only through a reviewed change request.">
              Published workspace · read-only
            </span>
            <button class="titlebar-button primary" data-testid="start-change" disabled={startRefusal() !== undefined} title={startRefusal() ?? 'Start a change request: a draft of the workspace you and others can edit live'} onClick={() => props.onStart()}>
              Start a change request
            </button>
          </>
        }
      >
        {(c) => (
          <>
            <span class="titlebar-mode" data-testid="title-mode" data-mode="change" data-change={c().id} data-state={c().state}>
              <strong>{c().id}</strong> {c().title} <span class={`change-state ${c().state}`}>{stateWords(c().state)}</span>
            </span>
            <Avatars people={people()} where={c().id} />
            <button class="titlebar-button" data-testid="show-published" title="Leave the change request and show the published workspace (read-only)" onClick={() => props.onPublished()}>
              Published workspace
            </button>
          </>
        )}
      </Show>
      <button class="titlebar-button" data-testid="open-change" title="Open a change request that takes edits (a draft, or one sent back for changes)" onClick={() => props.onOpen()}>
        Change requests ▾
      </button>
    </header>
  );
}
