/**
 * Signing in and out: `/api/session`.
 *
 * - `POST` `{ account, password }` → 200 `{ account, roles, csrfToken }` and
 *   the session cookie; 401 "wrong account name or password" whatever was
 *   wrong (unknown account, wrong password, disabled account: the audit log
 *   says which); 429 with Retry-After when the account or the client address
 *   has tried too often (LoginRateLimiter). A new session id every time (a
 *   session planted before sign-in is worth nothing), and a session the
 *   browser already had ends.
 * - `GET` → the signed-in account (the guard answers 401 without a session).
 * - `DELETE` → ends the session and clears the cookie (204).
 *
 * Each outcome is in the audit log (`auth.login`, `auth.login_failed` with the
 * account tried and why, never the password; `auth.logout`) before the answer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, type Principal } from '../auth/authGuard.ts';
import { clearedSessionCookie, readCookie, sessionCookie } from '../auth/sessionCookie.ts';
import type { ServerContext } from './context.ts';
import { signInBody, type SignInBody } from './schemas.ts';

export interface SessionView {
  readonly account: string;
  readonly roles: readonly string[];
  readonly csrfToken: string;
}

const view = (principal: Principal): SessionView => ({ account: principal.account, roles: principal.roles, csrfToken: principal.session.csrfToken });

export function registerSessionRoutes(app: FastifyInstance, { accounts, sessions, audit, loginLimiter, refusals }: ServerContext): void {
  app.get('/api/session', async (request, reply) => reply.header('cache-control', 'no-store').send(view(principalOf(request))));

  app.post<{ Body: SignInBody }>('/api/session', { schema: { body: signInBody } }, async (request, reply) => {
    const { account, password } = request.body;
    const address = request.ip;
    const attempt = loginLimiter.attempt(account, address);
    if (!attempt.ok) {
      await refusals.record(`${address}|${account}|sign-in|rate`, {
        actor: { account: null, role: null },
        action: 'auth.login_failed',
        details: { account, reason: `too many attempts (${attempt.limitedBy})`, address },
      });
      const minutes = Math.ceil(attempt.retryAfterSeconds / 60);
      return noStore(reply)
        .code(429)
        .header('retry-after', String(attempt.retryAfterSeconds))
        .send({ error: `Too many sign-in attempts ${attempt.limitedBy === 'account' ? 'for this account' : 'from this address'}; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` });
    }
    const result = await accounts.signIn(account, password);
    if (!result.ok) {
      await audit.append({ actor: { account: null, role: null }, action: 'auth.login_failed', details: { account, reason: result.reason, address } });
      return noStore(reply).code(401).send({ error: 'Wrong account name or password.' });
    }
    loginLimiter.succeeded(attempt.ticket);
    await endPresentSession(request, sessions);
    const { id, session } = await sessions.create(result.account.name);
    try {
      await audit.append({ actor: { account: result.account.name, role: null }, action: 'auth.login', details: { address, roles: [...result.account.roles] } });
    } catch (error) {
      // Not on record, so not done: the session must not outlive the failed append.
      await sessions.end(session.key).catch(() => undefined);
      throw error;
    }
    return noStore(reply)
      .header('set-cookie', sessionCookie(id, request.protocol === 'https'))
      .send({ account: result.account.name, roles: result.account.roles, csrfToken: session.csrfToken } satisfies SessionView);
  });

  app.delete('/api/session', async (request, reply) => {
    const { account, session } = principalOf(request);
    await sessions.end(session.key, 'signed out');
    await audit.append({ actor: { account, role: null }, action: 'auth.logout', details: { address: request.ip } });
    return noStore(reply).header('set-cookie', clearedSessionCookie(request.protocol === 'https')).code(204).send();
  });
}

/** Signing in again from a browser that has a session ends that one (one session per browser). */
async function endPresentSession(request: FastifyRequest, sessions: ServerContext['sessions']): Promise<void> {
  const present = sessions.lookup(readCookie(request.headers.cookie));
  if (present.ok) await sessions.end(present.session.key, 'replaced');
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}
