/**
 * Wires change requests for the composition root (index.ts): the store under
 * `.colloquy/changes/`, simulations of change content as evidence, the
 * published version and the detection of out-of-band edits. At start-up, in
 * this order: snapshots a stopped process left are removed; a half-done
 * publish is finished or rolled back, and a publish done but not recorded is
 * recorded; then the workspace is compared with the published version
 * (whatever changed while the server was stopped is recorded), and approved
 * changes that moved go back to review. `close()` stops noticing changes and
 * waits for evidence being stored; the caller closes the audit log after it.
 */
import type { AtomicWriteFs } from '@colloquy/core/node';
import { FileEvidenceStore } from '@colloquy/governance/node';
import type { AuditLogStore } from '@colloquy/governance';
import { join } from 'node:path';
import type { SimulationRuns } from '../simulation/SimulationRuns.ts';
import type { ChangeFeed } from '../workspace/ChangeFeed.ts';
import type { FileStore } from '../workspace/fileStore.ts';
import { ChangeRequests } from './ChangeRequests.ts';
import { ChangeRequestStore } from './ChangeRequestStore.ts';
import { ChangeSimulations } from './ChangeSimulations.ts';
import { EvidenceIndex } from './EvidenceIndex.ts';
import { PublishedFiles } from './PublishedFiles.ts';

export interface ChangeRequestServices {
  readonly changes: ChangeRequests;
  /** The store under `.colloquy/changes/` (the live documents read change requests from it). */
  readonly store: ChangeRequestStore;
  close(): Promise<void>;
}

export async function openChangeRequests(
  { store, feed, runs, audit }: { store: FileStore; feed: ChangeFeed; runs: SimulationRuns; audit: AuditLogStore },
  options: { readonly git?: boolean; readonly log: (message: string) => void; readonly fs?: AtomicWriteFs },
): Promise<ChangeRequestServices> {
  const { root } = store;
  const { log } = options;
  const changeStore = new ChangeRequestStore(root, options.fs ? { fs: options.fs } : {});
  const simulations = new ChangeSimulations({ root, runs, evidence: FileEvidenceStore.forWorkspace(root), index: new EvidenceIndex(join(root, '.colloquy', 'changes')), audit, log });
  await simulations.clearLeftovers();
  const published: PublishedFiles = new PublishedFiles({
    root,
    list: () => store.list(),
    currentVersion: (path) => store.currentVersion(path),
    audit,
    onOutOfBand: () => changes.returnStaleApprovals('the workspace was changed outside Colloquy'),
    log,
  });
  const changes: ChangeRequests = new ChangeRequests({ root, store: changeStore, audit, simulations, published, ...(options.git !== undefined ? { git: options.git } : {}), log });
  const stopNoticing = feed.subscribe((event) => published.notice([event.path]));
  try {
    const outOfBand = await published.start(await changes.recover());
    if (outOfBand.length > 0) await changes.returnStaleApprovals('the workspace was changed outside Colloquy while the server was stopped');
  } catch (error) {
    stopNoticing();
    await simulations.close();
    throw error;
  }
  return {
    changes,
    store: changeStore,
    async close() {
      stopNoticing();
      await published.close();
      await simulations.close();
    },
  };
}
