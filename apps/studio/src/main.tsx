/**
 * The studio's composition root: creates the API client, the store, the
 * validation worker, Try it's model recognizer and the events connection, and
 * mounts the workbench.
 * Nothing else creates these; everything else receives them.
 */
import { render } from 'solid-js/web';
import { HttpStudioApi } from './api/StudioApi.ts';
import { EventsConnection, eventsUrl } from './api/EventsConnection.ts';
import { HttpSimulationsApi, ServerEventHub } from './api/SimulationsApi.ts';
import { ServerRecognizer } from './api/ServerRecognizer.ts';
import { WorkbenchStore } from './state/WorkbenchStore.ts';
import { LiveSymbolIndex } from './features/language/index.ts';
import { TryItRecognizer } from './worker/TryItRecognizer.ts';
import { ValidationClient } from './worker/ValidationClient.ts';
import ValidationWorker from './worker/validation.worker.ts?worker';
import { CommandRegistry } from './workbench/commands.ts';
import { Workbench } from './workbench/Workbench.tsx';
import './workbench/workbench.css';

const api = new HttpStudioApi();
// The events socket's messages go to the store and to anything else that listens (simulation runs).
const serverEvents = new ServerEventHub();
const simulations = new HttpSimulationsApi(serverEvents);
// The recognizer, model id and weights hash the server's simulations run, for the status bar.
const serverRecognizer = new ServerRecognizer(serverEvents);
const store = new WorkbenchStore(api);
const commands = new CommandRegistry();
const validation = new ValidationClient(store, new ValidationWorker());
// Go to definition, rename, the outline and quick open read one index of the buffers' current text.
const symbols = new LiveSymbolIndex(store);
// Try it's model recognizer: its worker (TensorFlow.js, the weights) loads only when agent.yaml names `use`.
const tryItRecognizer = new TryItRecognizer(store, async (onState) => (await import('./worker/startModelRecognizer.ts')).startModelRecognizer(onState));
tryItRecognizer.subscribe((state) => {
  if (state.kind === 'failed') store.notify('warning', `The ${state.recognizer} model could not run in the browser: ${state.reason}. Try it uses the lexical recognizer.`);
});
const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

void store.load().then(() => {
  // Open the root agent file at first so the editor is not empty.
  if (store.state.tabs.main.tabs.length === 0 && store.file('agent.yaml')) store.openFile('agent.yaml');
});
const events = new EventsConnection({
  url: eventsUrl(location),
  onEvent: (event) => {
    void store.applyServerEvent(event);
    serverEvents.emit(event);
  },
  onState: (state) => store.setConnection(state),
});

const root = document.getElementById('app')!;
const dispose = render(() => <Workbench store={store} commands={commands} isMac={isMac} symbols={symbols} simulations={simulations} tryItRecognizer={tryItRecognizer} serverRecognizer={serverRecognizer} />, root);

// Start fetching the editor now, in parallel with the file list, instead of when the first tab
// opens: the first paint has already been scheduled, and the editor is ready sooner.
void import('./editor/monacoSetup.ts');

// Unsaved edits: ask before leaving.
window.addEventListener('beforeunload', (event) => {
  if ([...store.state.files.values()].some((f) => f.dirty)) event.preventDefault();
});

if (import.meta.hot) {
  import.meta.hot.dispose(() => {
    dispose();
    events.dispose();
    validation.dispose();
    symbols.dispose();
    tryItRecognizer.dispose();
    serverRecognizer.dispose();
  });
}
