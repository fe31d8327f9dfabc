import { describe, expect, it } from 'vitest';
import type { FileChangeEvent } from '../events.ts';
import { ChangeFeed } from './ChangeFeed.ts';

/** A feed over an in-memory map of path → version, recording what it reports. */
function feedOver(files: Map<string, string>) {
  const events: FileChangeEvent[] = [];
  const errors: unknown[] = [];
  const feed = new ChangeFeed(async (path) => files.get(path), (error) => errors.push(error));
  feed.subscribe((event) => events.push(event));
  return { feed, events, errors };
}

describe('ChangeFeed', () => {
  it('reports created, changed and deleted by comparing versions, and nothing for an unchanged file', async () => {
    const files = new Map([['a.yaml', 'v1']]);
    const { feed, events } = feedOver(files);
    feed.seed([{ path: 'a.yaml', version: 'v1' }]);
    await feed.check(['a.yaml']);
    expect(events).toEqual([]);
    files.set('b.yaml', 'v1');
    files.set('a.yaml', 'v2');
    await feed.check(['a.yaml', 'b.yaml', 'a.yaml']);
    files.delete('a.yaml');
    await feed.check(['a.yaml', 'a.yaml']);
    expect(events).toEqual([
      { type: 'changed', path: 'a.yaml', version: 'v2' },
      { type: 'created', path: 'b.yaml', version: 'v1' },
      { type: 'deleted', path: 'a.yaml' },
    ]);
  });

  it('checks every known file under a removed folder', async () => {
    const files = new Map([['tests/a.test.yaml', 'v1'], ['tests/b.test.yaml', 'v1'], ['testsuite.yaml', 'v1']]);
    const { feed, events } = feedOver(files);
    feed.seed([...files].map(([path, version]) => ({ path, version })));
    files.clear();
    await feed.checkBatch({ files: new Set(), removedFolders: new Set(['tests']) });
    expect(events).toEqual([
      { type: 'deleted', path: 'tests/a.test.yaml' },
      { type: 'deleted', path: 'tests/b.test.yaml' },
    ]);
  });

  it('keeps going when a listener or a version read fails', async () => {
    const files = new Map([['a.yaml', 'v1']]);
    const feed = new ChangeFeed(async (path) => (path === 'bad.yaml' ? Promise.reject(new Error('read failed')) : files.get(path)));
    const received: string[] = [];
    feed.subscribe(() => {
      throw new Error('broken listener');
    });
    feed.subscribe((event) => received.push(event.path));
    await feed.check(['bad.yaml', 'a.yaml']);
    expect(received).toEqual(['a.yaml']);
  });

  it('stops reporting once disposed, and an unsubscribed listener hears nothing', async () => {
    const files = new Map<string, string>();
    const { feed, events } = feedOver(files);
    const late: FileChangeEvent[] = [];
    const unsubscribe = feed.subscribe((event) => late.push(event));
    unsubscribe();
    files.set('a.yaml', 'v1');
    await feed.check(['a.yaml']);
    expect(late).toEqual([]);
    feed.dispose();
    files.set('b.yaml', 'v1');
    await feed.check(['b.yaml']);
    expect(events.map((e) => e.path)).toEqual(['a.yaml']);
  });
});
