/**
 * The file operations' rules around the server: nothing is sent where this person may not change
 * files (and the notice says why), the operation is announced before the request, the server's
 * refusal is shown word for word, and a kept offline copy is restored under a free name.
 */
import { describe, expect, it } from 'vitest';
import type { FileOperation } from '../../src/collab/indexChanges.ts';
import { WorkbenchStore } from '../../src/state/WorkbenchStore.ts';
import { FileOperations, type FileOperationsApi } from '../../src/workbench/FileOperations.ts';
import { MemoryApi } from '../support/MemoryApi.ts';

const DESIGNER = { name: 'dana', roles: ['designer'] };

async function setUp(state: 'draft' | 'in_review' = 'draft', account = DESIGNER) {
  const memory = new MemoryApi();
  memory.put('flows/a.flow.yaml', 'kind: flow\n');
  const store = new WorkbenchStore(memory, () => new Date(0));
  store.setAccount(account);
  store.setMode({ kind: 'change', change: { id: 'CR-3', title: 'T', author: 'dana', state } });
  await store.load();
  const calls: string[] = [];
  const announced: FileOperation[] = [];
  const refusal = { current: undefined as string | undefined };
  const api: FileOperationsApi = {
    async createFile(path, content) {
      calls.push(`create ${path} ${JSON.stringify(content)}`);
      if (refusal.current) return { type: 'conflict', currentVersion: undefined, error: refusal.current };
      memory.put(path, content);
      return { type: 'saved', version: 'v' };
    },
    async renameFile(from, to) {
      calls.push(`rename ${from} ${to} after ${announced.length} announcements`);
      return refusal.current ? { ok: false, status: 409, error: refusal.current } : { ok: true };
    },
    async deleteFile(path) {
      calls.push(`delete ${path}`);
      return refusal.current ? { ok: false, status: 404, error: refusal.current } : { ok: true };
    },
  };
  const copied: string[] = [];
  const operations = new FileOperations(store, api, Promise.resolve({ announce: (op) => announced.push(op) }), async (text) => void copied.push(text));
  return { store, memory, operations, calls, announced, refusal, copied };
}

describe('FileOperations', () => {
  it('announces an operation before asking the server, and shows the server’s refusal word for word', async () => {
    const { store, operations, calls, announced, refusal } = await setUp();
    expect(await operations.rename('flows/a.flow.yaml', 'flows/b.flow.yaml')).toBe(true);
    expect(calls).toEqual(['rename flows/a.flow.yaml flows/b.flow.yaml after 1 announcements']);
    expect(announced).toEqual([{ type: 'rename', from: 'flows/a.flow.yaml', to: 'flows/b.flow.yaml' }]);

    refusal.current = '`flows/b.flow.yaml` already exists in CR-3.';
    expect(await operations.delete('flows/a.flow.yaml')).toBe(false);
    expect(await operations.create('flows/b.flow.yaml')).toBe(false);
    expect(store.state.notices.map((n) => n.message)).toEqual([
      'Could not delete flows/a.flow.yaml: `flows/b.flow.yaml` already exists in CR-3.',
      'Could not create flows/b.flow.yaml: `flows/b.flow.yaml` already exists in CR-3.',
    ]);
  });

  it('sends nothing where this person may not change files, and says why', async () => {
    for (const { state, account } of [
      { state: 'in_review' as const, account: DESIGNER },
      { state: 'draft' as const, account: { name: 'vic', roles: ['viewer'] } },
    ]) {
      const { store, operations, calls } = await setUp(state, account);
      expect(operations.refusal()).toBeDefined();
      expect(await operations.delete('flows/a.flow.yaml')).toBe(false);
      expect(calls).toEqual([]);
      expect(store.state.notices[0]?.message).toBe(`Could not delete flows/a.flow.yaml: ${operations.refusal()}`);
    }
    const published = new WorkbenchStore(new MemoryApi());
    const none = new FileOperations(published, undefined);
    expect(none.shown()).toBe(false);
    expect(none.refusal()).toMatch(/published workspace/);
  });

  it('offers a kept copy until it is restored under a free name (opened) or copied', async () => {
    const { store, operations, calls, copied } = await setUp();
    operations.offerRestore({ path: 'flows/a.flow.yaml', text: 'kind: flow\n# mine\n', message: 'kept' });
    const notice = store.state.notices[0]!;
    expect(notice.actions.map((a) => a.label)).toEqual(['Restore as a new file', 'Copy the text']);
    notice.actions[1]!.run();
    await new Promise((r) => setTimeout(r, 0));
    expect(copied).toEqual(['kind: flow\n# mine\n']);
    // Restoring: the first free name beside the file, its text as it was; read and opened.
    expect(await operations.restore('flows/a.flow.yaml', 'kind: flow\n# mine\n')).toBe(true);
    expect(calls).toEqual(['create flows/a-restored.flow.yaml "kind: flow\\n# mine\\n"']);
    expect(store.file('flows/a-restored.flow.yaml')?.text).toBe('kind: flow\n# mine\n');
    expect(store.state.tabs.active).toBe('flows/a-restored.flow.yaml');
  }, 10_000);
});
