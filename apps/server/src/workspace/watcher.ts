/**
 * Watches the workspace folder for changes made by anyone (a text editor, `git
 * pull`, another studio through this server) and reports which workspace paths
 * may have changed, in debounced batches.
 *
 * It reports paths, not events: an editor's save can arrive as unlink + add, or
 * as several writes; the change feed (ChangeFeed.ts) reads each reported path
 * and decides from its content what actually happened. That keeps this module
 * a thin, replaceable wrapper around chokidar.
 */
import type { Stats } from 'node:fs';
import { relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isTempFile } from '@colloquy/core/node';
import { isSkippedFolderName, isYamlFileName } from './paths.ts';

export interface WatchBatch {
  /** Workspace-relative YAML file paths that were added, changed or removed. */
  readonly files: ReadonlySet<string>;
  /** Workspace-relative folders that were removed: every known file under them may be gone. */
  readonly removedFolders: ReadonlySet<string>;
}

export interface WatcherOptions {
  /**
   * Quiet time before a batch is reported, in ms. Default 75: long enough to
   * fold an editor's write-rename-chmod sequence into one batch, short enough
   * that a change shows in other studios at once.
   */
  readonly debounceMs?: number;
  /** A batch is reported after at most this long even while changes keep coming, in ms. Default 500. */
  readonly maxWaitMs?: number;
  /** Called when the watcher fails (e.g. the OS limit on watched folders); watching continues where it can. */
  readonly onError?: (error: unknown) => void;
}

export interface WorkspaceWatcher {
  /** Stops watching and drops a batch not yet reported. */
  close(): Promise<void>;
}


/** Starts watching `root` (a real path); resolves once the initial scan is done. */
export async function watchWorkspace(root: string, onBatch: (batch: WatchBatch) => void, options: WatcherOptions = {}): Promise<WorkspaceWatcher> {
  const debounceMs = options.debounceMs ?? 75;
  const maxWaitMs = options.maxWaitMs ?? 500;
  let files = new Set<string>();
  let removedFolders = new Set<string>();
  let quietTimer: NodeJS.Timeout | undefined;
  let maxTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = () => {
    clearTimeout(quietTimer);
    clearTimeout(maxTimer);
    quietTimer = maxTimer = undefined;
    if (closed || (files.size === 0 && removedFolders.size === 0)) return;
    const batch = { files, removedFolders };
    files = new Set();
    removedFolders = new Set();
    onBatch(batch);
  };
  const schedule = () => {
    clearTimeout(quietTimer);
    quietTimer = setTimeout(flush, debounceMs);
    maxTimer ??= setTimeout(flush, maxWaitMs);
  };

  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    // A link to a folder outside the workspace must not make us watch (and report) files out there.
    followSymlinks: false,
    ignored: (path: string, stats?: Stats) => isIgnored(root, path, stats),
  });
  const toRelative = (path: string) => relative(root, path).split(sep).join('/');
  watcher.on('all', (event, path) => {
    if (event === 'unlinkDir') removedFolders.add(toRelative(path));
    else if ((event === 'add' || event === 'change' || event === 'unlink') && isYamlFileName(path)) files.add(toRelative(path));
    else return;
    schedule();
  });
  watcher.on('error', (error) => options.onError?.(error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    async close() {
      closed = true;
      clearTimeout(quietTimer);
      clearTimeout(maxTimer);
      await watcher.close();
    },
  };
}

/**
 * What the watcher skips: hidden folders, node_modules and `.colloquy/`
 * (the same as `readWorkspace`), the atomic-write temp files, and files that
 * are not YAML. chokidar sometimes asks before it has the stats, so without
 * stats a name is kept when it could be a workspace folder or YAML file.
 */
function isIgnored(root: string, path: string, stats: Stats | undefined): boolean {
  const rel = relative(root, path);
  if (rel === '') return false;
  const segments = rel.split(sep);
  const name = segments.pop()!;
  if (segments.some(isSkippedFolderName)) return true;
  if (stats?.isDirectory()) return isSkippedFolderName(name);
  if (stats) return !isYamlFileName(name) || isTempFile(name);
  return isTempFile(name) || (isSkippedFolderName(name) && !isYamlFileName(name));
}
