/**
 * Try it's model recognizer end to end in Node: the shell's TryItRecognizer
 * watching a real store, the page's ModelRecognizerClient, and the worker's
 * logic (serveRecognizer) on the other end of a real MessageChannel, with the
 * real Universal Sentence Encoder read from the npm package (the browser
 * fetches the same files from the server: tests/e2e/tryItModel.e2e.test.ts).
 */
import { validateWorkspace } from '@colloquy/core';
import { lexicalNlu, type Embedder } from '@colloquy/nlu';
import { loadUseEmbedder } from '@colloquy/nlu/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchStore } from '../../src/state/WorkbenchStore.ts';
import { ModelRecognizerClient, type RecognizerClientPort } from '../../src/worker/ModelRecognizerClient.ts';
import { serveRecognizer, trainingKey, type RecognizerWorkerPort } from '../../src/worker/recognizerCore.ts';
import { TryItRecognizer, type StartRecognizerClient, type TryItRecognizerState } from '../../src/worker/TryItRecognizer.ts';
import { readExampleWorkspace } from '../features/simulate/support.ts';
import { MemoryApi } from '../support/MemoryApi.ts';

/** Lexical sends this to speak_to_person; the model knows a stolen card when it sees one. */
const PARAPHRASE = 'somebody pinched my card';
const example = readExampleWorkspace();
const exampleAgent = example.get('agent.yaml')!;
const useAgent = (threshold = '0.4') => exampleAgent.replace('recognizer: lexical', 'recognizer: use').replace('threshold: 0.4', `threshold: ${threshold}`);
const yamlFiles = (files: ReadonlyMap<string, string>) => [...files].filter(([path]) => path.endsWith('.yaml')).map(([path, content]) => ({ path, content }));

async function storeWith(agent: string): Promise<WorkbenchStore> {
  const api = new MemoryApi();
  for (const [path, text] of example) api.put(path, path === 'agent.yaml' ? agent : text);
  const store = new WorkbenchStore(api);
  await store.load();
  return store;
}

const buffers = (store: WorkbenchStore) => new Map([...store.state.files].map(([path, file]) => [path, file.text]));

/** Resolves with the first state (now or later) that `accept`s. */
function stateWhere(recognizer: TryItRecognizer, accept: (state: TryItRecognizerState) => boolean): Promise<TryItRecognizerState> {
  if (accept(recognizer.state)) return Promise.resolve(recognizer.state);
  return new Promise((resolve) => {
    const off = recognizer.subscribe((state) => {
      if (!accept(state)) return;
      off();
      resolve(state);
    });
  });
}

describe('Try it’s model recognizer (worker logic over a MessageChannel, real model)', () => {
  let embedder: Embedder;
  /** How many workers were started, and how many ended. */
  const workers = { started: 0, ended: 0 };
  const disposers: (() => void)[] = [];

  /** Starts the worker's logic on one end of a channel and the page's client on the other, as startModelRecognizer does with a Worker. */
  const start =
    (load: () => Promise<Embedder>): StartRecognizerClient =>
    async (onState) => {
      workers.started++;
      const channel = new MessageChannel();
      const worker = serveRecognizer(channel.port1 as unknown as RecognizerWorkerPort, load, { trainDelayMs: 50 });
      const port = channel.port2 as unknown as RecognizerClientPort;
      port.terminate = () => {
        workers.ended++;
        worker.dispose();
        channel.port1.close();
        channel.port2.close();
      };
      return new ModelRecognizerClient(port, onState);
    };
  // One model for every test (loading it is the slow part); the worker's dispose must not free it.
  const shared = () => Promise.resolve({ ...embedder, dispose: () => undefined });

  beforeAll(async () => {
    embedder = await loadUseEmbedder();
  }, 30_000);
  afterAll(() => {
    for (const dispose of disposers) dispose();
    embedder?.dispose();
  });

  it('starts nothing for a lexical workspace; loads and trains when agent.yaml names use, and recognises what lexical misses', async () => {
    // Given the example workspace, whose agent.yaml names the lexical recognizer
    const store = await storeWith(exampleAgent);
    const recognizer = new TryItRecognizer(store, start(shared));
    disposers.push(() => recognizer.dispose());
    const startedBefore = workers.started;
    expect(recognizer.state).toEqual({ kind: 'off' });
    expect(await recognizer.recognize(buffers(store), [PARAPHRASE])).toBeUndefined();
    expect(workers.started).toBe(startedBefore);

    // When the designer switches it to use
    store.updateText('agent.yaml', useAgent());
    // Then the model loads (Try it stays lexical meanwhile), trains on the buffers without being asked, and is ready
    expect(recognizer.state).toEqual({ kind: 'loading', recognizer: 'use' });
    expect(await recognizer.recognize(buffers(store), [PARAPHRASE])).toBeUndefined();
    const ready = await stateWhere(recognizer, (s) => s.kind !== 'loading');
    expect(ready).toEqual({ kind: 'ready', recognizer: 'use', model: 'use-lite-512', weightsSha256: embedder.weightsSha256 });
    expect(workers.started).toBe(startedBefore + 1);

    const answers = await recognizer.recognize(buffers(store), [PARAPHRASE, 'what is my balance']);
    expect(answers?.recognizer).toBe('use');
    expect(answers?.byText.get(PARAPHRASE)).toMatchObject({ intent: 'report_lost_card' });
    expect(answers?.byText.get('what is my balance')).toMatchObject({ intent: 'check_balance' });
    // The lexical recognizer on the same text does not get it right: this is what the model adds.
    const lexical = lexicalNlu(validateWorkspace(yamlFiles(buffers(store))).workspace);
    expect(lexical(PARAPHRASE).intent).not.toBe('report_lost_card');
  }, 60_000);

  it('retrains on the text it is asked about: a higher threshold in agent.yaml turns the paraphrase away, and back', async () => {
    const store = await storeWith(useAgent());
    const recognizer = new TryItRecognizer(store, start(shared));
    disposers.push(() => recognizer.dispose());
    await stateWhere(recognizer, (s) => s.kind === 'ready');
    const before = buffers(store);
    expect((await recognizer.recognize(before, [PARAPHRASE]))?.byText.get(PARAPHRASE)?.intent).toBe('report_lost_card');

    // An edit, recognised at once (no wait for the quiet pause): the classifier follows the new text.
    store.updateText('agent.yaml', useAgent('0.99'));
    const strict = (await recognizer.recognize(buffers(store), [PARAPHRASE]))?.byText.get(PARAPHRASE);
    expect(strict).toMatchObject({ intent: null, rejected: 'out_of_scope' });
    // A conversation that started before the edit still runs on its own text.
    expect((await recognizer.recognize(before, [PARAPHRASE]))?.byText.get(PARAPHRASE)?.intent).toBe('report_lost_card');
  }, 60_000);

  it('keys training on intents, examples, threshold and margin, not on other edits', () => {
    const key = (changes: Record<string, string>) =>
      trainingKey(validateWorkspace(yamlFiles(new Map([...example, ...Object.entries(changes)]))).workspace);
    const card = example.get('flows/card_lost.flow.yaml')!;
    const base = key({});
    expect(key({ 'flows/card_lost.flow.yaml': card.replace(/say: .*/, 'say: "A different reply."') })).toBe(base);
    expect(key({ 'agent.yaml': exampleAgent.replace(/^name: .*$/m, 'name: Renamed') })).toBe(base);
    expect(key({ 'flows/card_lost.flow.yaml': card.replace('"lost card"', '"lost my bank card"') })).not.toBe(base);
    expect(key({ 'agent.yaml': exampleAgent.replace('margin: 0.02', 'margin: 0.05') })).not.toBe(base);
  });

  it('ends the worker when agent.yaml stops naming use', async () => {
    const store = await storeWith(useAgent());
    const recognizer = new TryItRecognizer(store, start(shared));
    disposers.push(() => recognizer.dispose());
    await stateWhere(recognizer, (s) => s.kind === 'ready');
    const ended = workers.ended;
    store.updateText('agent.yaml', exampleAgent);
    expect(recognizer.state).toEqual({ kind: 'off' });
    expect(workers.ended).toBe(ended + 1);
    expect(await recognizer.recognize(buffers(store), [PARAPHRASE])).toBeUndefined();
  }, 60_000);

  it('says why when the model cannot load, and answers nothing (Try it stays lexical)', async () => {
    const store = await storeWith(useAgent());
    const recognizer = new TryItRecognizer(
      store,
      start(() => Promise.reject(new Error("GET /models/use.json answered 404: The use model's files are not installed"))),
    );
    disposers.push(() => recognizer.dispose());
    const failed = await stateWhere(recognizer, (s) => s.kind === 'failed');
    expect(failed).toEqual({ kind: 'failed', recognizer: 'use', reason: "the model did not load: GET /models/use.json answered 404: The use model's files are not installed" });
    expect(await recognizer.recognize(buffers(store), [PARAPHRASE])).toBeUndefined();
  });

  it('says why when the worker cannot start at all', async () => {
    const store = await storeWith(useAgent());
    const recognizer = new TryItRecognizer(store, () => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    disposers.push(() => recognizer.dispose());
    expect(await stateWhere(recognizer, (s) => s.kind === 'failed')).toMatchObject({ reason: 'the recognizer worker did not start: Failed to fetch dynamically imported module' });
  });
});
