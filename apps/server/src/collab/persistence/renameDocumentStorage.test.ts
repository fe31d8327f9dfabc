/**
 * renameDocumentStorage on real files: a renamed file's live document keeps
 * its whole Yjs state under the new name (so clients' copies still merge with
 * it), the old name is gone, and open or occupied names are refused.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentPaths } from './documentFiles.ts';
import { documentExists, DocumentStorageBusyError, DocumentStorageExistsError, openDocumentStorage, renameDocumentStorage } from './index.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function liveDir(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'colloquy-live-rename-'));
  folders.push(folder);
  return join(folder, 'CR-1', 'live');
}

const FROM = 'file/flows/a.flow.yaml';
const TO = 'file/flows/b.flow.yaml';

/** Loads document `name` from `dir` into a fresh Y.Doc (and closes its storage). */
async function loadDoc(dir: string, name: string): Promise<Y.Doc> {
  const storage = await openDocumentStorage(dir, name);
  const doc = new Y.Doc();
  try {
    for (const update of await storage.load()) Y.applyUpdate(doc, update);
  } finally {
    await storage.close();
  }
  return doc;
}

describe('renameDocumentStorage', () => {
  it('moves the snapshot and the logged updates to the new name, and the old name has nothing', async () => {
    const dir = await liveDir();
    // Given a document with a compacted part and updates logged after it
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => updates.push(update));
    author.getText('content').insert(0, 'kind: flow\n');
    author.getMap('document').set('epoch', '0123456789abcdef0123456789abcdef');
    const storage = await openDocumentStorage(dir, FROM);
    for (const update of updates.splice(0)) await storage.append(update);
    await storage.compact(Y.encodeStateAsUpdate(author));
    author.getText('content').insert(11, 'id: a\n');
    for (const update of updates.splice(0)) await storage.append(update);
    await storage.close();

    // When it is moved
    await renameDocumentStorage(dir, FROM, TO);

    // Then the new name loads the same state (same Yjs items: a client's copy of the old document merges without duplicating)
    expect(await documentExists(dir, FROM)).toBe(false);
    expect(await documentExists(dir, TO)).toBe(true);
    const moved = await loadDoc(dir, TO);
    expect(moved.getText('content').toString()).toBe('kind: flow\nid: a\n');
    expect(moved.getMap('document').get('epoch')).toBe('0123456789abcdef0123456789abcdef');
    Y.applyUpdate(moved, Y.encodeStateAsUpdate(author));
    expect(moved.getText('content').toString()).toBe('kind: flow\nid: a\n');
    // The files name their new document in their header (so they are not mistaken for a file renamed by hand)
    const snapshot = await readFile(documentPaths(dir, TO).snapshot);
    expect(snapshot.toString('latin1')).toContain(JSON.stringify({ document: TO }));
  });

  it('refuses while either document is open, and when the new name already has state; moves nothing then', async () => {
    const dir = await liveDir();
    const from = await openDocumentStorage(dir, FROM);
    await from.append(Y.encodeStateAsUpdate(textDoc('a')));
    await expect(renameDocumentStorage(dir, FROM, TO)).rejects.toBeInstanceOf(DocumentStorageBusyError);
    await from.close();
    const to = await openDocumentStorage(dir, TO);
    await expect(renameDocumentStorage(dir, FROM, TO)).rejects.toBeInstanceOf(DocumentStorageExistsError);
    await to.close();
    // Even an empty log under the new name (the leftover of a move a crash cut short) is not overwritten silently
    await expect(renameDocumentStorage(dir, FROM, TO)).rejects.toThrow(/already has stored state/);
    expect((await loadDoc(dir, FROM)).getText('content').toString()).toBe('a');
    await expect(renameDocumentStorage(dir, FROM, FROM)).rejects.toBeInstanceOf(TypeError);
  });

  it('a document with no stored state moves nothing', async () => {
    const dir = await liveDir();
    await renameDocumentStorage(dir, FROM, TO);
    expect(await documentExists(dir, TO)).toBe(false);
  });
});

function textDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, text);
  return doc;
}
