/**
 * Applying several files to the workspace as one step: all of them or none,
 * even if the process dies half-way.
 *
 * 1. Stage: each new content is written beside the journal, and each file it
 *    replaces copied there (or noted absent), every byte fsynced.
 * 2. Write the journal (atomically): from here on a crash is rolled back.
 * 3. Move each staged file into place (rename: atomic per file), or delete.
 * 4. `commit()` is the caller's durable mark that the step is done (the
 *    change request's state becoming `published`).
 * 5. Remove the journal and the staging folder.
 * `recover()` at start-up finds a journal left by a crash: when the caller's
 * mark is not there, it puts every old file back (so the workspace is the old
 * version, whole); when it is, it only cleans up.
 */
import { mkdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncFolder, writeFileAtomic } from '@colloquy/core/node';

export interface FileReplacement {
  /** Workspace-relative, already checked. */
  readonly path: string;
  /** The new content, or null to delete the file. */
  readonly content: Uint8Array | null;
}

interface Journal {
  readonly id: string;
  /** Per path: whether an old copy was staged (false: the file did not exist before). */
  readonly files: readonly { readonly path: string; readonly hadOld: boolean; readonly delete: boolean }[];
}

const JOURNAL = 'journal.json';

export interface PublishJournalOptions {
  /** The workspace folder. */
  readonly root: string;
  /** Where journals and staged files live, e.g. `<root>/.colloquy/publish`. */
  readonly dir: string;
  /** Test hook: called after each file is moved into place (a crash test kills the process here). */
  readonly afterMove?: (done: number) => void;
}

export class PublishJournal {
  constructor(private readonly options: PublishJournalOptions) {}

  /** Applies `replacements` for `id`; `commit` records that it is done, durably, before the journal goes. */
  async apply(id: string, replacements: readonly FileReplacement[], commit: () => Promise<void>): Promise<void> {
    const { root, dir } = this.options;
    await rm(dir, { recursive: true, force: true });
    const files: { path: string; hadOld: boolean; delete: boolean }[] = [];
    for (const { path, content } of replacements) {
      const target = join(root, path);
      const old = await readFile(target).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (old) {
        await mkdir(dirname(join(dir, 'old', path)), { recursive: true });
        await writeFileAtomic(join(dir, 'old', path), old);
      }
      if (content !== null) {
        await mkdir(dirname(join(dir, 'new', path)), { recursive: true });
        await writeFileAtomic(join(dir, 'new', path), content);
      }
      files.push({ path, hadOld: old !== undefined, delete: content === null });
    }
    const journal: Journal = { id, files };
    await writeFileAtomic(join(dir, JOURNAL), new TextEncoder().encode(JSON.stringify(journal)));

    let done = 0;
    for (const file of files) {
      const target = join(root, file.path);
      if (file.delete) await unlink(target).catch(ignoreMissing);
      else {
        await mkdir(dirname(target), { recursive: true });
        await rename(join(dir, 'new', file.path), target);
      }
      await syncFolder(dirname(target));
      this.options.afterMove?.(++done);
    }
    await commit();
    await rm(dir, { recursive: true, force: true });
  }

  /**
   * After a crash: `committed(id)` says whether the caller's mark was written.
   * Returns what was done, for the log: nothing, rolled back or cleaned up.
   */
  async recover(committed: (id: string) => Promise<boolean>): Promise<{ readonly id: string; readonly outcome: 'rolled back' | 'completed' } | undefined> {
    const { root, dir } = this.options;
    const text = await readFile(join(dir, JOURNAL), 'utf8').catch(() => undefined);
    if (text === undefined) {
      // A crash while staging: the workspace was never touched.
      await rm(dir, { recursive: true, force: true });
      return undefined;
    }
    const journal = JSON.parse(text) as Journal;
    if (await committed(journal.id)) {
      await rm(dir, { recursive: true, force: true });
      return { id: journal.id, outcome: 'completed' };
    }
    for (const file of journal.files) {
      const target = join(root, file.path);
      if (file.hadOld) {
        await mkdir(dirname(target), { recursive: true });
        await writeFileAtomic(target, await readFile(join(dir, 'old', file.path)));
      } else {
        // A new file: gone, if it was moved in before the crash (its folder may not even exist).
        const existed = await unlink(target).then(
          () => true,
          (error: NodeJS.ErrnoException) => (ignoreMissing(error), false),
        );
        if (existed) await syncFolder(dirname(target));
      }
    }
    await rm(dir, { recursive: true, force: true });
    return { id: journal.id, outcome: 'rolled back' };
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
