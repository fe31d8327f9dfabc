import { afterEach, describe, expect, it } from 'vitest';
import { parseRecognizerDescription, ServerRecognizer, type RecognizerDescription } from '../../src/api/ServerRecognizer.ts';
import { ServerEventHub } from '../../src/api/SimulationsApi.ts';

const HASH = 'ab'.repeat(32);
const USE: RecognizerDescription = { recognizer: 'use', model: 'use-lite-512', weightsHash: HASH };
const LEXICAL: RecognizerDescription = { recognizer: 'lexical', model: null, weightsHash: null };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A server whose answers the test releases one by one, in any order. */
function scriptedServer() {
  const pending: { resolve: (answer: RecognizerDescription | undefined) => void }[] = [];
  return {
    pending,
    fetch: () => new Promise<RecognizerDescription | undefined>((resolve) => pending.push({ resolve })),
  };
}

describe('ServerRecognizer', () => {
  const made: ServerRecognizer[] = [];
  afterEach(() => made.splice(0).forEach((r) => r.dispose()));
  const make = (events: ServerEventHub, fetch: () => Promise<RecognizerDescription | undefined>) => {
    const recognizer = new ServerRecognizer(events, fetch);
    made.push(recognizer);
    const heard: (RecognizerDescription | undefined)[] = [];
    recognizer.subscribe((d) => heard.push(d));
    return { recognizer, heard };
  };

  it('asks at start, on every reconnection and when the agent file changes on disk, not for other files or simulation progress', async () => {
    const events = new ServerEventHub();
    const server = scriptedServer();
    const { recognizer, heard } = make(events, server.fetch);
    expect(server.pending).toHaveLength(1);
    expect(recognizer.description).toBeUndefined();
    server.pending[0]!.resolve(LEXICAL);
    await tick();
    expect(recognizer.description).toEqual(LEXICAL);

    events.emit({ type: 'changed', path: 'flows/a.flow.yaml', version: 'v2' });
    events.emit({ type: 'simulation', id: 'r', state: 'running', done: 1, total: 2 });
    expect(server.pending).toHaveLength(1);
    events.emit({ type: 'changed', path: 'agent.yaml', version: 'v2' });
    events.emit({ type: 'created', path: 'agent.yml', version: 'v1' });
    events.emit({ type: 'deleted', path: 'agent.yaml' });
    events.emit({ type: 'hello', workspace: { name: 'w', fileCount: 1 } });
    expect(server.pending).toHaveLength(5);
    server.pending[4]!.resolve(USE);
    await tick();
    expect(recognizer.description).toEqual(USE);
    expect(heard).toEqual([LEXICAL, USE]);
  });

  it('keeps only the answer to the latest question, and what it knew when the server is away', async () => {
    const events = new ServerEventHub();
    const server = scriptedServer();
    const { recognizer, heard } = make(events, server.fetch);
    events.emit({ type: 'changed', path: 'agent.yaml', version: 'v2' });
    // The newer answer arrives first; the older one, arriving late, is dropped.
    server.pending[1]!.resolve(USE);
    await tick();
    server.pending[0]!.resolve(LEXICAL);
    await tick();
    expect(recognizer.description).toEqual(USE);
    // The server cannot be reached: what was known stays.
    events.emit({ type: 'hello', workspace: { name: 'w', fileCount: 1 } });
    server.pending[2]!.resolve(undefined);
    await tick();
    expect(recognizer.description).toEqual(USE);
    expect(heard).toEqual([USE]);
  });

  it('a fetch that throws is an unreachable server, and nothing is heard after dispose', async () => {
    const events = new ServerEventHub();
    let calls = 0;
    const { recognizer, heard } = make(events, async () => {
      calls++;
      if (calls === 1) throw new TypeError('fetch failed');
      return USE;
    });
    await tick();
    expect(recognizer.description).toBeUndefined();
    recognizer.dispose();
    events.emit({ type: 'hello', workspace: { name: 'w', fileCount: 1 } });
    await tick();
    expect(calls).toBe(1);
    expect(heard).toEqual([]);
  });
});

describe('parseRecognizerDescription', () => {
  it('takes the server’s three fields (and its error) and refuses anything else', () => {
    expect(parseRecognizerDescription(USE)).toEqual(USE);
    expect(parseRecognizerDescription({ ...LEXICAL, extra: 1 })).toEqual(LEXICAL);
    const missing = { recognizer: 'transformers', model: 'models/missing', weightsHash: null, error: 'not on disk' };
    expect(parseRecognizerDescription(missing)).toEqual(missing);
    for (const body of [
      null,
      'use',
      { recognizer: 'rasa', model: null, weightsHash: null },
      { recognizer: 'use', model: 5, weightsHash: HASH },
      { recognizer: 'use', model: 'use-lite-512', weightsHash: 'not-a-hash' },
      { recognizer: 'use', model: 'use-lite-512' },
    ]) {
      expect(parseRecognizerDescription(body), JSON.stringify(body)).toBeUndefined();
    }
  });
});
