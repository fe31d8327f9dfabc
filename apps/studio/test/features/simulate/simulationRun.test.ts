import type { SimulationReport } from '@colloquy/simulator';
import { describe, expect, it } from 'vitest';
import type { SimulationEvent } from '../../../src/api/SimulationsApi.ts';
import {
  IDLE,
  SimulationRunner,
  advanceRun,
  describeRun,
  isBusy,
  runProgress,
  type SimulationRunAction,
  type SimulationRunState,
} from '../../../src/features/simulate/simulationRun.ts';
import { MemorySimulationsApi } from '../../support/MemorySimulationsApi.ts';
import { exampleSimulation } from './support.ts';

const REPORT = { format: 'colloquy.simulation-report', version: 2, reportHash: 'abc' } as unknown as SimulationReport;

function event(id: string, state: SimulationEvent['state'], done: number, total: number, extra: Partial<SimulationEvent> = {}): SimulationRunAction {
  return { type: 'progress', event: { type: 'simulation', id, state, done, total, ...extra } };
}

function play(...actions: SimulationRunAction[]): SimulationRunState {
  return actions.reduce(advanceRun, IDLE);
}

const started = (id = 'a'): SimulationRunAction[] => [
  { type: 'start', request: {} },
  { type: 'started', id, state: 'queued' },
];

/** Lets the runner's awaited answers and the effects they trigger settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('following a simulation run (advanceRun)', () => {
  it('goes starting → queued → running with progress → fetching → finished', () => {
    // Given a run started and acknowledged
    let state = play({ type: 'start', request: { perIntent: 2 } });
    expect(state).toMatchObject({ kind: 'starting', request: { perIntent: 2 } });
    state = advanceRun(state, { type: 'started', id: 'a', state: 'queued' });
    expect(state).toMatchObject({ kind: 'active', id: 'a', state: 'queued', done: 0, total: 0 });
    expect(runProgress(state)).toBeUndefined();
    expect(describeRun(state)).toBe('Waiting for the server…');
    // When progress messages arrive
    state = advanceRun(state, event('a', 'running', 40, 400, { phase: 'simulating' }));
    expect(state).toMatchObject({ kind: 'active', state: 'running', done: 40, total: 400, phase: 'simulating' });
    expect(runProgress(state)).toEqual({ done: 40, total: 400, percent: 10 });
    expect(describeRun(state)).toBe('Simulating: 40 of 400 conversations');
    // Then the end message asks for the report, and the report finishes the run
    state = advanceRun(state, event('a', 'done', 400, 400));
    expect(state).toEqual({ kind: 'fetching', id: 'a', total: 400 });
    expect(isBusy(state)).toBe(true);
    state = advanceRun(state, { type: 'report', report: REPORT });
    expect(state).toEqual({ kind: 'finished', id: 'a', report: REPORT });
    expect(isBusy(state)).toBe(false);
  });

  it('never moves the bar back, and ignores other runs', () => {
    const state = play(...started(), event('a', 'running', 120, 400), event('a', 'running', 80, 400), event('b', 'running', 399, 400));
    expect(state).toMatchObject({ kind: 'active', id: 'a', done: 120, total: 400 });
    // A status fetched after a reconnect that is older than the last message keeps the furthest point too.
    expect(advanceRun(state, { type: 'status', status: { id: 'a', state: 'running', done: 100, total: 400 } })).toMatchObject({ done: 120 });
  });

  it('starts a new count with each phase of a model run', () => {
    let state = play(...started(), event('a', 'running', 0, 0, { phase: 'loading-model' }));
    expect(describeRun(state)).toBe('Loading the model…');
    state = advanceRun(state, event('a', 'running', 700, 800, { phase: 'recognising' }));
    expect(describeRun(state)).toBe('Recognising: 700 of 800');
    // The next phase counts conversations from 0, even with the same total
    state = advanceRun(state, event('a', 'running', 10, 800, { phase: 'simulating' }));
    expect(state).toMatchObject({ done: 10, total: 800, phase: 'simulating' });
    expect(runProgress(state)).toEqual({ done: 10, total: 800, percent: 1 });
    expect(describeRun(state)).toBe('Simulating: 10 of 800 conversations');
    // A status without a phase is read as the current phase
    expect(advanceRun(state, { type: 'status', status: { id: 'a', state: 'running', done: 5, total: 800 } })).toMatchObject({ done: 10, phase: 'simulating' });
    // A status with a phase (GET /api/simulations/:id after a reconnect) is read in that phase
    expect(advanceRun(state, { type: 'status', status: { id: 'a', state: 'running', done: 5, total: 800, phase: 'recognising' } })).toMatchObject({ done: 5, phase: 'recognising' });
    // A phase the studio has no words for is shown by its name
    expect(describeRun(advanceRun(state, event('a', 'running', 1, 2, { phase: 'pondering' })))).toBe('pondering: 1 of 2');
  });

  it('treats an end state as final', () => {
    const cancelled = play(...started(), event('a', 'running', 10, 400), event('a', 'cancelled', 10, 400));
    expect(cancelled).toEqual({ kind: 'cancelled', id: 'a', done: 10, total: 400 });
    expect(describeRun(cancelled)).toBe('Cancelled after 10 of 400.');
    expect(advanceRun(cancelled, event('a', 'running', 20, 400))).toBe(cancelled);
    expect(advanceRun(cancelled, event('a', 'done', 400, 400))).toBe(cancelled);

    const failed = play(...started(), event('a', 'failed', 3, 400, { error: 'the model folder is missing' }));
    expect(failed).toEqual({ kind: 'failed', id: 'a', error: 'the model folder is missing' });
    expect(advanceRun(failed, event('a', 'running', 20, 400))).toBe(failed);
    expect(describeRun(failed)).toBe('The simulation failed: the model folder is missing');
  });

  it('keeps messages that arrive before the POST answer and applies them once the id is known', () => {
    let state = play({ type: 'start', request: {} }, event('a', 'running', 5, 50), event('other', 'running', 1, 2), event('a', 'running', 9, 50));
    expect(state.kind).toBe('starting');
    state = advanceRun(state, { type: 'started', id: 'a', state: 'queued' });
    expect(state).toMatchObject({ kind: 'active', id: 'a', state: 'running', done: 9, total: 50 });
    // Even the end message can come first.
    expect(play({ type: 'start', request: {} }, event('a', 'done', 50, 50), { type: 'started', id: 'a', state: 'queued' })).toEqual({ kind: 'fetching', id: 'a', total: 50 });
  });

  it('remembers a cancel asked before the id is known', () => {
    const state = play({ type: 'start', request: {} }, { type: 'cancel' }, { type: 'started', id: 'a', state: 'running' });
    expect(state).toMatchObject({ kind: 'active', id: 'a', cancelRequested: true });
    expect(describeRun(state)).toBe('Cancelling…');
    expect(advanceRun(state, { type: 'cancel-answered', cancelled: true })).toEqual({ kind: 'cancelled', id: 'a', done: 0, total: 0 });
    // Refused because the run had just finished: it goes on to its report.
    const finishedFirst = advanceRun(state, { type: 'cancel-answered', cancelled: false });
    expect(finishedFirst).toMatchObject({ kind: 'active', cancelRequested: false });
    expect(advanceRun(finishedFirst, event('a', 'done', 10, 10)).kind).toBe('fetching');
  });

  it('does not start a second run while one is going, and starts again after one ended', () => {
    const running = play(...started(), event('a', 'running', 1, 10));
    expect(advanceRun(running, { type: 'start', request: {} })).toBe(running);
    const refused = play({ type: 'start', request: { perIntent: 99999 } }, { type: 'start-refused', error: 'perIntent must be at most 1000.' });
    expect(refused).toEqual({ kind: 'failed', error: 'perIntent must be at most 1000.' });
    expect(advanceRun(refused, { type: 'start', request: {} }).kind).toBe('starting');
  });

  it('fails a run the server no longer knows', () => {
    expect(play(...started(), { type: 'lost', error: 'gone' })).toEqual({ kind: 'failed', id: 'a', error: 'gone' });
    expect(play({ type: 'lost', error: 'gone' })).toBe(IDLE);
  });
});

describe('SimulationRunner against the server API', () => {
  it('posts the request, follows the socket and fetches the report when done', async () => {
    // Given a runner over the API, its states recorded
    const api = new MemorySimulationsApi();
    const runner = new SimulationRunner(api);
    const kinds: string[] = [];
    runner.subscribe((s) => kinds.push(s.kind));
    // When a run starts and the server reports progress, then the end
    await runner.start({ perIntent: 1, generators: ['noise'] });
    expect(api.calls).toEqual(['POST {"perIntent":1,"generators":["noise"]}']);
    api.update('run-1', { state: 'running', done: 3, total: 10 });
    expect(runner.state).toMatchObject({ kind: 'active', done: 3, total: 10 });
    const report = exampleSimulation({ generators: ['blank'], perIntent: 0 });
    api.update('run-1', { state: 'done', done: 10, total: 10 }, { report });
    await settle();
    // Then the report was fetched once and the run is finished with it
    expect(api.calls.filter((c) => c === 'GET run-1/report')).toHaveLength(1);
    expect(runner.state).toEqual({ kind: 'finished', id: 'run-1', report });
    expect(kinds).toEqual(['starting', 'active', 'active', 'fetching', 'finished']);
    runner.dispose();
    expect(api.listenerCount).toBe(0);
  });

  it('asks again for a report the server has not finished writing', async () => {
    const api = new MemorySimulationsApi();
    api.reportNotReadyTimes = 2;
    const runner = new SimulationRunner(api, { reportRetryMs: 1 });
    await runner.start({});
    api.update('run-1', { state: 'done', done: 1, total: 1 }, { report: REPORT });
    await expect.poll(() => runner.state.kind).toBe('finished');
    expect(api.calls.filter((c) => c === 'GET run-1/report')).toHaveLength(3);
    runner.dispose();
  });

  it('after a reconnect, asks the server where the run is (the end message may have been lost)', async () => {
    const api = new MemorySimulationsApi();
    const runner = new SimulationRunner(api);
    await runner.start({});
    api.update('run-1', { state: 'running', done: 2, total: 10 });
    // While the socket was down the run finished: no message reached the page.
    api.update('run-1', { state: 'done', done: 10, total: 10 }, { send: false, report: REPORT });
    expect(runner.state).toMatchObject({ kind: 'active', done: 2 });
    api.reconnect();
    await settle();
    expect(api.calls).toContain('GET run-1');
    expect(runner.state).toEqual({ kind: 'finished', id: 'run-1', report: REPORT });
    runner.dispose();
  });

  it('fails the run when the server restarted and no longer knows it', async () => {
    const api = new MemorySimulationsApi();
    const runner = new SimulationRunner(api);
    await runner.start({});
    api.runs.clear();
    api.reconnect();
    await settle();
    expect(runner.state).toMatchObject({ kind: 'failed', id: 'run-1' });
    expect(describeRun(runner.state)).toContain('no longer knows this run');
    runner.dispose();
  });

  it('cancels: at once when the id is known, or as soon as it is', async () => {
    // Given a run whose POST answer is slow, cancelled before it arrives
    const api = new MemorySimulationsApi();
    api.holdStarts = true;
    const runner = new SimulationRunner(api);
    const starting = runner.start({});
    runner.cancel();
    expect(api.calls).toEqual(['POST {}']);
    // When the answer arrives, the DELETE follows, once
    api.releaseStarts();
    await starting;
    await settle();
    expect(api.calls).toEqual(['POST {}', 'DELETE run-1']);
    expect(runner.state).toMatchObject({ kind: 'cancelled', id: 'run-1' });
    // And the server's own end message changes nothing
    api.push({ type: 'simulation', id: 'run-1', state: 'cancelled', done: 0, total: 0 });
    expect(runner.state).toMatchObject({ kind: 'cancelled' });
    runner.dispose();
  });

  it('shows the report of a run that finished before the cancel reached the server', async () => {
    const api = new MemorySimulationsApi();
    const runner = new SimulationRunner(api);
    await runner.start({});
    api.update('run-1', { state: 'running', done: 9, total: 10 });
    // The run finishes, but its end message is still on its way when Cancel is pressed
    api.update('run-1', { state: 'done', done: 10, total: 10 }, { send: false, report: REPORT });
    runner.cancel();
    await settle();
    expect(api.calls).toContain('DELETE run-1');
    expect(runner.state).toMatchObject({ kind: 'active', cancelRequested: false });
    api.push({ type: 'simulation', id: 'run-1', state: 'done', done: 10, total: 10 });
    await settle();
    expect(runner.state).toEqual({ kind: 'finished', id: 'run-1', report: REPORT });
    runner.dispose();
  });

  it('says why the server refused a run', async () => {
    const api = new MemorySimulationsApi();
    const runner = new SimulationRunner(api);
    await runner.start({ perIntent: 5000 });
    expect(runner.state).toEqual({ kind: 'failed', error: 'perIntent must be at most 1000.' });
    runner.dispose();
  });

  it('ignores answers that arrive after it was disposed', async () => {
    const api = new MemorySimulationsApi();
    api.holdStarts = true;
    const runner = new SimulationRunner(api);
    const seen: string[] = [];
    runner.subscribe((s) => seen.push(s.kind));
    const starting = runner.start({});
    runner.dispose();
    api.releaseStarts();
    await starting;
    api.push({ type: 'simulation', id: 'run-1', state: 'running', done: 1, total: 2 });
    expect(seen).toEqual(['starting']);
    expect(runner.state.kind).toBe('starting');
  });
});
