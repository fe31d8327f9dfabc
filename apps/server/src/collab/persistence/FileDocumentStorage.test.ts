import { createHash } from 'node:crypto';
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentStorageBusyError, DocumentStorageCorruptError, openDocumentStorage, removeDocumentStorage, type DocumentStorage } from './index.ts';
import { decodeRecords, encodeRecord, RECORD_HEADER_BYTES } from './recordFraming.ts';
import { NODE_LOG_FS, type LogFileSystem } from './UpdateLog.ts';

const folders: string[] = [];
const opened: DocumentStorage[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()));
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A fresh `live/` folder (not created yet: opening creates it). */
async function liveDir(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'colloquy-live-'));
  folders.push(folder);
  return join(folder, '.colloquy', 'changes', 'CR-1', 'live');
}

async function open(dir: string, name = 'file/flows/card_lost.yaml', fs?: LogFileSystem): Promise<DocumentStorage> {
  const storage = await openDocumentStorage(dir, name, fs ? { fs } : {});
  opened.push(storage);
  return storage;
}

async function close(storage: DocumentStorage): Promise<void> {
  opened.splice(opened.indexOf(storage), 1);
  await storage.close();
}

/** A Yjs document that records each of its updates, as a client's would reach the server. */
function editor(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('content');
  return {
    doc,
    updates,
    text: () => text.toString(),
    /** One edit (one update): inserts at `index`, or deletes `remove` characters there. */
    edit(index: number, insert: string, remove = 0) {
      doc.transact(() => {
        if (remove > 0) text.delete(index, remove);
        if (insert) text.insert(index, insert);
      });
      return updates.at(-1)!;
    },
  };
}

/** The text of a document rebuilt from stored updates, in order. */
function textOf(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('content').toString();
}

/** Node's file system, counting the fsyncs and writes of log files; `gate` holds fsyncs, `opening` holds opens. */
function countingFs(): LogFileSystem & { syncs: number; writes: number; gate?: Promise<void>; opening?: Promise<void> } {
  const fs: LogFileSystem & { syncs: number; writes: number; gate?: Promise<void>; opening?: Promise<void> } = {
    syncs: 0,
    writes: 0,
    async open(path) {
      await fs.opening;
      const handle = await NODE_LOG_FS.open(path);
      // An fsync, made or (with O_DSYNC) part of a write: the gate holds both.
      const sync = async () => {
        await fs.gate;
        fs.syncs++;
      };
      return {
        writesAreDurable: handle.writesAreDurable,
        write: async (data, position) => {
          // Zeros made ahead of appends are neither counted nor held.
          const records = !data.every((byte) => byte === 0);
          if (records && handle.writesAreDurable) await sync();
          await handle.write(data, position);
          if (records) fs.writes++;
        },
        truncate: (length) => handle.truncate(length),
        close: () => handle.close(),
        sync: async () => {
          await sync();
          await handle.sync();
        },
      };
    },
  };
  return fs;
}

/** A log's bytes up to the end of its last record: the file less the zeros made ahead of appends. */
async function logBytesUsed(path: string): Promise<number> {
  return decodeRecords(new Uint8Array(await readFile(path)), 8, path).end;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('live document storage', () => {
  it('a new document loads as no updates; appended updates load back in order, also after reopening', async () => {
    const dir = await liveDir();
    const storage = await open(dir);
    expect(await storage.load()).toEqual([]);
    expect(storage.loggedUpdates).toBe(0);

    const alice = editor(1);
    const updates = [alice.edit(0, 'flow: card_lost\n'), alice.edit(6, 'x', 4), alice.edit(0, '# v1\n')];
    for (const update of updates) await storage.append(update);
    expect(storage.loggedUpdates).toBe(3);
    expect(await storage.load()).toEqual(updates);
    await close(storage);

    const reopened = await open(dir);
    expect(await reopened.load()).toEqual(updates);
    expect(reopened.loggedUpdates).toBe(3);
    expect(textOf(await reopened.load())).toBe(alice.text());
  });

  it('storedBytes is what the snapshot and the log\'s records take on disk (not the zeros made ahead of appends, which closing cuts off)', async () => {
    const dir = await liveDir();
    const storage = await open(dir, 'index');
    const alice = editor(1);
    // The first batch of a new log grows it; the zeros made after it are in place for the second.
    await storage.append(alice.edit(0, 'a'.repeat(1000)));
    await storage.append(alice.edit(0, 'b'));
    const [log, snapshot] = [join(dir, `${sha256('index')}.log`), join(dir, `${sha256('index')}.snapshot`)];
    const snapshotSize = async () => (await stat(snapshot).catch(() => ({ size: 0 }))).size;
    expect(storage.storedBytes).toBe((await logBytesUsed(log)) + (await snapshotSize()));
    expect((await stat(log)).size).toBeGreaterThan(await logBytesUsed(log));
    await storage.compact(Y.encodeStateAsUpdate(alice.doc));
    await storage.append(alice.edit(0, 'b'));
    expect(storage.storedBytes).toBe((await logBytesUsed(log)) + (await snapshotSize()));
    expect(storage.storedBytes).toBeGreaterThan(1000);
    const stored = storage.storedBytes;
    await close(storage);
    const sizes = (await Promise.all((await readdir(dir)).map((name) => stat(join(dir, name))))).reduce((sum, file) => sum + file.size, 0);
    expect(sizes).toBe(stored);
  });

  it('a log ends in zeros made ahead while it is open; it reads back the same, and reopened it takes appends after its last record', async () => {
    const dir = await liveDir();
    const storage = await open(dir);
    const alice = editor(1);
    const updates = [alice.edit(0, 'one '), alice.edit(4, 'two ')];
    for (const update of updates) await storage.append(update);
    const log = join(dir, `${sha256('file/flows/card_lost.yaml')}.log`);
    const bytes = new Uint8Array(await readFile(log));
    const used = await logBytesUsed(log);
    expect(bytes.length).toBeGreaterThan(used);
    expect(bytes.subarray(used).every((byte) => byte === 0)).toBe(true);
    // As a crash would leave it: the zeros still there.
    await copyFile(log, `${log}.copy`);
    await close(storage);
    await rm(log);
    await copyFile(`${log}.copy`, log);
    await rm(`${log}.copy`);
    const reopened = await open(dir);
    expect(await reopened.load()).toEqual(updates);
    const third = alice.edit(8, 'three');
    await reopened.append(third);
    expect(await reopened.load()).toEqual([...updates, third]);
    await close(reopened);
    expect(textOf(await (await open(dir)).load())).toBe('one two three');
  });

  it('reads a log of the format before zeros were made ahead (CQYLOG01), and marks it CQYLOG02 when it opens it for writing', async () => {
    const dir = await liveDir();
    const name = 'file/flows/card_lost.yaml';
    const alice = editor(1);
    const updates = [alice.edit(0, 'kind: flow\n'), alice.edit(0, '# old\n')];
    const header = encodeRecord(new TextEncoder().encode(JSON.stringify({ document: name })));
    const log = join(dir, `${sha256(name)}.log`);
    await mkdir(dir, { recursive: true });
    await writeFile(log, Buffer.concat([Buffer.from('CQYLOG01'), header, ...updates.map(encodeRecord)]));
    const storage = await open(dir, name);
    expect(await storage.load()).toEqual(updates);
    expect((await readFile(log)).subarray(0, 8).toString()).toBe('CQYLOG02');
    const third = alice.edit(0, '# new\n');
    await storage.append(third);
    await close(storage);
    expect(textOf(await (await open(dir, name)).load())).toBe(alice.text());
  });

  describe('file names', () => {
    it('are the sha256 of the document name, and each file records the name in its header', async () => {
      const dir = await liveDir();
      const name = 'file/flows/card_lost.yaml';
      const storage = await open(dir, name);
      const alice = editor(1);
      await storage.append(alice.edit(0, 'hello'));
      await storage.compact(Y.encodeStateAsUpdate(alice.doc));
      expect((await readdir(dir)).sort()).toEqual([`${sha256(name)}.log`, `${sha256(name)}.snapshot`]);
      for (const file of await readdir(dir)) expect((await readFile(join(dir, file))).includes(JSON.stringify({ document: name }))).toBe(true);
    });

    it('a name that looks like a path cannot reach outside the folder', async () => {
      const dir = await liveDir();
      const names = ['file/../../../../etc/passwd', 'file//absolute', '..', 'file/a\u0000b', 'file/' + 'ü'.repeat(2000)];
      for (const name of names) await (await open(dir, name)).append(editor(1).edit(0, name));
      expect((await readdir(dir)).sort()).toEqual(names.map((name) => `${sha256(name)}.log`).sort());
      expect(await readdir(join(dir, '..'))).toEqual(['live']);
    });

    it('a file renamed to another document\'s name is refused, naming both documents', async () => {
      const dir = await liveDir();
      await close(await open(dir, 'file/a.yaml'));
      await copyFile(join(dir, `${sha256('file/a.yaml')}.log`), join(dir, `${sha256('file/b.yaml')}.log`));
      await expect(open(dir, 'file/b.yaml')).rejects.toThrow(/holds document "file\/a.yaml", not "file\/b.yaml"/);
    });

    it('an empty name is a programming error', async () => {
      await expect(open(await liveDir(), '')).rejects.toThrow(TypeError);
    });
  });

  describe('a crash mid-append', () => {
    it('leaves a torn last record that the next open cuts off, keeping every whole record', async () => {
      const dir = await liveDir();
      const storage = await open(dir);
      const alice = editor(1);
      const kept = [alice.edit(0, 'one '), alice.edit(4, 'two ')];
      for (const update of kept) await storage.append(update);
      await close(storage);
      const log = join(dir, `${sha256('file/flows/card_lost.yaml')}.log`);
      const whole = (await stat(log)).size;
      // Half of a record: the length and checks were written, the payload only in part.
      const next = alice.edit(8, 'three');
      await appendFile(log, encodeRecord(next).subarray(0, RECORD_HEADER_BYTES + 3));

      const reopened = await open(dir);
      expect((await stat(log)).size).toBe(whole);
      expect(await reopened.load()).toEqual(kept);
      // It carries on appending after the last whole record.
      await reopened.append(next);
      await close(reopened);
      expect(textOf(await (await open(dir)).load())).toBe('one two three');
    });

    it('a damaged record in the middle is an error naming the file and offset, and the file is left as it was', async () => {
      const dir = await liveDir();
      const storage = await open(dir);
      const alice = editor(1);
      for (const text of ['a', 'b', 'c']) await storage.append(alice.edit(0, text));
      await close(storage);
      const log = join(dir, `${sha256('file/flows/card_lost.yaml')}.log`);
      const bytes = await readFile(log);
      bytes[bytes.length - 40]! ^= 0xff;
      await writeFile(log, bytes);

      const error = await open(dir).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DocumentStorageCorruptError);
      expect((error as DocumentStorageCorruptError).file).toBe(log);
      expect((error as Error).message).toMatch(new RegExp(`^${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged at byte \\d+`));
      expect(await readFile(log)).toEqual(bytes);
    });
  });

  describe('group commit', () => {
    it('appends made in one go share an fsync, and all are on disk when they resolve', async () => {
      const dir = await liveDir();
      const fs = countingFs();
      const storage = await open(dir, 'index', fs);
      const alice = editor(1);
      const updates = Array.from({ length: 50 }, (_, i) => alice.edit(i, String(i % 10)));
      await Promise.all(updates.map((update) => storage.append(update)));
      expect(fs.syncs).toBeLessThan(updates.length);
      expect(fs.syncs).toBe(1);
      await close(storage);
      expect(await (await open(dir, 'index')).load()).toEqual(updates);
    });

    it('appends arriving while an fsync is in flight are written together and fsynced once, after it', async () => {
      const dir = await liveDir();
      const fs = countingFs();
      const storage = await open(dir, 'index', fs);
      const alice = editor(1);
      let release!: () => void;
      fs.gate = new Promise((resolve) => (release = resolve));

      const resolved: number[] = [];
      const first = storage.append(alice.edit(0, 'first')).then(() => resolved.push(0));
      // Given the first append's fsync is in flight, when 20 more arrive over several turns of the event loop,
      for (let i = 1; i <= 20; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        void storage.append(alice.edit(0, String(i))).then(() => resolved.push(i));
      }
      expect(resolved).toEqual([]);
      release();
      await first;
      await storage.load(); // queued after the second batch
      // then they resolve in order after one more fsync.
      expect(fs.syncs).toBe(2);
      expect(resolved).toEqual(Array.from({ length: 21 }, (_, i) => i));
      expect(storage.loggedUpdates).toBe(21);
    });

    it('a failed write rejects its batch and refuses later appends until the document is reopened', async () => {
      const dir = await liveDir();
      const fs = countingFs();
      const storage = await open(dir, 'index', fs);
      const alice = editor(1);
      await storage.append(alice.edit(0, 'kept'));
      fs.gate = Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
      fs.gate.catch(() => undefined);
      await expect(storage.append(alice.edit(0, 'lost'))).rejects.toThrow('EIO');
      fs.gate = undefined;
      await expect(storage.append(alice.edit(0, 'refused'))).rejects.toThrow(/cannot take updates until the document is reopened: an earlier write failed \(EIO/);
      await close(storage);
      const reopened = await open(dir, 'index');
      expect(textOf(await reopened.load())).toMatch(/kept$/);
    });
  });

  describe('compaction', () => {
    it('replaces snapshot + log by the state: the log is back to its header, the text unchanged', async () => {
      const dir = await liveDir();
      const storage = await open(dir);
      const alice = editor(1);
      for (let i = 0; i < 30; i++) await storage.append(alice.edit(0, `line ${i}\n`));
      const before = storage.storedBytes;
      await storage.compact(Y.encodeStateAsUpdate(alice.doc));
      expect(storage.loggedUpdates).toBe(0);
      expect(storage.storedBytes).toBeLessThan(before);
      const stored = await storage.load();
      expect(stored).toHaveLength(1);
      expect(textOf(stored)).toBe(alice.text());

      // Updates after a compaction go to the log, after the snapshot; both survive a reopen.
      await storage.append(alice.edit(0, 'after\n'));
      await close(storage);
      const reopened = await open(dir);
      expect(reopened.loggedUpdates).toBe(1);
      expect(textOf(await reopened.load())).toBe(alice.text());
    });

    it('deleted text is not carried into the snapshot', async () => {
      const dir = await liveDir();
      const storage = await open(dir);
      const alice = editor(1);
      await storage.append(alice.edit(0, 'x'.repeat(100_000)));
      await storage.append(alice.edit(0, 'short', 100_000));
      await storage.compact(Y.encodeStateAsUpdate(alice.doc));
      expect(storage.storedBytes).toBeLessThan(1000);
      expect(textOf(await storage.load())).toBe('short');
    });

    it('appends made during a compaction do not wait for it: they resolve while it runs and land after the snapshot', async () => {
      const dir = await liveDir();
      const fs = countingFs();
      const storage = await open(dir, 'file/flows/card_lost.yaml', fs);
      const alice = editor(1);
      for (let i = 0; i < 10; i++) await storage.append(alice.edit(0, `${i} `));
      // Given a compaction held up while it makes the next log,
      let release!: () => void;
      fs.opening = new Promise((resolve) => (release = resolve));
      let compacted = false;
      const compaction = storage.compact(Y.encodeStateAsUpdate(alice.doc)).then(() => (compacted = true));
      // when edits arrive meanwhile, they are stored (on disk, in the log) without waiting for it;
      const during = [alice.edit(0, 'during-1 '), alice.edit(0, 'during-2 ')];
      for (const update of during) await storage.append(update);
      expect(compacted).toBe(false);
      // and once it finishes, so do edits after it, into the next log.
      release();
      await compaction;
      const after = alice.edit(0, 'after ');
      await storage.append(after);
      expect(storage.loggedUpdates).toBe(1);
      // The next log had its zeros before appends moved to it: the append was written inside the file.
      const log = join(dir, `${sha256('file/flows/card_lost.yaml')}.log`);
      expect((await stat(log)).size).toBeGreaterThanOrEqual((await logBytesUsed(log)) + 32 * 1024);
      await close(storage);
      expect((await readdir(dir)).sort()).toEqual([`${sha256('file/flows/card_lost.yaml')}.log`, `${sha256('file/flows/card_lost.yaml')}.snapshot`]);
      const reopened = await open(dir);
      const stored = await reopened.load();
      expect(stored).toHaveLength(2);
      expect(stored[1]).toEqual(after);
      expect(textOf(stored)).toBe(alice.text());
    });

    it('keeps stored updates the given state lacks (appends that resolved together, not all applied yet)', async () => {
      const dir = await liveDir();
      const storage = await open(dir);
      const alice = editor(1);
      const bob = editor(2);
      await storage.append(alice.edit(0, 'alice '));
      const stale = Y.encodeStateAsUpdate(alice.doc);
      await storage.append(bob.edit(0, 'bob '));
      // The server's document has not applied bob's update yet when it compacts.
      await storage.compact(stale);
      await close(storage);
      const text = textOf(await (await open(dir)).load());
      expect(text).toContain('alice ');
      expect(text).toContain('bob ');
    });

    describe('a crash in the middle of a compaction loses nothing, and the next open finishes it', () => {
      const name = 'file/flows/card_lost.yaml';
      /**
       * A document whose log held `early` (from two editors, a deletion too) when a compaction
       * began and `late` once it finished: the files as they are after it, and the log as it was
       * before it.
       */
      async function compactedDocument(dir: string) {
        const storage = await open(dir, name);
        const [alice, bob] = [editor(1), editor(2)];
        for (let i = 0; i < 5; i++) {
          const fromAlice = alice.edit(0, `a${i} `);
          Y.applyUpdate(bob.doc, fromAlice);
          await storage.append(fromAlice);
          const fromBob = bob.edit(bob.text().length, ` b${i}`);
          Y.applyUpdate(alice.doc, fromBob);
          await storage.append(fromBob);
        }
        await storage.append(alice.edit(2, '', 3)); // a deletion too
        Y.applyUpdate(bob.doc, alice.updates.at(-1)!);
        const log = join(dir, `${sha256(name)}.log`);
        const oldLog = await readFile(log);
        await storage.compact(Y.encodeStateAsUpdate(alice.doc));
        for (const text of ['late-1 ', 'late-2 ']) {
          const update = alice.edit(0, text);
          Y.applyUpdate(bob.doc, update);
          await storage.append(update);
        }
        await close(storage);
        return { alice, bob, oldLog, log, snapshot: join(dir, `${sha256(name)}.snapshot`), nextLog: join(dir, `${sha256(name)}.next.log`) };
      }

      it('after the appends moved to the next log, before the snapshot was written', async () => {
        const dir = await liveDir();
        const { alice, bob, oldLog, log, snapshot, nextLog } = await compactedDocument(dir);
        // As if the process died before the snapshot: no snapshot (there was none before), the old log, the next log.
        await rename(log, nextLog);
        await writeFile(log, oldLog);
        await rm(snapshot);

        const reopened = await open(dir, name);
        expect(reopened.loggedUpdates).toBe(2);
        expect(textOf(await reopened.load())).toBe(alice.text());
        expect(textOf(await reopened.load())).toBe(bob.text());
        expect((await readdir(dir)).sort()).toEqual([log, snapshot].map((path) => path.slice(dir.length + 1)).sort());
        await close(reopened);
        expect(textOf(await (await open(dir, name)).load())).toBe(alice.text());
      });

      it('after the snapshot was written, before the next log replaced the log', async () => {
        const dir = await liveDir();
        const { alice, oldLog, log, nextLog } = await compactedDocument(dir);
        // As if the process died before the rename: the new snapshot, the old log (which it holds), the next log.
        await rename(log, nextLog);
        await writeFile(log, oldLog);

        const reopened = await open(dir, name);
        expect(reopened.loggedUpdates).toBe(2);
        const stored = await reopened.load();
        expect(stored).toHaveLength(1 + 2);
        expect(textOf(stored)).toBe(alice.text());
        expect(await readdir(dir)).not.toContain(nextLog.slice(dir.length + 1));
      });
    });

    it('a state Yjs cannot decode is refused and nothing on disk changes', async () => {
      const dir = await liveDir();
      const storage = await open(dir);
      await storage.append(editor(1).edit(0, 'safe'));
      const before = await readdir(dir);
      await expect(storage.compact(new Uint8Array([255, 255, 255, 1, 2]))).rejects.toThrow();
      expect(await readdir(dir)).toEqual(before);
      expect(textOf(await storage.load())).toBe('safe');
      await storage.append(editor(2).edit(0, 'still works '));
    });
  });

  describe('one writer per document', () => {
    it('a second open in the same process is refused until the first is closed', async () => {
      const dir = await liveDir();
      const first = await open(dir, 'index');
      await expect(open(dir, 'index')).rejects.toThrow(DocumentStorageBusyError);
      await expect(open(dir, 'index')).rejects.toThrow(/"index" .* is already open in this process/);
      // Another document in the same folder is independent.
      await open(dir, 'file/a.yaml');
      await close(first);
      await open(dir, 'index');
    });

    it('close waits for queued appends and compactions; appends and compactions after it are refused', async () => {
      const dir = await liveDir();
      const storage = await open(dir);
      const alice = editor(1);
      const appended = storage.append(alice.edit(0, 'queued '));
      const compacted = storage.compact(Y.encodeStateAsUpdate(alice.doc));
      await close(storage);
      await Promise.all([appended, compacted]);
      await expect(storage.append(alice.edit(0, 'late'))).rejects.toThrow(/is closed/);
      await expect(storage.compact(Y.encodeStateAsUpdate(alice.doc))).rejects.toThrow(/is closed/);
      // Closing twice does not free the name while another open holds it.
      const again = await open(dir);
      await storage.close();
      await expect(openDocumentStorage(dir, 'file/flows/card_lost.yaml')).rejects.toThrow(DocumentStorageBusyError);
      expect(textOf(await again.load())).toBe('queued ');
    });
  });

  describe('removal', () => {
    it('removes both files; the name then opens as a new, empty document', async () => {
      const dir = await liveDir();
      const storage = await open(dir, 'file/gone.yaml');
      const alice = editor(1);
      await storage.append(alice.edit(0, 'old'));
      await storage.compact(Y.encodeStateAsUpdate(alice.doc));
      await expect(removeDocumentStorage(dir, 'file/gone.yaml')).rejects.toThrow(/is open: close its storage before removing it/);
      await close(storage);
      await removeDocumentStorage(dir, 'file/gone.yaml');
      expect(await readdir(dir)).toEqual([]);
      expect(await (await open(dir, 'file/gone.yaml')).load()).toEqual([]);
    });

    it('removing a document that has no files (or no folder) is not an error', async () => {
      await removeDocumentStorage(await liveDir(), 'file/never.yaml');
    });

    it('a snapshot left without its log (a removal cut short) is finished off, not revived', async () => {
      const dir = await liveDir();
      const storage = await open(dir, 'file/gone.yaml');
      const alice = editor(1);
      await storage.append(alice.edit(0, 'old'));
      await storage.compact(Y.encodeStateAsUpdate(alice.doc));
      await close(storage);
      await rm(join(dir, `${sha256('file/gone.yaml')}.log`));
      expect(await (await open(dir, 'file/gone.yaml')).load()).toEqual([]);
      expect(await readdir(dir)).toEqual([`${sha256('file/gone.yaml')}.log`]);
    });
  });
});
