/**
 * A change request's content: the published workspace's files with the
 * change's laid over, as the simulator sees a workspace. Its hash is the
 * simulator's `workspaceHash` of those files, so a simulation report of the
 * change's content (its `run.workspaceHash`) names exactly the content an
 * approval binds to, and nothing else: an edit to the change, or to the
 * published workspace under it, gives another hash.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readWorkspace } from '@colloquy/core/node';
import { workspaceHash } from '@colloquy/simulator';
import type { ChangeRequestMeta, ChangeRequestStore, OverlayFile } from './ChangeRequestStore.ts';

export interface ChangeContent {
  /** Every file of the change's workspace, sorted by path. */
  readonly files: readonly OverlayFile[];
  readonly contentHash: string;
}

/** The published workspace as `readWorkspace` reads it (what a simulation of it would hash). */
export async function publishedFiles(root: string): Promise<OverlayFile[]> {
  return readWorkspace(root);
}

export async function changeContent(store: ChangeRequestStore, meta: ChangeRequestMeta, published: readonly OverlayFile[]): Promise<ChangeContent> {
  const files = await store.overlay(meta, published);
  return { files, contentHash: workspaceHash(files) };
}

/**
 * Writes `files` into `folder` (created; anything in it first removed), so a
 * simulation can read the change's content as a workspace. `readWorkspace` of
 * the folder gives the same files, so the report's hash is the content hash.
 */
export async function materialise(files: readonly OverlayFile[], folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (const file of files) {
    const target = join(folder, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    // A scratch copy for one run: no fsync needed (a crash loses nothing the run has not redone).
    await writeFile(target, typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content);
  }
}
