import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChangeRequestStore } from '../src/changes/ChangeRequestStore.ts';

const CHILD = fileURLToPath(new URL('./support/publishThenCrash.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

async function workspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'colloquy-changes-'));
  await mkdir(join(root, 'flows'));
  await writeFile(join(root, 'flows', 'a.flow.yaml'), 'id: a\n# published a\n');
  await writeFile(join(root, 'flows', 'b.flow.yaml'), 'id: b\n# published b\n');
  await writeFile(join(root, 'flows', 'gone.flow.yaml'), 'id: gone\n');
  return root;
}

/** A change that edits a and b, adds c and deletes gone. */
async function fourFileChange(store: ChangeRequestStore) {
  let meta = await store.create('dana', 'Clearer card-loss wording');
  meta = await store.write(meta, 'flows/a.flow.yaml', 'id: a\n# changed a\n');
  meta = await store.write(meta, 'flows/b.flow.yaml', 'id: b\n# changed b\n');
  meta = await store.write(meta, 'flows/new/c.flow.yaml', 'id: c\n');
  meta = await store.remove(meta, 'flows/gone.flow.yaml');
  return store.update(meta, { state: 'approved', approvals: [{ account: 'omar', role: 'ops_manager', contentHash: 'h', rationale: 'fine' }] });
}

async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (folder: string, prefix: string) => {
    for (const entry of await readdir(join(root, folder), { withFileTypes: true })) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) await walk(join(folder, entry.name), `${path}/`);
      else out[path] = await readFile(join(root, folder, entry.name), 'utf8');
    }
  };
  await walk('flows', 'flows/');
  return out;
}

function publishInChild(root: string, id: string, crashAfter: number): Promise<{ killed: boolean; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, root, id, String(crashAfter)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve({ killed: true, stdout }) : code === 0 ? resolve({ killed: false, stdout }) : reject(new Error(stderr))));
  });
}

describe('change requests on disk', () => {
  it('numbers change requests, keeps their files apart from the published workspace, and diffs them', async () => {
    const root = await workspace();
    const store = new ChangeRequestStore(root, { now: () => new Date('2026-11-23T10:00:00Z') });
    const meta = await fourFileChange(store);
    expect(meta.id).toBe('CR-1');
    expect((await store.create('omar', 'another')).id).toBe('CR-2');
    expect(await readFile(join(root, 'flows', 'a.flow.yaml'), 'utf8')).toBe('id: a\n# published a\n');
    expect(await store.read(meta, 'flows/a.flow.yaml')).toBe('id: a\n# changed a\n');
    expect(await store.read(meta, 'flows/gone.flow.yaml')).toBeNull();
    expect((await store.diff(meta)).map((d) => `${d.status} ${d.path}`)).toEqual(['modified flows/a.flow.yaml', 'modified flows/b.flow.yaml', 'deleted flows/gone.flow.yaml', 'added flows/new/c.flow.yaml']);
    const overlay = await store.overlay(meta, [
      { path: 'flows/a.flow.yaml', content: 'id: a\n# published a\n' },
      { path: 'flows/gone.flow.yaml', content: 'id: gone\n' },
    ]);
    expect(overlay.map((f) => f.path)).toEqual(['flows/a.flow.yaml', 'flows/b.flow.yaml', 'flows/new/c.flow.yaml']);
    expect((await store.list()).map((m) => m.id)).toEqual(['CR-1', 'CR-2']);
    expect(await store.get('../etc')).toBeUndefined();
  });

  it('names the files the published workspace changed since the change touched them', async () => {
    const root = await workspace();
    const store = new ChangeRequestStore(root);
    const meta = await fourFileChange(store);
    expect(await store.conflicts(meta)).toEqual([]);
    await writeFile(join(root, 'flows', 'b.flow.yaml'), 'id: b\n# someone else published this\n');
    expect(await store.conflicts(meta)).toEqual(['flows/b.flow.yaml']);
  });

  it('publishes every file at once and marks the change published', async () => {
    const root = await workspace();
    const store = new ChangeRequestStore(root);
    const published = await store.publish(await fourFileChange(store));
    expect(published.state).toBe('published');
    expect(await snapshot(root)).toEqual({ 'flows/a.flow.yaml': 'id: a\n# changed a\n', 'flows/b.flow.yaml': 'id: b\n# changed b\n', 'flows/new/c.flow.yaml': 'id: c\n' });
    expect(await readdir(join(root, '.colloquy'))).not.toContain('publish');
  });

  it('a crash in the middle of publishing leaves the old version whole and the change still approved', { timeout: 120_000 }, async () => {
    for (const crashAfter of [1, 2, 3, 4]) {
      const root = await workspace();
      const store = new ChangeRequestStore(root);
      const meta = await fourFileChange(store);
      const before = await snapshot(root);
      const run = await publishInChild(root, meta.id, crashAfter);
      expect(run.killed, `crash after ${crashAfter}`).toBe(true);
      expect(await snapshot(root), `crash after ${crashAfter}: half published`).not.toEqual(before);
      const recovered = await new ChangeRequestStore(root).recover();
      expect(recovered).toEqual({ id: 'CR-1', outcome: 'rolled back' });
      expect(await snapshot(root), `crash after ${crashAfter}`).toEqual(before);
      expect((await store.get('CR-1'))!.state).toBe('approved');
      // And it can be published again, whole.
      expect((await store.publish((await store.get('CR-1'))!)).state).toBe('published');
      expect(Object.keys(await snapshot(root))).toEqual(['flows/a.flow.yaml', 'flows/b.flow.yaml', 'flows/new/c.flow.yaml']);
    }
  });
});
