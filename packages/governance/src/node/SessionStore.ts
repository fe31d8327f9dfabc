/**
 * Sign-in sessions. A session id is 256 random bits (base64url), handed to
 * the browser once, in an HttpOnly cookie; the server keeps only its SHA-256,
 * so a copy of the sessions file signs nobody in. Each session has a CSRF
 * token, an HMAC of its id (so it needs no storage and survives a restart),
 * which the studio sends back in a header on every state-changing request.
 *
 * A session ends when its owner signs out, after `idleMs` without a request
 * (default 8 hours), `absoluteMs` after sign-in whatever happens (default 24
 * hours), or when its account is disabled or its password reset. Listeners
 * hear of every end (the server closes that session's event sockets).
 *
 * Sessions are kept in `<workspace>/.colloquy/sessions.json` (0600) when a
 * file is given, so restarting the server does not sign everybody out in the
 * middle of unsaved work. Creating and ending a session is written (durably)
 * before it resolves; the last-seen time, which changes on every request, is
 * written at most once per `persistTouchMs` (it may lag that much after a
 * crash, so a session may end that much early: never late).
 *
 * The clock is handed in, so expiry is tested without waiting.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@colloquy/core/node';

/** Where a workspace keeps its sessions, relative to the workspace folder. */
export const SESSIONS_FILE = join('.colloquy', 'sessions.json');

export const DEFAULT_IDLE_MS = 8 * 60 * 60_000;
export const DEFAULT_ABSOLUTE_MS = 24 * 60 * 60_000;
/** More sessions than anyone has browsers; past it, signing in again ends the account's oldest session. */
export const MAX_SESSIONS_PER_ACCOUNT = 50;

/** A session id as this store makes them: 32 bytes in base64url, no padding. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export interface SessionStoreOptions {
  /** Default DEFAULT_IDLE_MS (8 hours). */
  readonly idleMs?: number;
  /** Default DEFAULT_ABSOLUTE_MS (24 hours). */
  readonly absoluteMs?: number;
  /** Milliseconds since the epoch; default Date.now. */
  readonly now?: () => number;
  /** Where sessions are kept across restarts; without one they live in memory only. */
  readonly file?: string;
  /** Default 60 s. */
  readonly persistTouchMs?: number;
  /** How often expired sessions are swept out (and their listeners told); default 60 s. */
  readonly sweepMs?: number;
}

export interface Session {
  /** SHA-256 (hex) of the id: how the server names a session without knowing its id. */
  readonly key: string;
  readonly account: string;
  /** Milliseconds since the epoch. */
  readonly created: number;
  readonly lastSeen: number;
  readonly csrfToken: string;
}

export type SessionEnd = 'signed out' | 'idle' | 'expired' | 'account changed' | 'replaced';

export type SessionLookup = { readonly ok: true; readonly session: Session } | { readonly ok: false; readonly reason: 'unknown session' | 'session idle' | 'session expired' };

export type SessionEndListener = (event: { readonly key: string; readonly account: string; readonly reason: SessionEnd }) => void;

interface Stored {
  readonly key: string;
  readonly account: string;
  readonly created: number;
  lastSeen: number;
  persistedSeen: number;
}

export class SessionStore {
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly now: () => number;
  private readonly persistTouchMs: number;
  private readonly file: string | undefined;
  private readonly listeners = new Set<SessionEndListener>();
  private readonly sweepTimer: ReturnType<typeof setInterval>;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    options: SessionStoreOptions,
    private readonly sessions: Map<string, Stored>,
    /** Why the sessions file could not be read at start-up (everyone then signs in again), or undefined. */
    readonly problemAtOpen: string | undefined,
  ) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.absoluteMs = options.absoluteMs ?? DEFAULT_ABSOLUTE_MS;
    this.now = options.now ?? Date.now;
    this.persistTouchMs = options.persistTouchMs ?? 60_000;
    this.file = options.file;
    this.sweepTimer = setInterval(() => void this.sweep().catch(() => undefined), options.sweepMs ?? 60_000);
    this.sweepTimer.unref?.();
  }

  static async open(options: SessionStoreOptions = {}): Promise<SessionStore> {
    const { sessions, problem } = options.file ? await readSessions(options.file) : { sessions: new Map<string, Stored>(), problem: undefined };
    const store = new SessionStore(options, sessions, problem);
    await store.sweep();
    return store;
  }

  /** Starts a session for `account`; resolves once it is stored. The id goes to the client and nowhere else. */
  async create(account: string): Promise<{ readonly id: string; readonly session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    const stored: Stored = { key: keyOf(id), account, created: now, lastSeen: now, persistedSeen: now };
    this.sessions.set(stored.key, stored);
    const mine = [...this.sessions.values()].filter((s) => s.account === account).sort((a, b) => a.lastSeen - b.lastSeen);
    for (const old of mine.slice(0, Math.max(0, mine.length - MAX_SESSIONS_PER_ACCOUNT))) this.remove(old, 'replaced');
    await this.persist();
    return { id, session: view(stored, id) };
  }

  /**
   * The session `id` names, if it is current; counts as activity (idle expiry
   * restarts). Anything that is not an id this store could have made is simply
   * unknown.
   */
  lookup(id: string | undefined): SessionLookup {
    if (id === undefined || !SESSION_ID.test(id)) return { ok: false, reason: 'unknown session' };
    const stored = this.sessions.get(keyOf(id));
    if (!stored) return { ok: false, reason: 'unknown session' };
    const now = this.now();
    const ended = this.endReason(stored, now);
    if (ended) {
      this.remove(stored, ended);
      this.persistLater();
      return { ok: false, reason: ended === 'idle' ? 'session idle' : 'session expired' };
    }
    stored.lastSeen = Math.max(stored.lastSeen, now);
    if (stored.lastSeen - stored.persistedSeen >= this.persistTouchMs) this.persistLater();
    return { ok: true, session: view(stored, id) };
  }

  /** True when `token` is the session's CSRF token (compared in constant time). */
  csrfMatches(session: Session, token: string | undefined): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(session.csrfToken);
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Ends one session (signing out); resolves once that is stored. */
  async end(key: string, reason: SessionEnd = 'signed out'): Promise<void> {
    const stored = this.sessions.get(key);
    if (!stored) return;
    this.remove(stored, reason);
    await this.persist();
  }

  /** Ends every session of `account` (disabled, password reset); answers how many ended. */
  async endAccount(account: string, reason: SessionEnd = 'account changed'): Promise<number> {
    const ending = [...this.sessions.values()].filter((s) => s.account === account);
    for (const stored of ending) this.remove(stored, reason);
    if (ending.length > 0) await this.persist();
    return ending.length;
  }

  /** The current sessions' accounts and times (never their ids). */
  list(): Omit<Session, 'csrfToken'>[] {
    return [...this.sessions.values()].map(({ key, account, created, lastSeen }) => ({ key, account, created, lastSeen }));
  }

  onEnded(listener: SessionEndListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the sweep and writes the latest activity; the store is not used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.sweepTimer);
    await this.persist();
    this.closed = true;
    this.listeners.clear();
  }

  /** Ends every expired session now (also run every `sweepMs`). */
  async sweep(): Promise<void> {
    const now = this.now();
    let removed = 0;
    for (const stored of [...this.sessions.values()]) {
      const ended = this.endReason(stored, now);
      if (ended) {
        this.remove(stored, ended);
        removed++;
      }
    }
    if (removed > 0) await this.persist();
  }

  private endReason(stored: Stored, now: number): 'idle' | 'expired' | undefined {
    if (now - stored.created >= this.absoluteMs) return 'expired';
    if (now - stored.lastSeen >= this.idleMs) return 'idle';
    return undefined;
  }

  private remove(stored: Stored, reason: SessionEnd): void {
    if (!this.sessions.delete(stored.key)) return;
    for (const listener of [...this.listeners]) {
      try {
        listener({ key: stored.key, account: stored.account, reason });
      } catch {
        // A listener's failure must not keep a session alive or stop the others hearing of it.
      }
    }
  }

  /** A write nobody waits for (activity, a lazily noticed expiry): a failure is retried by the next write. */
  private persistLater(): void {
    this.persist().catch(() => undefined);
  }

  /** Writes the sessions (one write at a time; a write asked for during one runs after it, with the newest state). */
  private persist(): Promise<void> {
    const file = this.file;
    if (!file || this.closed) return Promise.resolve();
    const run = this.writing.then(async () => {
      const sessions = [...this.sessions.values()];
      const text = `${JSON.stringify({ version: 1, sessions: sessions.map(({ key, account, created, lastSeen }) => ({ key, account, created: new Date(created).toISOString(), lastSeen: new Date(lastSeen).toISOString() })) }, null, 2)}\n`;
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, new TextEncoder().encode(text), undefined, { newFileMode: 0o600 });
      for (const s of sessions) s.persistedSeen = s.lastSeen;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}

function keyOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

function view(stored: Stored, id: string): Session {
  return {
    key: stored.key,
    account: stored.account,
    created: stored.created,
    lastSeen: stored.lastSeen,
    csrfToken: createHmac('sha256', id).update('colloquy csrf token').digest('base64url'),
  };
}

async function readSessions(file: string): Promise<{ sessions: Map<string, Stored>; problem: string | undefined }> {
  const sessions = new Map<string, Stored>();
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (text === undefined) return { sessions, problem: undefined };
  try {
    const value = JSON.parse(text) as { version?: unknown; sessions?: unknown };
    if (value.version !== 1 || !Array.isArray(value.sessions)) throw new Error('not a version 1 sessions file');
    for (const item of value.sessions as Record<string, unknown>[]) {
      const created = Date.parse(String(item?.['created']));
      const lastSeen = Date.parse(String(item?.['lastSeen']));
      if (typeof item?.['key'] !== 'string' || !/^[0-9a-f]{64}$/.test(item['key']) || typeof item['account'] !== 'string' || Number.isNaN(created) || Number.isNaN(lastSeen)) {
        throw new Error('a session in it is malformed');
      }
      sessions.set(item['key'], { key: item['key'], account: item['account'], created, lastSeen, persistedSeen: lastSeen });
    }
    return { sessions, problem: undefined };
  } catch (error) {
    return { sessions: new Map(), problem: `${file} cannot be read (${error instanceof Error ? error.message : String(error)}): everyone signs in again` };
  }
}
