/**
 * New files made in the studio (a Try-it conversation saved as a test in a new
 * test file): an unsaved buffer until saved, then created on disk through the
 * same `save` as every other file; and coverage for the graph.
 */
import { describe, expect, it } from 'vitest';
import { WorkbenchStore } from '../../src/state/WorkbenchStore.ts';
import { MemoryApi } from '../support/MemoryApi.ts';

async function loadedStore() {
  const api = new MemoryApi();
  api.put('agent.yaml', 'kind: agent\n');
  api.put('tests/a.test.yaml', 'kind: test\n');
  const store = new WorkbenchStore(api, () => new Date(0));
  await store.load();
  return { api, store };
}

const NEW = 'tests/try_it.test.yaml';

describe('new files', () => {
  it('are unsaved buffers that the validator sees, and the first save creates them on disk', async () => {
    const { api, store } = await loadedStore();
    // When a new file is written
    store.writeBuffer(NEW, 'kind: test\nid: try_it\n');
    // Then it is a dirty buffer, not on disk, and part of what validation and search read
    expect(store.file(NEW)).toMatchObject({ dirty: true, isNew: true, text: 'kind: test\nid: try_it\n' });
    expect(api.disk.has(NEW)).toBe(false);
    expect(store.buffers().map((b) => b.path)).toContain(NEW);
    // When it is saved
    expect(await store.save(NEW)).toBe(true);
    // Then the file exists with that text and the buffer is an ordinary clean file
    expect(api.disk.get(NEW)?.content).toBe('kind: test\nid: try_it\n');
    expect(store.file(NEW)).toMatchObject({ dirty: false, isNew: false, version: api.disk.get(NEW)?.version });
    // And the next save is an ordinary save with its base version
    store.updateText(NEW, 'kind: test\nid: try_it\ntests: []\n');
    expect(await store.save(NEW)).toBe(true);
    expect(api.disk.get(NEW)?.content).toBe('kind: test\nid: try_it\ntests: []\n');
  });

  it('stay dirty until saved, even when edited back to nothing', async () => {
    const { store } = await loadedStore();
    store.writeBuffer(NEW, 'x');
    store.updateText(NEW, '');
    expect(store.file(NEW)?.dirty).toBe(true);
  });

  it('write into an existing buffer instead when the path is already a file', async () => {
    const { api, store } = await loadedStore();
    store.writeBuffer('tests/a.test.yaml', 'kind: test\nid: a\n');
    expect(store.file('tests/a.test.yaml')).toMatchObject({ dirty: true, text: 'kind: test\nid: a\n' });
    expect(store.file('tests/a.test.yaml')?.isNew).toBeUndefined();
    expect(await store.save('tests/a.test.yaml')).toBe(true);
    expect(api.disk.get('tests/a.test.yaml')?.content).toBe('kind: test\nid: a\n');
  });

  it('keep their text and offer Overwrite when someone created the file meanwhile', async () => {
    const { api, store } = await loadedStore();
    store.writeBuffer(NEW, 'mine');
    api.put(NEW, 'theirs');
    expect(await store.save(NEW)).toBe(false);
    expect(store.file(NEW)).toMatchObject({ dirty: true, text: 'mine' });
    const notice = store.state.notices.at(-1)!;
    expect(notice.actions.map((a) => a.label)).toEqual(['Overwrite', 'Reload']);
    notice.actions[0]!.run();
    await new Promise((r) => setTimeout(r, 0));
    expect(api.disk.get(NEW)?.content).toBe('mine');
    expect(store.file(NEW)).toMatchObject({ dirty: false, isNew: false });
  });

  it('are not dropped when the workspace is listed again before they are saved', async () => {
    const { store } = await loadedStore();
    store.writeBuffer(NEW, 'kind: test\n');
    await store.load();
    expect(store.file(NEW)).toMatchObject({ isNew: true, dirty: true });
  });

  it('ignore the server’s created event that races with their own save', async () => {
    const { api, store } = await loadedStore();
    store.writeBuffer(NEW, 'kind: test\n');
    const saving = store.save(NEW);
    // The file watcher reports the new file before the save answers
    await store.applyServerEvent({ type: 'created', path: NEW, version: 'v-from-watcher' });
    expect(await saving).toBe(true);
    expect(store.state.notices).toEqual([]);
    expect(store.file(NEW)?.version).toBe(api.disk.get(NEW)?.version);
  });
});

describe('coverage for the graph', () => {
  it('is kept per flow file until replaced or cleared', async () => {
    const { store } = await loadedStore();
    expect(store.state.coverage).toBeUndefined();
    const reach = { nodes: new Set(['start']), transitions: new Set(['start->end (next)']) };
    store.setCoverage(new Map([['flows/a.flow.yaml', reach]]));
    expect(store.state.coverage?.get('flows/a.flow.yaml')).toBe(reach);
    store.setCoverage(undefined);
    expect(store.state.coverage).toBeUndefined();
  });
});
