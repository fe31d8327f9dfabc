import type { FileChangeEvent } from '../events.ts';
import type { WatchBatch } from './watcher.ts';

export type ChangeListener = (event: FileChangeEvent) => void;

/**
 * Turns "this path may have changed" into `created` / `changed` / `deleted`
 * events by comparing each file's current version with the last one seen.
 * Because it compares content, the same change reported twice (by the server
 * after its own save, then by the file watcher) yields one event, and a write
 * that leaves the bytes as they were yields none.
 *
 * Checks run one at a time, in the order asked, so events for one path come
 * out in the order the changes happened.
 */
export class ChangeFeed {
  private readonly known = new Map<string, string>();
  private readonly listeners = new Set<ChangeListener>();
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    /** The version of a workspace path now, or undefined when it is not a workspace file. */
    private readonly currentVersion: (path: string) => Promise<string | undefined>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Records the files that exist at start, so they are not reported as created. */
  seed(files: Iterable<{ readonly path: string; readonly version: string }>): void {
    for (const file of files) this.known.set(file.path, file.version);
  }

  /** Re-reads these paths and reports what changed. Resolves once they are checked. */
  check(paths: Iterable<string>): Promise<void> {
    const list = [...paths];
    this.queue = this.queue.then(async () => {
      for (const path of list) {
        if (this.disposed) return;
        // A failed check must not reject the queue: every later check would be skipped.
        await this.checkOne(path).catch(this.onError);
      }
    });
    return this.queue;
  }

  /** Handles a batch from the watcher: its files, and every known file under a removed folder. */
  checkBatch(batch: WatchBatch): Promise<void> {
    const paths = new Set(batch.files);
    for (const folder of batch.removedFolders) {
      for (const path of this.known.keys()) if (path.startsWith(`${folder}/`)) paths.add(path);
    }
    return this.check([...paths].sort());
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every check asked for so far is done. */
  idle(): Promise<void> {
    return this.queue;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private async checkOne(path: string): Promise<void> {
    const version = await this.currentVersion(path);
    const previous = this.known.get(path);
    if (version === previous) return;
    let event: FileChangeEvent;
    if (version === undefined) {
      this.known.delete(path);
      event = { type: 'deleted', path };
    } else {
      this.known.set(path, version);
      event = previous === undefined ? { type: 'created', path, version } : { type: 'changed', path, version };
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error); // one failing listener (a broken socket) must not starve the others
      }
    }
  }
}
