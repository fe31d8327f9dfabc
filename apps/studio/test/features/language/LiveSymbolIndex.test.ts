/**
 * The live index follows a real WorkbenchStore (over an in-memory server):
 * unsaved text, after a pause, re-reading only the files that changed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { definitionAt } from '../../../src/features/language/definitions.ts';
import { LiveSymbolIndex } from '../../../src/features/language/LiveSymbolIndex.ts';
import { WorkbenchStore } from '../../../src/state/WorkbenchStore.ts';
import { MemoryApi } from '../../support/MemoryApi.ts';
import { SMALL } from './fixtures.ts';
import { at, where } from './support.ts';

const FLOW_A = 'flows/a.flow.yaml';
const FLOW_B = 'flows/b.flow.yaml';
const DELAY = 150;

async function loadedStore(extra: Record<string, string> = {}): Promise<WorkbenchStore> {
  const api = new MemoryApi();
  for (const [path, text] of SMALL) api.put(path, text);
  for (const [path, text] of Object.entries(extra)) api.put(path, text);
  const store = new WorkbenchStore(api, () => new Date(0));
  await store.load();
  return store;
}

describe('LiveSymbolIndex', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('indexes every loaded YAML buffer, and nothing else', async () => {
    const store = await loadedStore({ 'notes.txt': 'start: nowhere\n' });
    const live = new LiveSymbolIndex(store, { delayMs: DELAY });
    expect(live.index.paths()).toEqual([...SMALL.keys()].sort());
    live.dispose();
  });

  it('indexes an edit after the pause, and at once when asked for the current index', async () => {
    // Given a live index over the loaded workspace
    const store = await loadedStore();
    const live = new LiveSymbolIndex(store, { delayMs: DELAY });
    const renamed = SMALL.get(FLOW_A)!.replace('  why:\n', '  reason_node:\n').replace('next: why', 'next: reason_node');

    // When the flow is edited (unsaved)
    store.updateText(FLOW_A, renamed);

    // Then the index still has the old text until the pause is over
    expect(live.index.definitionsNamed('node', 'reason_node')).toEqual([]);
    vi.advanceTimersByTime(DELAY);
    expect(where(live.index.definitionsNamed('node', 'reason_node'))).toEqual([`${FLOW_A}:18:3`]);

    // And `current()` does not wait for the pause
    store.updateText(FLOW_A, SMALL.get(FLOW_A)!);
    expect(where(definitionAt(live.current(), FLOW_A, at(SMALL.get(FLOW_A)!, 'next: why', 0, 6)))).toEqual([`${FLOW_A}:18:3`]);
    live.dispose();
  });

  it('re-reads only the file that changed, once per pause however many keystrokes', async () => {
    const store = await loadedStore();
    const live = new LiveSymbolIndex(store, { delayMs: DELAY });
    const untouched = live.index.file(FLOW_B);
    const versions: number[] = [];
    const off = live.onDidChange((v) => versions.push(v));
    const before = live.index.version;

    // When five keystrokes land within the pause
    let text = SMALL.get(FLOW_A)!;
    for (const ch of '# abc') {
      text += ch;
      store.updateText(FLOW_A, text);
      vi.advanceTimersByTime(DELAY / 5);
    }
    vi.advanceTimersByTime(DELAY);

    // Then the flow was indexed once, the other files not at all
    expect(live.index.version).toBe(before + 1);
    expect(versions).toEqual([before + 1]);
    expect(live.index.file(FLOW_B)).toBe(untouched);
    expect(live.index.file(FLOW_A)?.text).toBe(text);
    off();
    live.dispose();
  });

  it('ignores store changes that keep the buffers (cursor, diagnostics, tabs)', async () => {
    const store = await loadedStore();
    const live = new LiveSymbolIndex(store, { delayMs: DELAY });
    const heard = vi.fn();
    live.onDidChange(heard);
    store.setCursor({ line: 3, column: 4 });
    store.openFile(FLOW_A);
    store.setDiagnostics([]);
    expect(vi.getTimerCount()).toBe(0);
    // A buffer replaced with the same text (e.g. reloaded from disk) changes nothing.
    await store.reload(FLOW_A);
    vi.advanceTimersByTime(DELAY);
    expect(heard).not.toHaveBeenCalled();
    live.dispose();
  });

  it('follows files created and deleted, and stops following once disposed', async () => {
    const store = await loadedStore();
    const live = new LiveSymbolIndex(store, { delayMs: DELAY });
    store.createBuffer('flows/c.flow.yaml', 'kind: flow\nversion: 1\nid: c\nstart: only\nnodes:\n  only: { end: resolved }\n');
    await store.applyServerEvent({ type: 'deleted', path: FLOW_B });
    expect(live.current().paths()).toContain('flows/c.flow.yaml');
    expect(live.index.paths()).not.toContain(FLOW_B);
    expect(live.index.definitionsNamed('flow', 'b')).toEqual([]);

    live.dispose();
    store.updateText(FLOW_A, `${SMALL.get(FLOW_A)!}# after dispose\n`);
    expect(vi.getTimerCount()).toBe(0);
    expect(live.index.file(FLOW_A)?.text).toBe(SMALL.get(FLOW_A));
  });
});
