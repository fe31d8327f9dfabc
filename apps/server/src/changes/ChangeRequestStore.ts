/**
 * Change requests on disk: `<workspace>/.colloquy/changes/CR-<n>/`, each a
 * `meta.json` (who, what state, which approvals, which files it touches and
 * the published version each had when it was first touched) and `files/`
 * holding the change's content of the files it adds or edits. The published
 * workspace is the workspace folder itself; nothing reaches it except
 * through `publish`.
 *
 * The store keeps the data and applies a publication atomically
 * (publishJournal.ts); whether an action is allowed is decided by
 * @colloquy/governance's `decide`, which the routes call first.
 */
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Approval, ChangeState } from '@colloquy/governance';
import { DEFAULT_LIMITS, formatBytes } from '@colloquy/core';
import { NODE_FS, writeFileAtomic, type AtomicWriteFs } from '@colloquy/core/node';
import { fromFsError, StoreError } from '../workspace/storeError.ts';
import { versionOf } from '../workspace/version.ts';
import { PublishJournal, type PublishJournalOptions } from './publishJournal.ts';

export interface ChangeRequestMeta {
  readonly v: 1;
  readonly id: string;
  readonly title: string;
  readonly author: string;
  /** ISO time it was opened. */
  readonly created: string;
  readonly state: ChangeState;
  readonly approvals: readonly Approval[];
  /** Per touched path: the published file's version when the change first touched it (null: it did not exist). */
  readonly base: Readonly<Record<string, string | null>>;
  /** Per touched path: the version of the change's content, or null when the change deletes the file. */
  readonly changed: Readonly<Record<string, string | null>>;
  /** The published workspace's hash (the simulator's workspaceHash) when the change was opened: it has moved when the hash now differs. */
  readonly baseHash: string | null;
  /**
   * Once published and recorded: the `change.published` record's number and the git commit. A
   * published change without it was published by a process that stopped before recording it.
   */
  readonly publication?: { readonly record: number; readonly commit: string | null };
}

/** A workspace file as the overlay holds it. */
export interface OverlayFile {
  /** Workspace-relative, `/`-separated. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

export interface FileDiff {
  readonly path: string;
  readonly status: 'added' | 'modified' | 'deleted';
  /** The published content now (null: no such file). */
  readonly before: string | null;
  readonly after: string | null;
}

const ID = /^CR-[1-9]\d{0,8}$/;

export class ChangeRequestStore {
  private readonly dir: string;
  private readonly journal: PublishJournal;

  constructor(
    private readonly root: string,
    options: {
      readonly now?: () => Date;
      readonly afterMove?: PublishJournalOptions['afterMove'];
      /** The file system seam of the change's atomic writes (tests inject failures through it). */
      readonly fs?: AtomicWriteFs;
      /** Largest file a change may hold, in bytes. Default: core's parse limit (2 MiB), what the validator reads. */
      readonly maxFileBytes?: number;
    } = {},
  ) {
    this.dir = join(root, '.colloquy', 'changes');
    this.journal = new PublishJournal({ root, dir: join(root, '.colloquy', 'publish'), ...(options.afterMove ? { afterMove: options.afterMove } : {}) });
    this.now = options.now ?? (() => new Date());
    this.fs = options.fs ?? NODE_FS;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_LIMITS.maxBytes;
  }

  private readonly now: () => Date;
  private readonly fs: AtomicWriteFs;
  private readonly maxFileBytes: number;

  /** Finishes or rolls back a publication a crash interrupted; call once at start-up. */
  recover(): ReturnType<PublishJournal['recover']> {
    return this.journal.recover(async (id) => (await this.get(id))?.state === 'published');
  }

  static isId(value: unknown): value is string {
    return typeof value === 'string' && ID.test(value);
  }

  /** Opens a change request on top of the published workspace whose hash is `baseHash`. */
  async create(author: string, title: string, baseHash: string | null = null): Promise<ChangeRequestMeta> {
    await mkdir(this.dir, { recursive: true });
    for (let n = (await this.numbers()).reduce((a, b) => Math.max(a, b), 0) + 1; ; n++) {
      const id = `CR-${n}`;
      try {
        // mkdir without `recursive` fails if the folder exists: two creations never share an id.
        await mkdir(join(this.dir, id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      const meta: ChangeRequestMeta = { v: 1, id, title, author, created: this.now().toISOString(), state: 'draft', approvals: [], base: {}, changed: {}, baseHash };
      await this.save(meta);
      return meta;
    }
  }

  async list(): Promise<ChangeRequestMeta[]> {
    const metas = await Promise.all((await this.numbers()).sort((a, b) => a - b).map((n) => this.get(`CR-${n}`)));
    return metas.filter((m): m is ChangeRequestMeta => m !== undefined);
  }

  async get(id: string): Promise<ChangeRequestMeta | undefined> {
    if (!ChangeRequestStore.isId(id)) return undefined;
    const text = await readFile(join(this.dir, id, 'meta.json'), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    return text === undefined ? undefined : (JSON.parse(text) as ChangeRequestMeta);
  }

  /** The change's content of `path`: its own if it touched the file (null if it deletes it), else the published one (null if none). */
  async read(meta: ChangeRequestMeta, path: string): Promise<string | null> {
    if (path in meta.changed) return meta.changed[path] === null ? null : readFile(this.filePath(meta.id, path), 'utf8');
    return this.published(path);
  }

  /** Refuses content above the size limit: a file nobody could open (the validator would not read it). */
  checkSize(path: string, content: string): Uint8Array {
    const bytes = new TextEncoder().encode(content);
    if (bytes.length > this.maxFileBytes) {
      throw new StoreError('too-large', `\`${path}\` would be ${formatBytes(bytes.length)}, more than the ${formatBytes(this.maxFileBytes)} Colloquy can read; it was not saved.`);
    }
    return bytes;
  }

  /** Writes the change's content of `path` atomically (refused above the size limit). */
  async write(meta: ChangeRequestMeta, path: string, content: string): Promise<ChangeRequestMeta> {
    await this.writeFile(meta.id, path, content);
    return this.touch(meta, [[path, versionOf(content)]]);
  }

  async remove(meta: ChangeRequestMeta, path: string): Promise<ChangeRequestMeta> {
    await unlink(this.filePath(meta.id, path)).catch(() => undefined);
    return this.touch(meta, [[path, null]]);
  }

  /**
   * Moves `from` to `to` in the change (`content`: `from`'s content in it): `to`'s file is written,
   * then one save of meta.json makes the change delete `from` and hold `to` (a crash before it leaves
   * the change as it was), then `from`'s file goes.
   */
  async rename(meta: ChangeRequestMeta, from: string, to: string, content: string): Promise<ChangeRequestMeta> {
    await this.writeFile(meta.id, to, content);
    const next = await this.touch(meta, [
      [from, null],
      [to, versionOf(content)],
    ]);
    await unlink(this.filePath(meta.id, from)).catch(() => undefined);
    return next;
  }

  async update(meta: ChangeRequestMeta, changes: Partial<Pick<ChangeRequestMeta, 'state' | 'approvals' | 'publication'>>): Promise<ChangeRequestMeta> {
    const next = { ...meta, ...changes };
    await this.save(next);
    return next;
  }

  async diff(meta: ChangeRequestMeta): Promise<FileDiff[]> {
    const diffs: FileDiff[] = [];
    for (const path of Object.keys(meta.changed).sort()) {
      const before = await this.published(path);
      const after = await this.read(meta, path);
      if (before === after) continue;
      diffs.push({ path, status: before === null ? 'added' : after === null ? 'deleted' : 'modified', before, after });
    }
    return diffs;
  }

  /**
   * The workspace as the change would make it: `published` (every published file) with the
   * change's files laid over, the change's as the bytes it stored (so the overlay hashes as a
   * snapshot folder written from it does).
   */
  async overlay(meta: ChangeRequestMeta, published: readonly OverlayFile[]): Promise<OverlayFile[]> {
    const files = new Map<string, string | Uint8Array>(published.map((f) => [f.path, f.content]));
    for (const [path, version] of Object.entries(meta.changed)) {
      if (version === null) files.delete(path);
      else files.set(path, new Uint8Array(await readFile(this.filePath(meta.id, path))));
    }
    return [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, content]) => ({ path, content }));
  }

  /** Touched files the published workspace changed since the change first touched them: publishing would overwrite someone else's work. */
  async conflicts(meta: ChangeRequestMeta): Promise<string[]> {
    const conflicting: string[] = [];
    for (const [path, base] of Object.entries(meta.base)) {
      const now = await this.published(path);
      if ((now === null ? null : versionOf(now)) !== base) conflicting.push(path);
    }
    return conflicting.sort();
  }

  /** Applies the change to the workspace, all files or none, and marks it published. The caller has checked it may. */
  async publish(meta: ChangeRequestMeta): Promise<ChangeRequestMeta> {
    const replacements = await Promise.all(
      Object.keys(meta.changed)
        .sort()
        .map(async (path) => {
          const content = await this.read(meta, path);
          return { path, content: content === null ? null : new TextEncoder().encode(content) };
        }),
    );
    let published = meta;
    await this.journal.apply(meta.id, replacements, async () => {
      published = await this.update(meta, { state: 'published', approvals: meta.approvals });
    });
    return published;
  }

  /** Writes the change's own copy of `path` atomically (refused above the size limit); meta.json is not touched. */
  private async writeFile(id: string, path: string, content: string): Promise<void> {
    const bytes = this.checkSize(path, content);
    const file = this.filePath(id, path);
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFileAtomic(file, bytes, this.fs);
    } catch (error) {
      throw fromFsError(error, path);
    }
  }

  /** Records each path's new version (null: deleted) in one save, with its published version as base the first time it is touched. */
  private async touch(meta: ChangeRequestMeta, versions: readonly (readonly [string, string | null])[]): Promise<ChangeRequestMeta> {
    const base = { ...meta.base };
    const changed = { ...meta.changed };
    for (const [path, version] of versions) {
      if (!(path in base)) base[path] = await this.publishedVersion(path);
      changed[path] = version;
    }
    const next = { ...meta, base, changed };
    await this.save(next);
    return next;
  }

  private async published(path: string): Promise<string | null> {
    return readFile(join(this.root, path), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
  }

  private async publishedVersion(path: string): Promise<string | null> {
    const content = await this.published(path);
    return content === null ? null : versionOf(content);
  }

  private filePath(id: string, path: string): string {
    return join(this.dir, id, 'files', path);
  }

  private async save(meta: ChangeRequestMeta): Promise<void> {
    await writeFileAtomic(join(this.dir, meta.id, 'meta.json'), new TextEncoder().encode(`${JSON.stringify(meta, null, 2)}\n`));
  }

  private async numbers(): Promise<number[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((name) => ID.test(name)).map((name) => Number(name.slice(3)));
  }
}
