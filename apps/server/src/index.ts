/**
 * @colloquy/server: the studio's back end. `createServer` serves the built
 * studio and a JSON API over one workspace folder (docs/reference/server-api.md),
 * and pushes file changes to every open studio over a WebSocket.
 *
 * Lifecycle: `createServer` resolves once the server listens and the file
 * watcher is ready; `close()` stops accepting requests, closes the event
 * sockets, stops the watcher and resolves when nothing is left running. It is
 * safe to call more than once.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoginRateLimiter, type LoginRateLimitOptions } from '@colloquy/governance';
import { AccountStore, FileEvidenceStore, openWorkspaceAuditLog, SESSIONS_FILE, SessionStore, type ScryptParameters } from '@colloquy/governance/node';
import type { FastifyInstance } from 'fastify';
import { AuditExports } from './audit/AuditExports.ts';
import { createDemoAccounts, type DemoCredentials } from './auth/demoAccounts.ts';
import { RefusalLog } from './auth/RefusalLog.ts';
import { DEFAULT_DOCS_DIR } from './routes/docs.ts';
import { buildApp } from './app.ts';
import { openChangeRequests } from './changes/openChangeRequests.ts';
import { collabSettings, type CollabSettings } from './collab/collabSettings.ts';
import { LiveDocuments } from './collab/LiveDocuments.ts';
import type { LogFileSystem } from './collab/persistence/index.ts';
import type { WorkspaceInfo } from './events.ts';
import type { ServerContext } from './routes/context.ts';
import { RecognizerDescriptions } from './simulation/RecognizerDescriptions.ts';
import { SimulationRuns, type SimulationRunsOptions } from './simulation/SimulationRuns.ts';
import { workerThreads } from './simulation/startWorker.ts';
import type { AtomicWriteFs } from '@colloquy/core/node';
import { ChangeFeed } from './workspace/ChangeFeed.ts';
import { FileStore } from './workspace/fileStore.ts';
import { StoreError } from './workspace/storeError.ts';
import { watchWorkspace } from './workspace/watcher.ts';
import { WorkspaceValidation } from './workspace/WorkspaceValidation.ts';
import { workspaceInfo } from './workspace/workspaceInfo.ts';

export type { FileChangeEvent, ServerEvent, SimulationEvent, SimulationState, WorkspaceInfo } from './events.ts';
export type { SimulationStatus } from './simulation/SimulationRuns.ts';
export type { RecognizerDescription } from './simulation/RecognizerDescriptions.ts';
export type { AtomicWriteFs } from '@colloquy/core/node';
export { DEMO_ACCOUNTS, type DemoCredentials } from './auth/demoAccounts.ts';
export { SESSION_COOKIE, CSRF_HEADER } from './auth/sessionCookie.ts';
export { isLoopbackHost } from './http/hostGuard.ts';

/**
 * Default address: this machine only. Every API route needs a signed-in
 * account, but sign-in travels in plain HTTP here (no TLS), so the server is
 * reachable from the network only when the user asks for it (`--host`).
 */
export const DEFAULT_HOST = '127.0.0.1';
/** Default port: Vite's preview port, free on most machines and easy to remember. */
export const DEFAULT_PORT = 4173;
/**
 * Largest request body: 4 MiB. A file may be up to 2 MiB (core's parse limit)
 * and JSON escaping can grow it, so the body limit sits above the file limit
 * and an oversized file gets the store's clearer message.
 */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
/** The studio's build output, found relative to this package in the repository. */
export const DEFAULT_STUDIO_DIR = fileURLToPath(new URL('../../studio/dist/', import.meta.url));

export interface ServerOptions {
  /** The workspace folder. */
  readonly root: string;
  /** Default `DEFAULT_HOST` (127.0.0.1). */
  readonly host?: string;
  /** Default `DEFAULT_PORT` (4173); 0 picks a free port (tests use it). */
  readonly port?: number;
  /** Default `DEFAULT_STUDIO_DIR` (apps/studio/dist). */
  readonly studioDir?: string;
  /** The user documentation served at /docs/. Default `DEFAULT_DOCS_DIR` (the repository's docs/). */
  readonly docsDir?: string;
  /** Default `DEFAULT_BODY_LIMIT` (4 MiB). */
  readonly bodyLimit?: number;
  /** Quiet time before watched changes are reported, in ms (default 75). */
  readonly watchDebounceMs?: number;
  /** Where unexpected errors are reported. Default: standard error. */
  readonly log?: (message: string) => void;
  /** The file system seam of change requests' atomic writes; tests inject failures through it. */
  readonly fs?: AtomicWriteFs;
  /** The file system seam of live documents' update logs (collab/persistence); tests inject failures through it. */
  readonly liveFs?: LogFileSystem;
  /**
   * Limits of the simulation runs (queue length, finished runs kept, progress rate; defaults in
   * simulation/SimulationRuns.ts) and the most heap a run's worker thread may use, in MB (default
   * Node's own limit; a run that needs more fails, the server keeps serving).
   */
  readonly simulations?: Pick<SimulationRunsOptions, 'maxQueued' | 'keepFinished' | 'maxReportChars' | 'progressIntervalMs'> & { readonly workerMemoryMb?: number };
  /**
   * The audit log's Ed25519 signing key file. Default `<root>/.colloquy/keys/audit-ed25519.key`
   * (created on first use); a deployment points it where the workspace's other users cannot read.
   */
  readonly auditKey?: string;
  /**
   * Commit each published change request's files to git when the workspace is in a git repository
   * (author, approvers and the change request in the message). Default true.
   */
  readonly git?: boolean;
  /** Create one demo account per role when the workspace has no account (`colloquy serve --demo`). Default false. */
  readonly demo?: boolean;
  /** Session expiry in ms: idle (default 8 hours) and absolute (default 24 hours). */
  readonly sessions?: { readonly idleMs?: number; readonly absoluteMs?: number };
  /** Sign-in attempts allowed per account and per client address (defaults in LoginRateLimiter.ts: 5 and 20 per 15 minutes). */
  readonly loginRateLimit?: Omit<LoginRateLimitOptions, 'now'>;
  /** Live collaboration's limits and timings (defaults and why in collab/collabSettings.ts). */
  readonly collab?: Partial<CollabSettings>;
  /** scrypt parameters for new password hashes (default OWASP's); tests pass cheaper ones. */
  readonly passwordHashing?: ScryptParameters;
}

export interface RunningServer {
  /** The address to open, e.g. `http://127.0.0.1:4173/`. */
  readonly url: string;
  readonly port: number;
  /** The workspace's real path. */
  readonly root: string;
  /** The workspace when the server started. */
  readonly workspace: WorkspaceInfo;
  /** False when apps/studio/dist has no index.html: the page says how to build it. */
  readonly studioBuilt: boolean;
  /** The demo accounts created at this start (`demo`), with their passwords: shown once, stored nowhere. */
  readonly demoAccounts: readonly DemoCredentials[];
  /** False when the workspace has no account: nobody can sign in (`colloquy users add`, or `--demo`). */
  readonly hasAccounts: boolean;
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? ((message: string) => void process.stderr.write(`${message}\n`));
  const folderName = basename(resolve(options.root));
  const studioDir = options.studioDir ?? DEFAULT_STUDIO_DIR;

  // The published workspace, read-only (it changes only when a change request is published).
  const store = await FileStore.open(options.root);
  // Then governance (the audit log, accounts, sessions under .colloquy/), before anything that would need
  // stopping: if the log cannot be opened (another process writes it), nothing else has started yet.
  const { audit, accounts, sessions, refusals } = await openGovernance(store.root, options, log);
  const feed = new ChangeFeed(
    (path) => store.currentVersion(path),
    (error) => log(`colloquy server: a change notification failed: ${String(error)}`),
  );
  // Simulations and model descriptions run in worker threads (simulation/), never on this event loop.
  const { workerMemoryMb, ...runLimits } = options.simulations ?? {};
  const simulations = new SimulationRuns({
    ...runLimits,
    root: store.root,
    startWorker: workerThreads(workerMemoryMb !== undefined ? { maxHeapMb: workerMemoryMb } : {}),
  });
  const recognizer = new RecognizerDescriptions({ root: store.root, readAgent: () => readAgent(store), startWorker: workerThreads() });
  // Change requests: their store, simulations as evidence, the published version and out-of-band edits (changes/).
  const changeRequests = await openChangeRequests({ store, feed, runs: simulations, audit }, { ...(options.git !== undefined ? { git: options.git } : {}), ...(options.fs ? { fs: options.fs } : {}), log });
  // Live documents of change requests (collab/): ChangeRequests flushes them before it reads a change's content.
  const collab = collabSettings(options.collab);
  const live = new LiveDocuments({ root: store.root, store: changeRequests.store, settings: collab, flush: (id, recordAll) => changeRequests.changes.flushLive(id, recordAll), log, ...(options.liveFs ? { storage: { fs: options.liveFs } } : {}) });
  changeRequests.changes.attachLive(live);
  const context: ServerContext = {
    store,
    feed,
    validation: new WorkspaceValidation(store.root),
    simulations,
    recognizer,
    changes: changeRequests.changes,
    live,
    audit,
    auditExports: new AuditExports(audit, audit.signer, FileEvidenceStore.forWorkspace(store.root)),
    accounts,
    sessions,
    loginLimiter: new LoginRateLimiter(options.loginRateLimit),
    refusals,
    info: () => workspaceInfo(store, folderName),
  };

  const watcher = await watchWorkspace(store.root, (batch) => void feed.checkBatch(batch), {
    ...(options.watchDebounceMs !== undefined ? { debounceMs: options.watchDebounceMs } : {}),
    onError: (error) => log(`colloquy server: watching the workspace failed: ${String(error)}`),
  });
  let app: FastifyInstance | undefined;
  const shutDown = async () => {
    await Promise.all([simulations.dispose(), recognizer.dispose()]);
    await app?.close();
    await watcher.close();
    await feed.idle();
    feed.dispose();
    // After the sockets are closed (app.close), before change requests and the audit log: documents write their text.
    await live.close();
    await changeRequests.close();
    // After the app: requests in flight may still record; then the counted refusals, then the log.
    await refusals.close();
    await sessions.close();
    await audit.close();
  };
  let workspace: WorkspaceInfo;
  let demoAccounts: DemoCredentials[] = [];
  try {
    if (options.demo) demoAccounts = await createDemoAccounts(accounts, audit);
    app = await buildApp(context, { host, bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, maxCollabMessageBytes: collab.maxMessageBytes, studioDir, docsDir: options.docsDir ?? DEFAULT_DOCS_DIR, log });
    feed.seed(await store.list());
    workspace = await context.info();
    await app.listen({ host, port: options.port ?? DEFAULT_PORT });
  } catch (error) {
    await shutDown();
    throw error;
  }

  const { port } = app.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: urlFor(host, port),
    port,
    root: store.root,
    workspace,
    studioBuilt: existsSync(join(studioDir, 'index.html')),
    demoAccounts,
    hasAccounts: !(await accounts.isEmpty()),
    close: () => (closing ??= shutDown()),
  };
}

/**
 * Opens the audit log (this process becomes its one writer), the account store and the sessions,
 * closing what was opened if a later step fails.
 */
async function openGovernance(root: string, options: ServerOptions, log: (message: string) => void) {
  const audit = await openWorkspaceAuditLog(root, options.auditKey !== undefined ? { keyPath: options.auditKey } : {});
  for (const problem of audit.problemsAtOpen) log(`colloquy server: the audit log does not verify: ${problem.record !== undefined ? `record ${problem.record}: ` : ''}${problem.message}`);
  let sessions: SessionStore;
  try {
    sessions = await SessionStore.open({ ...options.sessions, file: join(root, SESSIONS_FILE) });
  } catch (error) {
    await audit.close();
    throw error;
  }
  if (sessions.problemAtOpen) log(`colloquy server: ${sessions.problemAtOpen}`);
  return {
    audit,
    sessions,
    accounts: new AccountStore(root, options.passwordHashing ? { hashParameters: options.passwordHashing } : {}),
    refusals: new RefusalLog(audit, { onError: (error) => log(`colloquy server: recording a refusal in the audit log failed: ${String(error)}`) }),
  };
}

/** A browsable URL: an unspecified address (0.0.0.0, ::) is reached through loopback; IPv6 goes in brackets. */
function urlFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`;
}

/** The root agent file's text (agent.yaml, else agent.yml), or undefined when there is none. */
async function readAgent(store: FileStore): Promise<string | undefined> {
  for (const path of ['agent.yaml', 'agent.yml']) {
    try {
      return (await store.read(path)).content;
    } catch (error) {
      if (!(error instanceof StoreError && error.code === 'not-found')) throw error;
    }
  }
  return undefined;
}
