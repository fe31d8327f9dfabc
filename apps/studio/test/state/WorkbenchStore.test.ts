import { describe, expect, it } from 'vitest';
import { WorkspaceValidator } from '@colloquy/core';
import { MemoryApi } from '../support/MemoryApi.ts';
import { nextDelay } from '../../src/api/EventsConnection.ts';
import { WorkbenchStore } from '../../src/state/WorkbenchStore.ts';
import { diffBuffers } from '../../src/worker/ValidationClient.ts';
import { handleValidatorMessage } from '../../src/worker/validationCore.ts';

async function loadedStore() {
  const api = new MemoryApi();
  api.put('agent.yaml', 'kind: agent\n');
  api.put('flows/a.flow.yaml', 'kind: flow\n');
  const store = new WorkbenchStore(api, () => new Date(0));
  await store.load();
  return { api, store };
}

/** A MemoryApi whose reads answer one after another, `gapMs` apart, like a server's responses arriving. */
class StaggeredApi extends MemoryApi {
  private next = 0;
  constructor(private readonly gapMs: number) {
    super();
  }
  override async readFile(path: string) {
    await new Promise((resolve) => setTimeout(resolve, (this.next += this.gapMs)));
    return super.readFile(path);
  }
}

describe('WorkbenchStore', () => {
  it('lands a whole workspace’s files in a few store updates, not one per file', async () => {
    const api = new StaggeredApi(2);
    for (let i = 0; i < 40; i++) api.put(`flows/f${i}.flow.yaml`, `kind: flow\nid: f${i}\n`);
    const store = new WorkbenchStore(api, () => new Date(0));
    const sizes: number[] = [];
    store.subscribe((state) => sizes.at(-1) !== state.files.size && sizes.push(state.files.size));
    await store.load();
    expect(store.state.files.size).toBe(40);
    expect(store.file('flows/f7.flow.yaml')).toMatchObject({ text: 'kind: flow\nid: f7\n', dirty: false });
    // Answers spread over ~80 ms land in batches of 50 ms: two or three updates, where there were 40.
    expect(sizes.length).toBeLessThanOrEqual(4);
    expect(sizes.at(-1)).toBe(40);
  });

  it('keeps what was typed into a file while a reload of the workspace was reading it', async () => {
    const api = new StaggeredApi(5);
    api.put('flows/a.flow.yaml', 'kind: flow\n');
    api.put('flows/b.flow.yaml', 'kind: flow\n');
    const store = new WorkbenchStore(api, () => new Date(0));
    await store.load();
    api.put('flows/a.flow.yaml', 'kind: flow\nid: theirs\n');
    api.put('flows/b.flow.yaml', 'kind: flow\nid: b\n');
    const reloading = store.load();
    await new Promise((resolve) => setTimeout(resolve, 1));
    store.updateText('flows/a.flow.yaml', 'kind: flow\nid: mine\n');
    await reloading;
    expect(store.file('flows/a.flow.yaml')).toMatchObject({ text: 'kind: flow\nid: mine\n', dirty: true });
    expect(store.file('flows/b.flow.yaml')).toMatchObject({ text: 'kind: flow\nid: b\n', dirty: false });
  });

  it('loads every file and tracks dirty buffers', async () => {
    const { store } = await loadedStore();
    expect([...store.state.files.keys()].sort()).toEqual(['agent.yaml', 'flows/a.flow.yaml']);
    store.openFile('flows/a.flow.yaml');
    store.updateText('flows/a.flow.yaml', 'kind: flow\nid: a\n');
    expect(store.file('flows/a.flow.yaml')).toMatchObject({ dirty: true, savedContent: 'kind: flow\n' });
    expect(store.state.tabs.main.tabs[0]).toEqual({ kind: 'file', path: 'flows/a.flow.yaml', preview: false }); // an edit pins the tab
    store.updateText('flows/a.flow.yaml', 'kind: flow\n');
    expect(store.file('flows/a.flow.yaml')?.dirty).toBe(false);
  });

  it('moves a renamed file’s buffer, tabs and notices, unsaved text included, and a read of the old name does not bring it back', async () => {
    const { api, store } = await loadedStore();
    store.openFile('flows/a.flow.yaml', { preview: false });
    store.updateText('flows/a.flow.yaml', 'kind: flow\nid: a\n');
    store.notify('warning', 'about a', [], 'flows/a.flow.yaml');
    const reading = store.reload('flows/a.flow.yaml'); // in flight as the rename arrives
    store.renamePath('flows/a.flow.yaml', 'flows/b.flow.yaml');
    await reading;
    expect([...store.state.files.keys()].sort()).toEqual(['agent.yaml', 'flows/b.flow.yaml']);
    expect(store.file('flows/b.flow.yaml')).toMatchObject({ path: 'flows/b.flow.yaml', text: 'kind: flow\nid: a\n', dirty: true });
    expect(store.state.tabs.active).toBe('flows/b.flow.yaml');
    expect(store.state.notices.map((n) => n.path)).toEqual(['flows/b.flow.yaml']);
    expect(api.disk.has('flows/a.flow.yaml')).toBe(true); // the store only follows; the server renames
  });

  it('saves with the base version, and a conflict keeps the edits and offers Overwrite / Reload', async () => {
    const { api, store } = await loadedStore();
    store.updateText('agent.yaml', 'kind: agent\nname: Mine\n');
    expect(await store.save('agent.yaml')).toBe(true);
    expect(api.disk.get('agent.yaml')?.content).toBe('kind: agent\nname: Mine\n');
    expect(store.file('agent.yaml')?.dirty).toBe(false);

    // Given someone else saved meanwhile
    api.put('agent.yaml', 'kind: agent\nname: Theirs\n');
    store.updateText('agent.yaml', 'kind: agent\nname: Mine again\n');
    // When we save, then it is refused and our text stays
    expect(await store.save('agent.yaml')).toBe(false);
    expect(store.file('agent.yaml')).toMatchObject({ dirty: true, text: 'kind: agent\nname: Mine again\n' });
    const notice = store.state.notices.at(-1)!;
    expect(notice.actions.map((a) => a.label)).toEqual(['Overwrite', 'Reload']);
    // And Overwrite saves without a base version
    notice.actions[0]!.run();
    await new Promise((r) => setTimeout(r, 0));
    expect(api.disk.get('agent.yaml')?.content).toBe('kind: agent\nname: Mine again\n');
    expect(store.state.notices).toEqual([]);
  });

  it('shows the server’s error on other failures', async () => {
    const { api, store } = await loadedStore();
    store.updateText('agent.yaml', 'x');
    api.disk.delete('agent.yaml');
    expect(await store.save('agent.yaml')).toBe(false);
    expect(store.state.notices.at(-1)?.message).toContain('The file does not exist.');
    expect(store.file('agent.yaml')?.text).toBe('x');
  });

  it('reloads clean files on `changed`, and raises a notice for dirty ones', async () => {
    const { api, store } = await loadedStore();
    const v = api.put('agent.yaml', 'kind: agent\nname: New\n');
    await store.applyServerEvent({ type: 'changed', path: 'agent.yaml', version: v });
    expect(store.file('agent.yaml')?.text).toBe('kind: agent\nname: New\n');

    store.updateText('flows/a.flow.yaml', 'mine');
    const w = api.put('flows/a.flow.yaml', 'theirs');
    await store.applyServerEvent({ type: 'changed', path: 'flows/a.flow.yaml', version: w });
    expect(store.file('flows/a.flow.yaml')?.text).toBe('mine');
    expect(store.state.notices.at(-1)?.message).toContain('changed on disk');
  });

  it('adds and removes files on `created` / `deleted`', async () => {
    const { api, store } = await loadedStore();
    store.openFile('agent.yaml');
    const v = api.put('tests/t.test.yaml', 'kind: test\n');
    await store.applyServerEvent({ type: 'created', path: 'tests/t.test.yaml', version: v });
    expect(store.file('tests/t.test.yaml')?.text).toBe('kind: test\n');
    await store.applyServerEvent({ type: 'deleted', path: 'agent.yaml' });
    expect(store.file('agent.yaml')).toBeUndefined();
    expect(store.state.tabs.main.tabs).toEqual([]);
  });

  it('reveal opens the file and records a request for the editor', async () => {
    const { store } = await loadedStore();
    const range = { start: { line: 2, column: 1, offset: 5 }, end: { line: 2, column: 3, offset: 7 } };
    store.reveal('flows/a.flow.yaml', range);
    expect(store.state.tabs.active).toBe('flows/a.flow.yaml');
    expect(store.state.revealRequest).toMatchObject({ seq: 1, path: 'flows/a.flow.yaml', range, group: 'main' });
  });
});

describe('WorkbenchStore editor groups', () => {
  it('splits the active file into the side group, with one buffer and one dirty state', async () => {
    const { api, store } = await loadedStore();
    store.openFile('flows/a.flow.yaml');
    store.splitEditor();
    const { tabs } = store.state;
    expect([tabs.main.active?.path, tabs.side?.active?.path, tabs.activeGroup]).toEqual(['flows/a.flow.yaml', 'flows/a.flow.yaml', 'side']);
    // The new group's editor takes the focus.
    expect(store.state.revealRequest).toMatchObject({ path: 'flows/a.flow.yaml', range: undefined, group: 'side' });

    store.updateText('flows/a.flow.yaml', 'kind: flow\nid: a\n');
    expect(store.state.tabs.main.tabs[0]).toMatchObject({ preview: false }); // the edit pins the tab in both groups
    expect(await store.save('flows/a.flow.yaml')).toBe(true);
    expect(api.disk.get('flows/a.flow.yaml')?.content).toBe('kind: flow\nid: a\n');
    expect(store.file('flows/a.flow.yaml')?.dirty).toBe(false);
  });

  it('reveals in the active group, or in the main group when the file is open only there', async () => {
    const { store } = await loadedStore();
    store.openFile('agent.yaml', { preview: false });
    store.openFile('flows/a.flow.yaml', { preview: false });
    store.splitEditor(); // side: a.flow.yaml, active
    store.reveal('agent.yaml');
    expect(store.state.revealRequest).toMatchObject({ path: 'agent.yaml', group: 'main' });
    expect(store.state.tabs.activeGroup).toBe('main');
    store.focusGroup('side');
    store.reveal('flows/a.flow.yaml');
    expect(store.state.revealRequest).toMatchObject({ group: 'side' });
  });

  it('closes the active editor of the active group; the side group goes with its last tab', async () => {
    const { store } = await loadedStore();
    store.openFile('flows/a.flow.yaml');
    store.openGraph('flows/a.flow.yaml');
    expect(store.state.tabs.activeGroup).toBe('main'); // the graph does not take the focus
    store.focusGroup('side');
    store.closeActiveEditor();
    expect(store.state.tabs.side).toBeUndefined();
    expect(store.state.tabs.active).toBe('flows/a.flow.yaml');
  });

  it('a file deleted on disk leaves both groups', async () => {
    const { store } = await loadedStore();
    store.openFile('agent.yaml', { preview: false });
    store.splitEditor();
    store.openGraph('flows/a.flow.yaml');
    await store.applyServerEvent({ type: 'deleted', path: 'agent.yaml' });
    expect(store.state.tabs.main.tabs).toEqual([{ kind: 'graph', path: 'flows/a.flow.yaml' }]);
    expect(store.state.tabs.side).toBeUndefined();
  });
});

describe('validation worker logic', () => {
  it('sends only what changed', () => {
    expect(diffBuffers(new Map([['a', '1'], ['b', '2']]), new Map([['a', '1'], ['c', '3']]))).toEqual({ set: [{ path: 'c', text: '3' }], removed: ['b'] });
  });

  it('validates unsaved texts with core and answers diagnostics', () => {
    const validator = new WorkspaceValidator();
    const answer = handleValidatorMessage(validator, { type: 'validate', seq: 1, set: [{ path: 'flows/x.flow.yaml', text: 'kind: flow\nversion: 1\nno_such_field: 1\n' }], removed: [] });
    expect(answer.type).toBe('diagnostics');
    expect(answer.type === 'diagnostics' && answer.diagnostics.some((d) => d.file === 'flows/x.flow.yaml')).toBe(true);
    const cleared = handleValidatorMessage(validator, { type: 'validate', seq: 2, set: [], removed: ['flows/x.flow.yaml'] });
    expect(cleared.type === 'diagnostics' && cleared.diagnostics.filter((d) => d.file === 'flows/x.flow.yaml')).toEqual([]);
  });

  it('backs off exponentially when reconnecting', () => {
    expect([0, 1, 2, 10].map((n) => nextDelay(n))).toEqual([500, 1000, 2000, 10_000]);
  });
});
