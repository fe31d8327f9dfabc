import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkspaceValidator } from '@colloquy/core';
import { WorkbenchStore } from '../../src/state/WorkbenchStore.ts';
import { ValidationClient, type ValidatorPort } from '../../src/worker/ValidationClient.ts';
import { handleValidatorMessage } from '../../src/worker/validationCore.ts';
import type { FromValidator, ToValidator } from '../../src/worker/protocol.ts';
import { MemoryApi } from '../support/MemoryApi.ts';

/**
 * The worker's real validation code behind a port whose answers the test
 * releases by hand, so "a request is in flight" is a state the test controls.
 */
class HeldWorker implements ValidatorPort {
  readonly sent: ToValidator[] = [];
  onmessage: ((event: MessageEvent<FromValidator>) => void) | null = null;
  private readonly validator = new WorkspaceValidator();
  private held: ToValidator[] = [];
  postMessage(message: ToValidator): void {
    this.sent.push(message);
    this.held.push(message);
  }
  /** Answers every held request, in order. */
  answer(): void {
    const held = this.held;
    this.held = [];
    for (const message of held) this.onmessage?.({ data: handleValidatorMessage(this.validator, message) } as MessageEvent<FromValidator>);
  }
  terminate(): void {}
}

async function setUp() {
  vi.useFakeTimers();
  const api = new MemoryApi();
  api.put('agent.yaml', 'kind: agent\n');
  api.put('flows/a.flow.yaml', 'kind: flow\n');
  const store = new WorkbenchStore(api, () => new Date(0));
  await store.load();
  const worker = new HeldWorker();
  const client = new ValidationClient(store, worker, 20);
  return { store, worker, client };
}

describe('ValidationClient', () => {
  afterEach(() => vi.useRealTimers());

  it('merges a burst of edits into one request after a short pause', async () => {
    const { store, worker, client } = await setUp();
    await vi.advanceTimersByTimeAsync(25);
    worker.answer();
    const before = worker.sent.length;
    store.updateText('flows/a.flow.yaml', 'kind: flow\nid: a\n');
    store.updateText('flows/a.flow.yaml', 'kind: flow\nid: ab\n');
    store.updateText('flows/a.flow.yaml', 'kind: flow\nid: abc\n');
    expect(worker.sent.length).toBe(before);
    await vi.advanceTimersByTimeAsync(25);
    expect(worker.sent.length).toBe(before + 1);
    expect(worker.sent.at(-1)!.set).toEqual([{ path: 'flows/a.flow.yaml', text: 'kind: flow\nid: abc\n' }]);
    client.dispose();
  });

  it('holds edits made while the worker is busy and sends them together when it answers', async () => {
    const { store, worker, client } = await setUp();
    await vi.advanceTimersByTimeAsync(25);
    expect(worker.sent).toHaveLength(1); // the initial request, not answered yet
    store.updateText('flows/a.flow.yaml', 'kind: flow\nid: x\n');
    store.updateText('agent.yaml', 'kind: agent\nname: A\n');
    await vi.advanceTimersByTimeAsync(500);
    expect(worker.sent).toHaveLength(1);
    worker.answer();
    expect(worker.sent).toHaveLength(2);
    expect(worker.sent[1]!.set.map((f) => f.path).sort()).toEqual(['agent.yaml', 'flows/a.flow.yaml']);
    client.dispose();
  });

  it('puts the answer in the store, and the next answer replaces it', async () => {
    const { store, worker, client } = await setUp();
    await vi.advanceTimersByTimeAsync(25);
    worker.answer();
    const initial = store.state.diagnostics.length;
    expect(initial).toBeGreaterThan(0); // `kind: flow` alone is not a valid flow
    store.updateText('flows/a.flow.yaml', 'kind: flow\n  bad: [indent\n');
    await vi.advanceTimersByTimeAsync(25);
    worker.answer();
    expect(store.state.diagnostics.some((d) => d.file === 'flows/a.flow.yaml' && d.code.startsWith('CQ1'))).toBe(true);
    client.dispose();
  });

  it('sends nothing when nothing changed', async () => {
    const { worker, client } = await setUp();
    await vi.advanceTimersByTimeAsync(25);
    worker.answer();
    client.flush();
    expect(worker.sent).toHaveLength(1);
    client.dispose();
  });
});
