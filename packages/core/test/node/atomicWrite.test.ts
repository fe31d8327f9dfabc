import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTempFile, NODE_FS, writeFileAtomic, type AtomicWriteFs } from '../../src/node/atomicWrite.ts';

const scratch = mkdtempSync(join(tmpdir(), 'colloquy-atomic-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const encode = (text: string) => new TextEncoder().encode(text);

/** A folder holding one file with known content. */
function folderWithFile(content = 'original: true\n'): { folder: string; file: string } {
  const folder = join(scratch, `case-${counter++}`);
  const file = join(folder, 'flow.flow.yaml');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  writeFileSync(file, content);
  return { folder, file };
}

/** NODE_FS with one step made to fail the way a full disk or a crash would. */
function failing(step: 'writeFile' | 'sync' | 'rename'): AtomicWriteFs {
  const failure = Object.assign(new Error(`injected ${step} failure`), { code: 'EIO' });
  return {
    ...NODE_FS,
    async open(path, flags, mode) {
      const handle = await NODE_FS.open(path, flags, mode);
      if (flags !== 'wx') return handle;
      return {
        writeFile: step === 'writeFile' ? async (data) => {
          await handle.writeFile(data.subarray(0, 3)); // a partial write, then the failure
          throw failure;
        } : (data) => handle.writeFile(data),
        sync: step === 'sync' ? () => Promise.reject(failure) : () => handle.sync(),
        close: () => handle.close(),
      };
    },
    rename: step === 'rename' ? () => Promise.reject(failure) : NODE_FS.rename,
  };
}

describe('writeFileAtomic', () => {
  it('creates a file and replaces one, leaving no temp file', async () => {
    const { folder, file } = folderWithFile();
    await writeFileAtomic(join(folder, 'new.flow.yaml'), encode('new: 1\n'));
    await writeFileAtomic(file, encode('replaced: 2\n'));
    expect(readFileSync(join(folder, 'new.flow.yaml'), 'utf8')).toBe('new: 1\n');
    expect(readFileSync(file, 'utf8')).toBe('replaced: 2\n');
    expect(readdirSync(folder).sort()).toEqual(['flow.flow.yaml', 'new.flow.yaml']);
  });

  it('keeps the permission bits of the file it replaces', async () => {
    const { file } = folderWithFile();
    chmodSync(file, 0o640);
    await writeFileAtomic(file, encode('x: 1\n'));
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it.each(['writeFile', 'sync', 'rename'] as const)('when %s fails, the original survives whole and no temp file is left', async (step) => {
    // Given a file with known content
    const { folder, file } = folderWithFile('original: true\n');
    // When a save fails part-way
    await expect(writeFileAtomic(file, encode('new content that must not appear\n'), failing(step))).rejects.toThrow(`injected ${step} failure`);
    // Then the file is as it was, and the folder holds nothing else
    expect(readFileSync(file, 'utf8')).toBe('original: true\n');
    expect(readdirSync(folder)).toEqual(['flow.flow.yaml']);
  });

  it('names temp files so that listings and the watcher skip them', async () => {
    const seen: string[] = [];
    const { file } = folderWithFile();
    await writeFileAtomic(file, encode('x: 1\n'), { ...NODE_FS, open: (path, flags, mode) => (seen.push(path), NODE_FS.open(path, flags, mode)) });
    const temp = seen.find((p) => p.endsWith('.tmp'))!;
    expect(temp.split('/').pop()).toMatch(/^\.flow\.flow\.yaml\.[0-9a-f]{12}\.tmp$/);
    expect(isTempFile(temp.split('/').pop()!)).toBe(true);
  });
});
