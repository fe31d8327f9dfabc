/**
 * Authentication and authorisation of every request, HTTP and WebSocket
 * upgrade alike (an `onRequest` hook, so a refused request is answered before
 * its body is even read). The studio hiding a button is not a control: this is.
 *
 * For a route that is not public (routeAccess.ts):
 * 1. the session cookie must name a current session (401 otherwise, and the
 *    cookie is cleared);
 * 2. its account must still exist and be enabled: roles are read from the
 *    accounts file on every request, so a change applies at once (401, and
 *    the account's sessions end);
 * 3. a state-changing request must carry the session's CSRF token in
 *    `X-Colloquy-CSRF` (403). SameSite=Strict cookies and the Origin check
 *    (hostGuard.ts) already stop cross-site requests; the token is the
 *    defence that does not depend on the browser;
 * 4. one of the account's roles must have the route's permission (403, with
 *    the sentence saying which role would).
 * Every refusal is recorded in the audit log as `auth.denied` (RefusalLog)
 * before it is answered, but one: `GET /api/session` without any session
 * cookie. That is the studio asking whether anyone is signed in, on every visit
 * to the sign-in page; it reads nothing, and recording it would fill the log
 * with one record per page load that says nothing about anyone.
 *
 * What passes is the request's `Principal` (`principalOf`): the account, its
 * roles and its session.
 */
import type { AccountSummary, Permission, Role } from '@colloquy/governance';
import { permissionRefusal, rolesFor } from '@colloquy/governance';
import type { AccountStore, Session, SessionStore } from '@colloquy/governance/node';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RefusalLog } from './RefusalLog.ts';
import { isStateChanging, routeAccess, type RouteAccess } from './routeAccess.ts';
import { clearedSessionCookie, CSRF_HEADER, readCookie } from './sessionCookie.ts';

export interface Principal {
  readonly account: string;
  readonly roles: readonly Role[];
  readonly session: Session;
}

export interface AuthServices {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly refusals: RefusalLog;
}

/** Why a request was refused: the audit log's `details.reason`. */
export type RefusalReason = 'no session' | 'unknown session' | 'session idle' | 'session expired' | 'account disabled' | 'account removed' | 'csrf token missing' | 'csrf token wrong' | 'role' | 'no access rule';

const MESSAGES: Readonly<Record<Exclude<RefusalReason, 'role'>, string>> = {
  'no session': 'Sign in first.',
  'unknown session': 'Your session has ended; sign in again.',
  'session idle': 'Your session ended after a long time without activity; sign in again.',
  'session expired': 'Your session reached its time limit; sign in again.',
  'account disabled': 'Your account is disabled; ask an administrator.',
  'account removed': 'Your account no longer exists; ask an administrator.',
  'csrf token missing': 'This request lacks the session’s CSRF token (the X-Colloquy-CSRF header); reload the studio and try again.',
  'csrf token wrong': 'This request carries a CSRF token that is not this session’s; reload the studio and try again.',
  'no access rule': 'This route has no access rule, so nobody may use it.',
};

const principals = new WeakMap<FastifyRequest, Principal>();

/** The signed-in account of a request that passed the guard (an assertion: routes that are not public always have one). */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error(`no principal on ${request.method} ${request.url}: is the route public in ROUTE_ACCESS?`);
  return principal;
}

/** The role `principal` acts in for `permission`: the first of its roles that has it. */
export function actingRole(principal: Principal, permission: Permission): Role | null {
  return rolesFor(principal.roles, permission)[0] ?? null;
}

/** The Fastify `onRequest` hook. */
export function authGuard(services: AuthServices) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const url = request.routeOptions.url;
    if (url === undefined) return undefined; // no route: the not-found handler answers (a page or a 404)
    const access: RouteAccess | undefined = routeAccess(request.method, url);
    if (access === 'public') return undefined;
    if (access === undefined) return refuse(request, reply, services, { status: 403, reason: 'no access rule', account: null });

    const id = readCookie(request.headers.cookie);
    const found = services.sessions.lookup(id);
    if (!found.ok) {
      const question = id === undefined && isSignedInQuestion(request.method, url);
      return refuse(request, reply, services, { status: 401, reason: id === undefined ? 'no session' : found.reason, account: null, clearCookie: id !== undefined, unrecorded: question });
    }
    const { session } = found;
    const account: AccountSummary | undefined = await services.accounts.get(session.account);
    if (!account || account.disabled) {
      await services.sessions.endAccount(session.account);
      return refuse(request, reply, services, { status: 401, reason: account ? 'account disabled' : 'account removed', account: session.account, clearCookie: true });
    }
    if (isStateChanging(request.method)) {
      const token = request.headers[CSRF_HEADER];
      if (!services.sessions.csrfMatches(session, typeof token === 'string' ? token : undefined)) {
        return refuse(request, reply, services, { status: 403, reason: token === undefined ? 'csrf token missing' : 'csrf token wrong', account: account.name });
      }
    }
    if (access !== 'session') {
      const refusal = permissionRefusal(account.roles, access.permission);
      if (refusal) return refuse(request, reply, services, { status: 403, reason: 'role', account: account.name, message: refusal, permission: access.permission, roles: account.roles });
    }
    principals.set(request, { account: account.name, roles: account.roles, session });
    return undefined;
  };
}

interface Refusal {
  readonly status: 401 | 403;
  readonly reason: RefusalReason;
  readonly account: string | null;
  readonly message?: string;
  readonly permission?: Permission;
  readonly roles?: readonly Role[];
  readonly clearCookie?: boolean;
  /** Answered without an audit record (only the signed-in question, see the top). */
  readonly unrecorded?: boolean;
}

/** `GET /api/session`: "who is signed in here?", asked by the sign-in page. */
function isSignedInQuestion(method: string, url: string): boolean {
  return method === 'GET' && url === '/api/session';
}

async function refuse(request: FastifyRequest, reply: FastifyReply, { refusals }: AuthServices, refusal: Refusal): Promise<FastifyReply> {
  const path = request.url.slice(0, 300);
  const route = request.routeOptions.url ?? path;
  if (!refusal.unrecorded) await refusals.record(`${request.ip}|${refusal.account}|${request.method}|${route}|${refusal.reason}`, {
    actor: { account: refusal.account, role: null },
    action: 'auth.denied',
    details: {
      method: request.method,
      path,
      reason: refusal.reason,
      status: refusal.status,
      address: request.ip,
      ...(refusal.permission ? { permission: refusal.permission } : {}),
      ...(refusal.roles ? { roles: [...refusal.roles] } : {}),
    },
  });
  if (refusal.clearCookie) reply.header('set-cookie', clearedSessionCookie(request.protocol === 'https'));
  const message = refusal.message ?? MESSAGES[refusal.reason as Exclude<RefusalReason, 'role'>];
  return reply.code(refusal.status).header('cache-control', 'no-store').send({ error: message });
}
