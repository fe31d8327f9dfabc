/**
 * The studio's composition root: asks who is signed in (the sign-in page
 * when nobody is), then creates the API clients, the store, the validation
 * worker, Try it's model recognizer and the events connection, and mounts the
 * workbench. Nothing else creates these; everything else receives them.
 *
 * What the page edits comes from its URL: `?change=CR-3` is that change
 * request (its view of the workspace, its files live: collab/, loaded after
 * the first paint), no `?change=` the published workspace, read-only.
 *
 * Every request goes through the session's fetch (api/SessionClient.ts): it
 * adds the CSRF token to state-changing requests, and a 401 from any of them
 * means the session ended. Then the sign-in form shows over the workbench,
 * which stays as it was (unsaved edits too) and carries on after sign-in.
 */
import { createSignal, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { render } from 'solid-js/web';
import { HttpStudioApi, type StudioApi } from './api/StudioApi.ts';
import { ChangeRequestApi } from './api/ChangeRequestApi.ts';
import { ChangeWorkspaceApi } from './api/ChangeWorkspaceApi.ts';
import { changeFromSearch, changeHref } from './collab/rooms.ts';
import type { LiveChange } from './collab/LiveChange.ts';
import { EventsConnection, eventsUrl } from './api/EventsConnection.ts';
import { SessionClient, type SessionState, type SignedIn } from './api/SessionClient.ts';
import { HttpSimulationsApi, ServerEventHub } from './api/SimulationsApi.ts';
import { httpRecognizer, ServerRecognizer } from './api/ServerRecognizer.ts';
import { SignInForm } from './session/SignInForm.tsx';
import { WorkbenchStore } from './state/WorkbenchStore.ts';
import { LiveSymbolIndex } from './features/language/index.ts';
import { TryItRecognizer } from './worker/TryItRecognizer.ts';
import { ValidationClient } from './worker/ValidationClient.ts';
import ValidationWorker from './worker/validation.worker.ts?worker';
import { CommandRegistry } from './workbench/commands.ts';
import { Workbench } from './workbench/Workbench.tsx';
import { FileOperations } from './workbench/FileOperations.ts';
import './workbench/workbench.css';

const session = new SessionClient();
const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

/** The workbench and its services, made once, at the first sign-in. */
function startStudio(signedIn: SignedIn): { view: () => JSX.Element; account(): string | undefined; onSignedIn(session: SignedIn): void; dispose(): void } {
  const published = new HttpStudioApi('', session.fetch);
  const changes = new ChangeRequestApi(session.fetch);
  const changeId = changeFromSearch(location.search);
  // In a change request the store reads (and writes new files into) the change's view of the workspace.
  const changeApi = changeId ? new ChangeWorkspaceApi(published, changes, changeId) : undefined;
  const api: StudioApi = changeApi ?? published;
  // The events socket's messages go to the store and to anything else that listens (simulation runs).
  const serverEvents = new ServerEventHub();
  const simulations = new HttpSimulationsApi(serverEvents, '', session.fetch);
  // The recognizer, model id and weights hash the server's simulations run, for the status bar.
  const serverRecognizer = new ServerRecognizer(serverEvents, httpRecognizer('', session.fetch));
  const store = new WorkbenchStore(api);
  store.setAccount({ name: signedIn.account, roles: signedIn.roles });
  const commands = new CommandRegistry();
  const validation = new ValidationClient(store, new ValidationWorker());
  // Go to definition, rename, the outline and quick open read one index of the buffers' current text.
  const symbols = new LiveSymbolIndex(store);
  // Try it's model recognizer: its worker (TensorFlow.js, the weights) loads only when agent.yaml names `use`.
  const tryItRecognizer = new TryItRecognizer(store, async (onState) => (await import('./worker/startModelRecognizer.ts')).startModelRecognizer(onState));
  tryItRecognizer.subscribe((state) => {
    if (state.kind === 'failed') store.notify('warning', `The ${state.recognizer} model could not run in the browser: ${state.reason}. Try it uses the lexical recognizer.`);
  });

  /** Reads the change request's summary again (its state decides whether it takes edits). */
  const refreshChange = async (): Promise<boolean> => {
    if (!changeId) return false;
    const answer = await changes.details(changeId);
    if (answer.ok) store.setMode({ kind: 'change', change: answer.change });
    else store.notify('error', `Could not open ${changeId}: ${answer.error}`, [{ label: 'Show the published workspace', run: () => navigate(undefined) }]);
    return answer.ok;
  };
  // A change request is listed once it is known; its live session starts once its files are loaded
  // (its module fetched meanwhile), and EditorModels binds the open files to it.
  let liveSession: LiveChange | undefined;
  const loaded = changeId ? refreshChange().then(async (ok) => ok && (await store.load(), true)) : store.load().then(() => false);
  const live = changeId
    ? Promise.all([import('./collab/startLiveChange.ts'), loaded]).then(([{ startLiveChange }, ok]) => {
        if (!ok) return undefined;
        liveSession = startLiveChange({
          store,
          change: changeId,
          workspace: store.state.workspaceName,
          account: signedIn.account,
          onAccessChanged: () => void refreshChange(),
          onOfflineCopy: (copy) => fileOperations.offerRestore(copy),
        });
        return liveSession;
      })
    : undefined;
  // New File, Rename, Delete in a change request; restoring an offline copy that could not merge.
  const fileOperations = new FileOperations(store, changeApi, live);
  void loaded.then(() => {
    // Open the root agent file at first so the editor is not empty.
    if (store.state.tabs.main.tabs.length === 0 && store.file('agent.yaml')) store.openFile('agent.yaml');
  });
  const events = new EventsConnection({
    url: eventsUrl(location),
    onEvent: (event) => {
      void store.applyServerEvent(event);
      // A reconnection: the change request may have moved on meanwhile.
      if (event.type === 'hello' && changeId) void refreshChange();
      serverEvents.emit(event);
    },
    onState: (state) => store.setConnection(state),
    onSessionEnded: () => void session.check(),
  });
  // Unsaved edits: ask before leaving.
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if ([...store.state.files.values()].some((f) => f.dirty)) event.preventDefault();
  };
  window.addEventListener('beforeunload', beforeUnload);

  return {
    account: () => store.state.account?.name,
    view: () => <Workbench store={store} commands={commands} isMac={isMac} symbols={symbols} simulations={simulations} tryItRecognizer={tryItRecognizer} serverRecognizer={serverRecognizer} fetch={session.fetch} serverEvents={serverEvents} fileOperations={fileOperations} changes={changes} navigate={navigate} live={live} onSignOut={() => void signOut()} />,
    onSignedIn(again) {
      // Signed in again after the session ended (maybe as someone else): their roles, a new socket, a fresh file list.
      store.setAccount({ name: again.account, roles: again.roles });
      events.restart();
      liveSession?.reconnect();
    },
    dispose() {
      window.removeEventListener('beforeunload', beforeUnload);
      liveSession?.dispose();
      events.dispose();
      validation.dispose();
      symbols.dispose();
      tryItRecognizer.dispose();
      serverRecognizer.dispose();
    },
  };
}

/** Shows change request `change` (undefined: the published workspace): a page of its own, so everything starts afresh for it. */
function navigate(change: string | undefined): void {
  location.assign(changeHref(location.href, change));
}

/** Signing out ends the session and starts the page afresh, on the sign-in page. */
async function signOut(): Promise<void> {
  await session.signOut();
  location.reload();
}

let studio: ReturnType<typeof startStudio> | undefined;

function App(): JSX.Element {
  const [state, setState] = createSignal<SessionState>(session.state);
  const [started, setStarted] = createSignal(false);
  const follow = (next: SessionState) => {
    if (next.kind === 'signedIn') {
      if (studio) studio.onSignedIn(next.session);
      else studio = startStudio(next.session);
      setStarted(true);
    }
    setState(next);
  };
  onCleanup(session.subscribe(follow));
  follow(session.state);
  return (
    <Switch>
      <Match when={started()}>
        {studio!.view()}
        <Show when={state().kind === 'signedOut'}>
          <SignInForm session={session} variant="dialog" reason={(state() as { reason?: string }).reason} account={studio!.account()} />
        </Show>
      </Match>
      <Match when={state().kind === 'signedOut'}>
        <SignInForm session={session} variant="page" />
      </Match>
      <Match when={state().kind === 'checking'}>
        <div class="signin-checking" data-testid="session-checking">
          Connecting to the Colloquy server…
        </div>
      </Match>
    </Switch>
  );
}

const root = document.getElementById('app')!;
const dispose = render(() => <App />, root);
// Fetch and compile the editor now, while the server is asked who is signed in and the workbench
// renders, not once the first tab opens: a signed-in visit needs it within the second, and the
// browser compiles it beside the page's own work. A visitor still signing in has it by then.
void import('./editor/monacoSetup.ts');
// Until the server answers (it may be starting), ask again every 2 s.
void (async function firstCheck() {
  if ((await session.check()).kind === 'checking') setTimeout(() => void firstCheck(), 2000);
})();

if (import.meta.hot) {
  import.meta.hot.dispose(() => {
    dispose();
    studio?.dispose();
  });
}
