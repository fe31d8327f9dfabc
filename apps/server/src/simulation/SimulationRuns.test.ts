/**
 * The registry's rules with scripted workers: throttling, the final event,
 * eviction, disposal. The real worker threads are exercised over a real
 * server in test/simulations.test.ts; here the worker is a script, because
 * these rules are about timing and order that a real run cannot pin down.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulationEvent } from '../events.ts';
import type { WorkerJob } from './protocol.ts';
import { SimulationRuns } from './SimulationRuns.ts';
import type { StartWorker, WorkerListener } from './startWorker.ts';

interface ScriptedWorker {
  readonly job: WorkerJob;
  readonly listener: WorkerListener;
  terminated: boolean;
}

function scriptedWorkers(): { start: StartWorker; workers: ScriptedWorker[] } {
  const workers: ScriptedWorker[] = [];
  const start: StartWorker = (job, listener) => {
    const worker: ScriptedWorker = { job, listener, terminated: false };
    workers.push(worker);
    return {
      terminate: async () => {
        worker.terminated = true;
      },
    };
  };
  return { start, workers };
}

const settings = { seed: 's', perIntent: 1 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SimulationRuns', () => {
  const registries: SimulationRuns[] = [];
  const make = (options: Partial<ConstructorParameters<typeof SimulationRuns>[0]> = {}) => {
    const { start, workers } = scriptedWorkers();
    const runs = new SimulationRuns({ root: '/workspace', startWorker: start, ...options });
    registries.push(runs);
    const events: SimulationEvent[] = [];
    runs.subscribe((event) => events.push(event));
    return { runs, workers, events };
  };
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((r) => r.dispose()));
  });

  it('sends at most one progress event per interval, the latest figures when the interval is up, and the final state at once', async () => {
    const { runs, workers, events } = make({ progressIntervalMs: 100 });
    const { id } = runs.start(settings);
    expect(workers[0]!.job).toEqual({ kind: 'simulate', root: '/workspace', settings });

    // A burst of 1000 progress messages right after the `running` event: they wait for the interval,
    // and then only the latest figures go out.
    for (let done = 1; done <= 1000; done++) workers[0]!.listener.message({ type: 'progress', phase: 'simulating', done, total: 2000 });
    expect(events.map((e) => [e.state, e.done])).toEqual([
      ['queued', 0],
      ['running', 0],
    ]);
    await sleep(150);
    expect(events).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ state: 'running', done: 1000, total: 2000, phase: 'simulating' });

    // Once the interval has passed, the next progress goes out at once.
    await sleep(120);
    workers[0]!.listener.message({ type: 'progress', phase: 'simulating', done: 1001, total: 2000 });
    expect(events).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ done: 1001 });

    // A held-back progress event is dropped when the run ends first; the final event is last.
    workers[0]!.listener.message({ type: 'progress', phase: 'simulating', done: 1500, total: 2000 });
    workers[0]!.listener.message({ type: 'progress', phase: 'simulating', done: 1999, total: 2000 });
    workers[0]!.listener.message({ type: 'report', json: '{"reportHash":"x"}' });
    await sleep(150);
    expect(events.at(-1)).toMatchObject({ id, state: 'done', done: 2000, total: 2000 });
    expect(events.filter((e) => e.state === 'done')).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(runs.report(id)).toBe('{"reportHash":"x"}');

    // Messages after the end are ignored.
    workers[0]!.listener.message({ type: 'progress', phase: 'simulating', done: 5, total: 5 });
    workers[0]!.listener.stopped('exit code 1');
    expect(runs.status(id)).toMatchObject({ state: 'done' });
  });

  it('a worker that stops early fails its run with the reason, and the next run starts', () => {
    const { runs, workers, events } = make();
    const first = runs.start(settings);
    const second = runs.start(settings);
    expect(second.state).toBe('queued');
    expect(workers).toHaveLength(1);
    workers[0]!.listener.stopped('its worker thread stopped early (exit code 1)');
    expect(runs.status(first.id)).toMatchObject({ state: 'failed', error: 'The simulation stopped: its worker thread stopped early (exit code 1).' });
    expect(workers).toHaveLength(2);
    expect(runs.status(second.id).state).toBe('running');
    workers[1]!.listener.message({ type: 'failed', error: 'The workspace has 1 error.' });
    expect(events.at(-1)).toMatchObject({ id: second.id, state: 'failed', error: 'The workspace has 1 error.' });
  });

  it('cancelling a running run terminates its worker, and the next starts only after it has stopped', async () => {
    const { runs, workers } = make();
    const first = runs.start(settings);
    const second = runs.start(settings);
    expect(runs.cancel(first.id).state).toBe('cancelled');
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(1);
    await sleep(0);
    expect(workers).toHaveLength(2);
    expect(runs.status(second.id).state).toBe('running');
  });

  it('forgets the oldest finished runs by count and by report size, always keeping the latest', () => {
    const { runs, workers } = make({ keepFinished: 2, maxReportChars: 15 });
    const ids = [0, 1, 2].map((i) => {
      const { id } = runs.start(settings);
      workers[i]!.listener.message({ type: 'report', json: '"abcd"' });
      return id;
    });
    expect(() => runs.status(ids[0]!)).toThrow(/There is no simulation/);
    expect(runs.status(ids[1]!).state).toBe('done');
    const big = runs.start(settings);
    workers[3]!.listener.message({ type: 'report', json: `"${'x'.repeat(20)}"` });
    expect(() => runs.status(ids[2]!)).toThrow(/There is no simulation/);
    expect(runs.report(big.id)).toHaveLength(22);
  });

  it('dispose terminates the running worker, drops the queue and refuses new runs', async () => {
    const { runs, workers } = make();
    runs.start(settings);
    runs.start(settings);
    await runs.dispose();
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(1);
    expect(() => runs.start(settings)).toThrow(/shutting down/);
  });
});
