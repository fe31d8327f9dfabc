import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { lexicalNlu } from '@colloquy/nlu';
import { loadRecognizerEmbedder, loadUseModelFiles } from '@colloquy/nlu/node';
import { GENERATOR_NAMES, isModelGuided, simulate, simulateWithEmbedder, workspaceHash, type SimulationReport } from '@colloquy/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { connectEvents, type EventClient } from './support/wsClient.ts';
import { EXAMPLE_WORKSPACE, startTestServer, type TestServer } from './support/testServer.ts';

/** The nlu package's tiny transformers model (random weights, a few hundred KB): loads in well under a second. */
const TINY_MODEL = fileURLToPath(new URL('../../../packages/nlu/test/fixtures/tiny-model', import.meta.url));
const FINAL_STATES = ['done', 'failed', 'cancelled'];
/** Bounded waits: a worker thread starts (tsx compiles the simulator) in 1–3 s on the shared 2-core machine. */
const RUN_TIMEOUT_MS = 60_000;
/** Cases per intent that keep the example workspace busy for tens of seconds: long enough to act on a run while it works. */
const LONG_RUN = { perIntent: 1000 };

type Event = Record<string, unknown>;

describe('simulations in worker threads (real server, real workers, real WebSocket)', { timeout: 120_000 }, () => {
  const servers: TestServer[] = [];
  const clients: EventClient[] = [];
  const start = async (options: Parameters<typeof startTestServer>[0] = {}) => {
    const t = await startTestServer(options);
    servers.push(t);
    const events = await connectEvents(t.url, { cookie: (await t.signIn()).cookie });
    clients.push(events);
    await events.next((m) => m.type === 'hello');
    return { t, events };
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((t) => t.close()));
  });

  const post = (t: TestServer, json: unknown) => t.api<{ id: string; state: string; error?: string }>('/api/simulations', { method: 'POST', json });
  const eventsOf = (events: EventClient, id: string) => events.messages.filter((m) => m.type === 'simulation' && m.id === id);
  const ended = (events: EventClient, id: string) => events.next((m) => m.type === 'simulation' && m.id === id && FINAL_STATES.includes(String(m.state)), RUN_TIMEOUT_MS);

  it('runs the example workspace in a worker, reports progress over the socket, and gives the report simulate() gives in-process, byte for byte', async () => {
    const { t, events } = await start({ copyOf: EXAMPLE_WORKSPACE });

    const postedAt = performance.now();
    const started = await post(t, { seed: 'server-test', perIntent: 2, generators: ['noise', 'wording', 'out_of_scope', 'injection'] });
    expect(started.status).toBe(202);
    expect(['queued', 'running']).toContain(started.body.state);
    const id = started.body.id;
    expect(await ended(events, id)).toMatchObject({ type: 'simulation', id, state: 'done' });
    const elapsedMs = performance.now() - postedAt;

    // The events: queued, running, progress, and one final `done` whose count is complete.
    const mine = eventsOf(events, id) as (Event & { state: string; done: number; total: number; phase?: string })[];
    expect(mine[0]!.state).toBe('queued');
    expect(mine[1]!.state).toBe('running');
    expect(mine.filter((m) => FINAL_STATES.includes(m.state))).toHaveLength(1);
    const last = mine.at(-1)!;
    expect(last.state).toBe('done');
    expect(last.total).toBeGreaterThan(96); // the 96 scripted tests plus generated cases
    expect(last.done).toBe(last.total);
    const simulating = mine.filter((m) => m.phase === 'simulating');
    expect(simulating.length).toBeGreaterThan(0);
    for (const m of mine) expect(m.done).toBeLessThanOrEqual(m.total);
    for (let i = 1; i < simulating.length; i++) expect(simulating[i]!.done).toBeGreaterThanOrEqual(simulating[i - 1]!.done);
    // Throttled: besides queued, running and the end, at most one event per 100 ms of the run (the worker posts
    // progress every 50 ms, once per phase change besides; unthrottled there would be about twice as many).
    const progressEvents = mine.filter((m) => m.state === 'running').length - 1;
    expect(progressEvents).toBeLessThanOrEqual(Math.ceil(elapsedMs / 100) + 1);

    expect((await t.api(`/api/simulations/${id}`)).body).toEqual({ id, state: 'done', done: last.total, total: last.total, phase: 'simulating' });
    const report = await t.fetch(`/api/simulations/${id}/report`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await report.text();

    // The same files, simulated in this process as the CLI does with the same three flags: named on
    // purpose, they win over the example's test files' `simulate:` blocks.
    const files = await readWorkspace(t.root);
    const { workspace } = validateWorkspace(files);
    const expected = simulate(workspace, {
      seed: 'server-test',
      perIntent: 2,
      generators: ['noise', 'wording', 'out_of_scope', 'injection'],
      overrides: ['generators', 'perIntent', 'seed'],
      workspaceHash: workspaceHash(files),
      nlu: lexicalNlu(workspace),
      recognizer: { name: 'lexical' },
    });
    const parsed = JSON.parse(text) as SimulationReport;
    expect(parsed.reportHash).toBe(expected.reportHash);
    expect(parsed.run).toMatchObject({ recognizer: 'lexical', model: null, weightsHash: null, seed: 'server-test', perIntent: 2, workspaceHash: workspaceHash(files) });
    expect(text).toBe(JSON.stringify(expected));
  });

  it('uses the default seed and cases per intent when the body is empty', async () => {
    const { t, events } = await start();
    const { body } = await post(t, {});
    await ended(events, body.id);
    const report = (await t.api<SimulationReport>(`/api/simulations/${body.id}/report`)).body;
    expect(report.run).toMatchObject({ seed: 'colloquy', perIntent: 3, flow: null });
  });

  it('lets the test files’ simulate: blocks decide what the request does not name', async () => {
    const { t, events } = await start({ copyOf: EXAMPLE_WORKSPACE });
    const run = async (json: unknown) => {
      const { body } = await post(t, json);
      await ended(events, body.id);
      const report = (await t.api<SimulationReport>(`/api/simulations/${body.id}/report`)).body;
      return Object.fromEntries(report.run.flows.map((f) => [f.flow, { perIntent: f.perIntent, seed: f.seed }]));
    };
    // Only the generators named: card_lost keeps its file's 6 per intent and its seed.
    expect((await run({ generators: ['noise'] }))['card_lost']).toEqual({ perIntent: 6, seed: 'card-lost-v1' });
    // perIntent and seed named on purpose: they win over the file.
    expect((await run({ generators: ['noise'], perIntent: 1, seed: 'mine' }))['card_lost']).toEqual({ perIntent: 1, seed: 'mine' });
  });

  it('keeps serving while a large run works, and cancelling it terminates the worker', async () => {
    const { t, events } = await start({ copyOf: EXAMPLE_WORKSPACE });
    const { body } = await post(t, LONG_RUN);
    const id = body.id;
    await events.next((m) => m.id === id && m.phase === 'simulating' && Number(m.done) > 0, RUN_TIMEOUT_MS);

    // Given a run that is generating and judging cases, when the studio reads a file,
    const file = await t.api<{ content: string }>('/api/file?path=agent.yaml');
    // then the read is answered while the run is still working: it was not queued behind the run.
    expect(file.status).toBe(200);
    expect(file.body.content).toContain('Northbank Assistant');
    expect((await t.api(`/api/simulations/${id}`)).body).toMatchObject({ id, state: 'running' });
    expect(eventsOf(events, id).some((m) => FINAL_STATES.includes(String(m.state)))).toBe(false);

    const cancelled = await t.api(`/api/simulations/${id}`, { method: 'DELETE' });
    expect(cancelled).toMatchObject({ status: 200, body: { id, state: 'cancelled' } });
    expect(await ended(events, id)).toMatchObject({ id, state: 'cancelled' });
    const count = eventsOf(events, id).length;
    // A worker that kept going would keep posting progress; a terminated one is silent.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(eventsOf(events, id)).toHaveLength(count);
    expect(eventsOf(events, id).at(-1)).toMatchObject({ state: 'cancelled' });

    expect((await t.api(`/api/simulations/${id}`)).body).toMatchObject({ id, state: 'cancelled' });
    const report = await t.api(`/api/simulations/${id}/report`);
    expect(report.status).toBe(409);
    expect(report.body.error).toMatch(/was cancelled, so it has no report/);
    const again = await t.api(`/api/simulations/${id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already ended \(cancelled\)/);
  });

  it('runs one at a time: later runs queue, a full queue is refused, a queued run can be cancelled before it starts', async () => {
    const { t, events } = await start({ copyOf: EXAMPLE_WORKSPACE, simulations: { maxQueued: 1 } });
    const first = await post(t, LONG_RUN);
    expect(first.body.state).toBe('running');
    const second = await post(t, { perIntent: 1 });
    expect(second).toMatchObject({ status: 202, body: { state: 'queued' } });
    const third = await post(t, { perIntent: 1 });
    expect(third.status).toBe(429);
    expect(third.body.error).toMatch(/already waiting/);

    const report = await t.api(`/api/simulations/${first.body.id}/report`);
    expect(report.status).toBe(409);
    expect(report.body.error).toMatch(/is still running/);

    expect((await t.api(`/api/simulations/${second.body.id}`, { method: 'DELETE' })).body).toEqual({ id: second.body.id, state: 'cancelled' });
    expect(eventsOf(events, second.body.id).map((m) => m.state)).toEqual(['queued', 'cancelled']);
    await t.api(`/api/simulations/${first.body.id}`, { method: 'DELETE' });

    // The queue is free again, and the next run starts once the cancelled worker has stopped.
    const fourth = await post(t, { perIntent: 1, generators: ['blank'] });
    expect(fourth.status).toBe(202);
    expect(await ended(events, fourth.body.id)).toMatchObject({ state: 'done' });
  });

  it('refuses bad bodies with 400 and a sentence naming the field', async () => {
    const { t } = await start();
    const cases: [unknown, RegExp][] = [
      [{ generators: ['noise', 'telepathy'] }, /`generators\[1\]` must be one of noise, wording,/],
      [{ generators: [] }, /`generators` must list at least 1/],
      [{ generators: 'noise' }, /`generators` must be a list/],
      [{ generators: ['noise', 'noise'] }, /`generators` lists the same entry twice/],
      [{ perIntent: -1 }, /`perIntent` must be at least 0/],
      [{ perIntent: 1_000_000 }, /`perIntent` must be at most 1000/],
      [{ perIntent: 2.5 }, /`perIntent` must be a whole number/],
      [{ perIntent: '3' }, /`perIntent` must be a whole number/],
      [{ perIntent: null }, /`perIntent` must be a whole number/],
      [{ generators: [1] }, /`generators\[0\]` must be a string/],
      [{ seed: 42 }, /`seed` must be a string/],
      [{ seed: null }, /`seed` must be a string/],
      [{ flow: 42 }, /`flow` must be a string/],
      [{ flow: 'f'.repeat(201) }, /`flow` is longer than 200 characters/],
      [{ seed: 'x'.repeat(201) }, /`seed` is longer than 200 characters/],
      [{ flow: '' }, /`flow` must not be empty/],
      [{ recognizer: 'use' }, /unknown field `recognizer`/],
      [[], /must be a JSON object/],
      ['noise', /must be a JSON object/],
    ];
    for (const [json, message] of cases) {
      const response = await post(t, json);
      expect({ json, status: response.status }).toEqual({ json, status: 400 });
      expect(response.body.error).toMatch(message);
    }
    const notJson = await t.api('/api/simulations', { method: 'POST', body: '{"seed":', headers: { 'content-type': 'application/json' } });
    expect(notJson).toMatchObject({ status: 400, body: { error: 'The request body is not valid JSON.' } });
    // Nothing was started.
    expect((await post(t, { perIntent: 0, generators: ['blank'] })).status).toBe(202);
  });

  it('answers 404 for unknown ids', async () => {
    const { t } = await start();
    for (const [path, method] of [
      ['/api/simulations/no-such-run', 'GET'],
      ['/api/simulations/no-such-run/report', 'GET'],
      ['/api/simulations/no-such-run', 'DELETE'],
    ] as const) {
      const response = await t.api(path, { method });
      expect({ path, method, status: response.status }).toEqual({ path, method, status: 404 });
      expect(response.body.error).toMatch(/There is no simulation no-such-run/);
    }
  });

  it('forgets the oldest finished runs beyond the ones it keeps', async () => {
    const { t, events } = await start({ simulations: { keepFinished: 1 } });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { body } = await post(t, { perIntent: 0, generators: ['blank'] });
      await ended(events, body.id);
      ids.push(body.id);
    }
    expect((await t.api(`/api/simulations/${ids[0]}`)).status).toBe(404);
    expect((await t.api(`/api/simulations/${ids[1]}`)).body).toMatchObject({ state: 'done' });
  });

  it('fails a run on a broken workspace, or for an unknown flow, with a message and no crash', async () => {
    const { t, events } = await start();
    const unknownFlow = await post(t, { flow: 'no_such_flow' });
    expect(await ended(events, unknownFlow.body.id)).toMatchObject({
      state: 'failed',
      error: 'There is no flow `no_such_flow` in the workspace; its flows are: opening_hours.',
    });

    writeFileSync(join(t.root, 'flows/broken.flow.yaml'), 'kind: flow\nversion: 1\nid: broken\ntitle: Broken\nstart: nowhere\nnodes:\n  a:\n    say: hi\n    end: resolved\n');
    const broken = await post(t, {});
    const failed = await ended(events, broken.body.id);
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed.error).toMatch(/^The workspace has \d+ errors?; fix (it|them) before simulating: flows\/broken\.flow\.yaml:\d+:\d+ error CQ\d+ /);
    expect((await t.api(`/api/simulations/${broken.body.id}`)).body).toMatchObject({ state: 'failed', error: failed.error });
    const report = await t.api(`/api/simulations/${broken.body.id}/report`);
    expect(report.status).toBe(409);
    expect(report.body.error).toMatch(/failed \(The workspace has/);

    // The server is fine: the next run on a repaired workspace works.
    writeFileSync(join(t.root, 'flows/broken.flow.yaml'), 'kind: flow\nversion: 1\nid: broken\ntitle: Broken\nstart: a\nnodes:\n  a:\n    say: hi\n    end: resolved\n');
    expect(await ended(events, (await post(t, { generators: ['blank'] })).body.id)).toMatchObject({ state: 'done' });
  });

  it('a worker that crashes (out of memory) fails its run with the reason, and the server keeps serving and running', async () => {
    // Given workers limited to 64 MB (a run of the example workspace at 1000 cases per intent needs several times that),
    const { t, events } = await start({ copyOf: EXAMPLE_WORKSPACE, simulations: { workerMemoryMb: 64 } });
    const big = await post(t, LONG_RUN);
    // when the run outgrows it, Node stops that worker thread, and only it:
    const failed = await ended(events, big.body.id);
    expect(failed).toMatchObject({ state: 'failed', error: 'The simulation stopped: its worker thread ran out of memory (its limit is 64 MB); ask for fewer cases per intent, or one flow.' });
    expect((await t.api(`/api/simulations/${big.body.id}`)).body).toMatchObject({ state: 'failed', error: failed.error });
    // the server still answers, and the next (small) run works.
    expect((await t.api<{ content: string }>('/api/file?path=agent.yaml')).body.content).toContain('Northbank Assistant');
    const small = await post(t, { perIntent: 1, generators: ['blank'] });
    expect(await ended(events, small.body.id)).toMatchObject({ state: 'done' });
  });

  it('a lexical workspace leaves out the model-guided generators, and refuses a run of only those with the reason', async () => {
    const { t, events } = await start();
    const mixed = await post(t, { perIntent: 1, generators: ['noise', 'paraphrase', 'adversarial'] });
    expect(await ended(events, mixed.body.id)).toMatchObject({ state: 'done' });
    const report = (await t.api<SimulationReport>(`/api/simulations/${mixed.body.id}/report`)).body;
    expect(report.run.generators).toEqual(['noise']);
    expect(report.attacks.attacked).toBe(0);

    const only = await post(t, { generators: ['paraphrase', 'adversarial'] });
    expect(await ended(events, only.body.id)).toMatchObject({
      state: 'failed',
      error: 'The paraphrase and adversarial generators need a model recognizer, and agent.yaml names the lexical one: set `nlu.recognizer` to use or transformers, or choose other generators.',
    });
  });
});

describe('GET /api/recognizer and model runs (real workers, real models)', { timeout: 120_000 }, () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((t) => t.close()));
  });
  const start = async (nlu: string) => {
    const t = await startTestServer();
    servers.push(t);
    writeFileSync(
      join(t.root, 'agent.yaml'),
      `kind: agent\nversion: 1\nname: Test Bank\nlanguage: en\ngreeting: "Hello!"\nnlu: ${nlu}\nfallback:\n  say: "Sorry?"\n  max_failures: 2\n  handoff: { queue: general, reason: not understood }\nqueues:\n  general: { title: General }\n`,
    );
    return t;
  };
  const runToEnd = async (t: TestServer, json: unknown) => {
    const events = await connectEvents(t.url, { cookie: (await t.signIn()).cookie });
    try {
      const { body } = await t.api<{ id: string }>('/api/simulations', { method: 'POST', json });
      const last = await events.next((m) => m.id === body.id && FINAL_STATES.includes(String(m.state)), RUN_TIMEOUT_MS);
      return { id: body.id, last, events: events.messages.filter((m) => m.id === body.id) };
    } finally {
      await events.close();
    }
  };

  it('lexical: no model', async () => {
    const t = await startTestServer();
    servers.push(t);
    expect((await t.api('/api/recognizer')).body).toEqual({ recognizer: 'lexical', model: null, weightsHash: null });
  });

  it('use: the packaged Universal Sentence Encoder and the sha256 of its weights, the same the run records', async () => {
    const t = await start('{ recognizer: use, threshold: 0.3 }');
    const answer = await t.api('/api/recognizer');
    expect(answer).toMatchObject({ status: 200, body: { recognizer: 'use', model: 'use-lite-512', weightsHash: (await loadUseModelFiles()).weightsSha256 } });
    // Asked again: the cached answer.
    expect((await t.api('/api/recognizer')).body).toEqual(answer.body);

    // With the model-guided generators, which a model run can do (WordNet, and the model it runs on for the meaning check).
    const run = await runToEnd(t, { generators: ['noise', 'blank', 'paraphrase', 'adversarial'], perIntent: 1 });
    expect([run.last.state, run.last.error]).toEqual(['done', undefined]);
    expect(run.events.map((m) => m.phase)).toEqual(expect.arrayContaining(['reading', 'loading-model', 'training', 'generating', 'simulating']));
    const report = (await t.api<SimulationReport>(`/api/simulations/${run.id}/report`)).body;
    expect(report.run).toMatchObject({ recognizer: 'use', model: 'use-lite-512', weightsHash: answer.body.weightsHash, generators: ['noise', 'paraphrase', 'blank', 'adversarial'] });
    expect(report.attacks.attacked).toBeGreaterThan(0);
  });

  it('transformers: the model agent.yaml names, from the workspace folder; the run equals simulateWithEmbedder in-process', async () => {
    const t = await start('{ recognizer: transformers, model: models/tiny, threshold: 0.3 }');
    cpSync(TINY_MODEL, join(t.root, 'models/tiny'), { recursive: true });
    const embedder = await loadRecognizerEmbedder({ recognizer: 'transformers', model: 'models/tiny', localModelPath: t.root });
    try {
      expect((await t.api('/api/recognizer')).body).toEqual({ recognizer: 'transformers', model: 'models/tiny', weightsHash: embedder.weightsSha256 });

      const generators = GENERATOR_NAMES.filter((name) => !isModelGuided(name));
      const run = await runToEnd(t, { seed: 'tiny', perIntent: 2, generators });
      expect(run.last).toMatchObject({ state: 'done' });
      const text = await (await t.fetch(`/api/simulations/${run.id}/report`)).text();
      const files = await readWorkspace(t.root);
      const { workspace } = validateWorkspace(files);
      const expected = await simulateWithEmbedder(workspace, embedder, 'transformers', { seed: 'tiny', perIntent: 2, generators, workspaceHash: workspaceHash(files) });
      expect(text).toBe(JSON.stringify(expected));
    } finally {
      embedder.dispose();
    }
  });

  it('transformers without its model: the recognizer says why, and a run fails with the reason', async () => {
    const t = await start('{ recognizer: transformers, model: models/missing, threshold: 0.3 }');
    const answer = await t.api<{ error: string }>('/api/recognizer');
    expect(answer.body).toMatchObject({ recognizer: 'transformers', model: 'models/missing', weightsHash: null });
    expect(answer.body.error).toMatch(/Cannot load the transformers model: The transformers model "models\/missing" is not on disk/);

    const run = await runToEnd(t, {});
    expect(run.last).toMatchObject({ state: 'failed' });
    expect(run.last.error).toMatch(/^Cannot load the transformers model that agent.yaml names: The transformers model "models\/missing" is not on disk/);
  });
});
