/**
 * documentExists and removeAllDocumentStorage on real files: what the
 * collaboration server asks without opening a document (opening makes one),
 * and how a published or withdrawn change request's live folder goes.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { documentExists, DocumentStorageBusyError, openDocumentStorage, removeAllDocumentStorage, removeDocumentStorage } from './index.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function liveDir(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'colloquy-live-exists-'));
  folders.push(folder);
  return join(folder, 'CR-1', 'live');
}

describe('documentExists', () => {
  it('is false before a document is opened (even without its folder), true once stored, false once removed', async () => {
    const dir = await liveDir();
    const name = 'file/flows/card_lost.yaml';
    expect(await documentExists(dir, name)).toBe(false);
    expect(existsSync(dir)).toBe(false); // asking creates nothing
    const storage = await openDocumentStorage(dir, name);
    await storage.append(new Uint8Array([0, 0]));
    expect(await documentExists(dir, name)).toBe(true);
    expect(await documentExists(dir, 'file/flows/other.yaml')).toBe(false);
    await storage.close();
    await removeDocumentStorage(dir, name);
    expect(await documentExists(dir, name)).toBe(false);
  });
});

describe('removeAllDocumentStorage', () => {
  it('refuses while a document in the folder is open, then removes the folder with every document', async () => {
    const dir = await liveDir();
    const [a, b] = [await openDocumentStorage(dir, 'index'), await openDocumentStorage(dir, 'file/flows/a.yaml')];
    await a.append(new Uint8Array([0, 0]));
    await a.compact(new Uint8Array([0, 0]));
    await a.close();
    await expect(removeAllDocumentStorage(dir)).rejects.toBeInstanceOf(DocumentStorageBusyError);
    expect((await readdir(dir)).length).toBeGreaterThan(0);
    await b.close();
    await removeAllDocumentStorage(dir);
    expect(existsSync(dir)).toBe(false);
    expect(await documentExists(dir, 'index')).toBe(false);
    await removeAllDocumentStorage(dir); // gone already: nothing to do
  });
});
