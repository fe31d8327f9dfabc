import type { AuditLogStore, LoginRateLimiter } from '@colloquy/governance';
import type { AccountStore, SessionStore } from '@colloquy/governance/node';
import type { AuditExports } from '../audit/AuditExports.ts';
import type { RefusalLog } from '../auth/RefusalLog.ts';
import type { ChangeRequests } from '../changes/ChangeRequests.ts';
import type { LiveDocuments } from '../collab/LiveDocuments.ts';
import type { WorkspaceInfo } from '../events.ts';
import type { RecognizerDescriptions } from '../simulation/RecognizerDescriptions.ts';
import type { SimulationRuns } from '../simulation/SimulationRuns.ts';
import type { ChangeFeed } from '../workspace/ChangeFeed.ts';
import type { FileStore } from '../workspace/fileStore.ts';
import type { WorkspaceValidation } from '../workspace/WorkspaceValidation.ts';

/** The services routes use, wired once in app.ts (the composition root) and passed in. */
export interface ServerContext {
  readonly store: FileStore;
  readonly feed: ChangeFeed;
  readonly validation: WorkspaceValidation;
  readonly simulations: SimulationRuns;
  readonly recognizer: RecognizerDescriptions;
  /** Change requests: every rule decided by @colloquy/governance, every decision in the audit log. */
  readonly changes: ChangeRequests;
  /** Live collaboration: the Yjs documents of change requests (collab/). */
  readonly live: LiveDocuments;
  /** The audit log: append (and await) the record of an action before answering that it is done. */
  readonly audit: AuditLogStore;
  /** Evidence bundles of change requests (verify the log, export, record the export). */
  readonly auditExports: AuditExports;
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly loginLimiter: LoginRateLimiter;
  /** Refusals (auth.denied, rate-limited sign-ins) go through this, which keeps repeats from flooding the log. */
  readonly refusals: RefusalLog;
  info(): Promise<WorkspaceInfo>;
}
