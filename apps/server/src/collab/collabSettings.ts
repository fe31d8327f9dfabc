/**
 * Limits and timings of live collaboration (`ServerOptions.collab`, the
 * `serve` options), with their defaults and why. The close codes each limit
 * uses are in closeCodes.ts.
 */
export interface CollabSettings {
  /**
   * Largest message a client may send, in bytes (default 1 MiB): far above a keystroke or a
   * reconnecting client's catch-up of a 4 MiB-limited document's usual edits, and small enough
   * that `ws` never buffers much for one frame. Larger: closed with 1009.
   */
  readonly maxMessageBytes: number;
  /**
   * Messages a connection may send per second, sustained (default 100; a person typing sends
   * two to four a second, a cursor drag a few more). Faster: its messages wait (throttled).
   */
  readonly updatesPerSecond: number;
  /** Messages a connection may send at once before throttling starts (default 200): a paste, a reconnect. */
  readonly burst: number;
  /**
   * Messages of one connection that may wait to be handled (default 1000, ten seconds at the
   * default rate) and their bytes (default 8 MiB). More: the client is not slowing down; closed
   * with 1008 "too many updates".
   */
  readonly maxBacklogMessages: number;
  readonly maxBacklogBytes: number;
  /**
   * A document's stored size (snapshot + log) may not pass this (default 4 MiB, twice core's
   * 2 MiB file limit, so history has room): an update that would is refused and its
   * connection closed with 1009 "document too large".
   */
  readonly maxDocumentBytes: number;
  /** Quiet time before a document's text is written to the change request's files (default 1000 ms). */
  readonly materialiseDelayMs: number;
  /** At most one `change.edited` record per file per this much editing (default 30 s). */
  readonly auditIntervalMs: number;
  /** How long a document stays loaded after its last connection leaves (default 5 s): a reload does not reload it from disk. */
  readonly unloadAfterMs: number;
  /** Updates in a document's log that trigger compaction into a snapshot (default 500). */
  readonly compactAfterUpdates: number;
}

export const DEFAULT_COLLAB_SETTINGS: CollabSettings = {
  maxMessageBytes: 1024 * 1024,
  updatesPerSecond: 100,
  burst: 200,
  maxBacklogMessages: 1000,
  maxBacklogBytes: 8 * 1024 * 1024,
  maxDocumentBytes: 4 * 1024 * 1024,
  materialiseDelayMs: 1000,
  auditIntervalMs: 30_000,
  unloadAfterMs: 5000,
  compactAfterUpdates: 500,
};

/** The settings with `overrides` laid over the defaults; refuses values that would disable a limit by accident. */
export function collabSettings(overrides: Partial<CollabSettings> = {}): CollabSettings {
  const settings = { ...DEFAULT_COLLAB_SETTINGS, ...overrides };
  for (const [name, value] of Object.entries(settings)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`collab.${name} must be a number ≥ 0, not ${String(value)}`);
  }
  if (settings.updatesPerSecond <= 0 || settings.burst < 1) throw new RangeError('collab.updatesPerSecond must be > 0 and collab.burst ≥ 1');
  return settings;
}
