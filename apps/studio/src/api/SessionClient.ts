/**
 * Who is signed in, and the fetch every other API client goes through
 * (docs/reference/server-api.md, "Signing in").
 *
 * - `check()` asks `GET /api/session`: the account, its roles and the
 *   session's CSRF token, or signed out (401).
 * - `signIn` / `signOut` are `POST` / `DELETE /api/session`; the session
 *   itself is an HttpOnly cookie this code never sees.
 * - `fetch` is `window.fetch` plus two rules: a state-changing request
 *   (POST, PUT, PATCH, DELETE) carries the CSRF token in `X-Colloquy-CSRF`,
 *   and a 401 from any request means the session has ended, so the state
 *   becomes signed out (the studio then asks to sign in again, keeping
 *   unsaved work where it is).
 *
 * Subscribers hear every change of state. Expected failures are results.
 */

export const CSRF_HEADER = 'X-Colloquy-CSRF';

export interface SignedIn {
  readonly account: string;
  readonly roles: readonly string[];
  readonly csrfToken: string;
}

/** `checking` until the first answer; `signedOut` with the reason the server gave, when it gave one. */
export type SessionState = { readonly kind: 'checking' } | { readonly kind: 'signedIn'; readonly session: SignedIn } | { readonly kind: 'signedOut'; readonly reason?: string };

export type SignInResult = { readonly ok: true; readonly session: SignedIn } | { readonly ok: false; readonly status: number; readonly error: string };

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class SessionClient {
  private current: SessionState = { kind: 'checking' };
  private readonly listeners = new Set<(state: SessionState) => void>();

  constructor(
    private readonly base = '',
    private readonly rawFetch: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  get state(): SessionState {
    return this.current;
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the server who is signed in. A server that cannot be reached leaves the state as it was. */
  async check(): Promise<SessionState> {
    let response: Response;
    try {
      response = await this.rawFetch(`${this.base}/api/session`, { headers: { accept: 'application/json' } });
    } catch {
      return this.current;
    }
    if (response.status === 401) {
      const reason = await errorOf(response);
      this.set({ kind: 'signedOut', ...(reason ? { reason } : {}) });
    }
    else if (response.ok) {
      const session = parseSession(await response.json().catch(() => undefined));
      if (session) this.set({ kind: 'signedIn', session });
    }
    return this.current;
  }

  async signIn(account: string, password: string): Promise<SignInResult> {
    let response: Response;
    try {
      response = await this.rawFetch(`${this.base}/api/session`, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ account, password }),
      });
    } catch {
      return { ok: false, status: 0, error: 'The server could not be reached.' };
    }
    const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
    const session = response.ok ? parseSession(body) : undefined;
    if (session) {
      this.set({ kind: 'signedIn', session });
      return { ok: true, session };
    }
    const retryAfter = response.headers.get('retry-after');
    const error = typeof body?.error === 'string' ? body.error : `The server answered ${response.status}.`;
    return { ok: false, status: response.status, error: retryAfter && !error.includes('try again') ? `${error} Try again in ${retryAfter} s.` : error };
  }

  async signOut(): Promise<void> {
    await this.fetch(`${this.base}/api/session`, { method: 'DELETE' }).catch(() => undefined);
    this.set({ kind: 'signedOut' });
  }

  /** The server ended the session (a 401, or the event socket closed for it). */
  ended(reason?: string): void {
    if (this.current.kind === 'signedOut') return;
    this.set({ kind: 'signedOut', ...(reason ? { reason } : {}) });
  }

  /** `fetch` with the CSRF header on state-changing requests; a 401 signs the studio out. */
  readonly fetch: Fetch = async (input, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    if (method !== 'GET' && method !== 'HEAD' && this.current.kind === 'signedIn') headers.set(CSRF_HEADER, this.current.session.csrfToken);
    const response = await this.rawFetch(input, { ...init, headers });
    if (response.status === 401 && !input.endsWith('/api/session')) this.ended(await errorOf(response.clone()));
    return response;
  };

  private set(state: SessionState): void {
    this.current = state;
    for (const listener of [...this.listeners]) listener(state);
  }
}

/** The `{ error }` sentence of an answer, if it has one. */
async function errorOf(response: Response): Promise<string | undefined> {
  const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
  return typeof body?.error === 'string' ? body.error : undefined;
}

function parseSession(value: unknown): SignedIn | undefined {
  const { account, roles, csrfToken } = (value ?? {}) as { account?: unknown; roles?: unknown; csrfToken?: unknown };
  if (typeof account !== 'string' || typeof csrfToken !== 'string' || !Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) return undefined;
  return { account, roles: roles as string[], csrfToken };
}
