/**
 * The published version of the workspace, as Colloquy last published it, and
 * the detection of edits made outside Colloquy (a text editor, `git pull`).
 *
 * `<workspace>/.colloquy/published.json` holds the content hash of every
 * workspace file as of the last publish (or of the first start, when there is
 * no such file yet). At start-up every file is compared with it, and after
 * that every path the file watcher reports: a file whose content is not the
 * one recorded was changed out of band. Each batch of such files becomes one
 * `workspace.out_of_band` audit record (the files' before and after hashes),
 * and the record becomes the new reference, so one edit is recorded once.
 *
 * A publish runs inside `exclusive`, which also serialises the checks: the
 * watcher's report of the publish's own writes is compared only after the
 * publish has recorded the new hashes, so a publish is never mistaken for an
 * out-of-band edit.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@colloquy/core/node';
import type { AuditLogStore, FileChange } from '@colloquy/governance';

export const PUBLISHED_FILE = join('.colloquy', 'published.json');

/** How long watcher reports are gathered into one record, in ms: a `git pull` of many files is one out-of-band change. */
const GATHER_MS = 100;

export interface PublishedFilesOptions {
  readonly root: string;
  /** Every workspace file with its version (FileStore.list). */
  readonly list: () => Promise<readonly { readonly path: string; readonly version: string }[]>;
  /** A path's version now, undefined when it is not a workspace file (FileStore.currentVersion). */
  readonly currentVersion: (path: string) => Promise<string | undefined>;
  readonly audit: AuditLogStore;
  /** Called after out-of-band changes the watcher reported were recorded, with their paths (approved changes may now be stale); `start` returns its own. */
  readonly onOutOfBand?: (paths: readonly string[]) => Promise<void>;
  readonly log: (message: string) => void;
}

export class PublishedFiles {
  private files = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly noticed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly options: PublishedFilesOptions) {}

  private get path(): string {
    return join(this.options.root, PUBLISHED_FILE);
  }

  /**
   * Reads the record (creating it from the workspace on first start) and records what changed while
   * the server was not running, except `publishedMeanwhile`: paths a publish wrote before the last
   * process stopped (ChangeRequests.recover), taken as published.
   */
  start(publishedMeanwhile: readonly string[] = []): Promise<readonly FileChange[]> {
    return this.exclusive(async () => {
      const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (text === undefined) {
        this.files = new Map((await this.options.list()).map((f) => [f.path, f.version]));
        await this.save();
        return [];
      }
      const parsed = JSON.parse(text) as { files?: Record<string, string> };
      this.files = new Map(Object.entries(parsed.files ?? {}));
      if (publishedMeanwhile.length > 0) await this.record(publishedMeanwhile);
      const now = await this.options.list();
      const paths = new Set([...this.files.keys(), ...now.map((f) => f.path)]);
      return this.compare([...paths], 'at start-up');
    });
  }

  /** The recorded content hash of `path` (undefined: not published). */
  versionOf(path: string): string | undefined {
    return this.files.get(path);
  }

  /** The watcher saw these paths change: they are compared shortly, together with others seen meanwhile. */
  notice(paths: Iterable<string>): void {
    if (this.closed) return;
    for (const path of paths) this.noticed.add(path);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch = [...this.noticed];
      this.noticed.clear();
      void this.exclusive(() => this.compare(batch, 'by the file watcher'))
        // Outside `exclusive`: what reacts may wait for a publish, which waits for `exclusive`.
        .then((changes) => (changes.length > 0 ? this.options.onOutOfBand?.(changes.map((c) => c.path)) : undefined))
        .catch((error: unknown) => this.options.log(`colloquy server: checking for out-of-band changes failed: ${String(error)}`));
    }, GATHER_MS);
  }

  /** Runs `work` with no check in between (a publish, which then calls `record`). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Records the current content of `paths` as published. Call inside `exclusive`, after writing them. */
  async record(paths: readonly string[]): Promise<void> {
    for (const path of paths) this.set(path, await this.options.currentVersion(path));
    await this.save();
  }

  /** Stops noticing and waits for checks under way. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.queue;
  }

  private async compare(paths: readonly string[], when: string): Promise<FileChange[]> {
    const changes: FileChange[] = [];
    for (const path of [...paths].sort()) {
      const before = this.files.get(path) ?? null;
      const after = (await this.options.currentVersion(path)) ?? null;
      if (before !== after) changes.push({ path, before, after });
    }
    if (changes.length === 0) return changes;
    // On disk before the reference moves: a crash in between records the change again, never loses it.
    await this.options.audit.append({
      actor: { account: null, role: null },
      action: 'workspace.out_of_band',
      files: changes,
      details: { detected: when, reason: 'the workspace files differ from the version Colloquy last published' },
    });
    for (const change of changes) this.set(change.path, change.after ?? undefined);
    await this.save();
    return changes;
  }

  private set(path: string, version: string | undefined): void {
    if (version === undefined) this.files.delete(path);
    else this.files.set(path, version);
  }

  private async save(): Promise<void> {
    const files = Object.fromEntries([...this.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, new TextEncoder().encode(`${JSON.stringify({ v: 1, files }, null, 1)}\n`));
  }
}
