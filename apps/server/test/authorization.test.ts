/**
 * Authentication and authorisation over a real server: every route of
 * ROUTE_ACCESS with no session, with a role that may not use it and with one
 * that may; CSRF on every state-changing route; each refusal in the audit
 * log. A route added without a sample here fails the first test.
 */
import { AccountStore } from '@colloquy/governance/node';
import { rolesWith, type AuditRecord, type Permission, type Role } from '@colloquy/governance';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRouteAccess, ROUTE_ACCESS, type RouteAccess } from '../src/auth/routeAccess.ts';
import { CSRF_HEADER } from '../src/index.ts';
import { SESSION_COOKIE } from '../src/auth/sessionCookie.ts';
import { startTestServer, TEST_ACCOUNTS, TEST_HASHING, testPassword, type ApiResponse, type TestServer } from './support/testServer.ts';
import { connectEvents } from './support/wsClient.ts';

/** A request each route answers (with the right role) without failing for another reason first. */
const SAMPLES: Readonly<Record<string, { readonly url: string; readonly json?: unknown }>> = {
  'GET /api/session': { url: '/api/session' },
  'DELETE /api/session': { url: '/api/session' },
  'GET /api/accounts': { url: '/api/accounts' },
  'POST /api/accounts': { url: '/api/accounts', json: { account: 'newbie', roles: ['viewer'], password: 'newbie has a long password' } },
  'PATCH /api/accounts/:name': { url: '/api/accounts/eve', json: { roles: ['viewer', 'designer'] } },
  'GET /api/workspace': { url: '/api/workspace' },
  'GET /api/files': { url: '/api/files' },
  'GET /api/file': { url: '/api/file?path=agent.yaml' },
  'POST /api/validate': { url: '/api/validate', json: {} },
  'GET /api/recognizer': { url: '/api/recognizer' },
  'GET /api/events': { url: '/api/events' },
  'GET /api/collab/:change/file/:path': { url: '/api/collab/CR-99/file/flows%2Fx.flow.yaml' },
  'GET /api/collab/:change/index': { url: '/api/collab/CR-99/index' },
  'POST /api/simulations': { url: '/api/simulations', json: { flow: 'no_such_flow', perIntent: 0 } },
  'GET /api/simulations/:id': { url: '/api/simulations/nope' },
  'GET /api/simulations/:id/report': { url: '/api/simulations/nope/report' },
  'DELETE /api/simulations/:id': { url: '/api/simulations/nope' },
  'GET /api/changes': { url: '/api/changes' },
  'POST /api/changes': { url: '/api/changes', json: { title: 'authorisation sample' } },
  'GET /api/changes/:id': { url: '/api/changes/CR-99' },
  'GET /api/changes/:id/files': { url: '/api/changes/CR-99/files?path=agent.yaml' },
  'PUT /api/changes/:id/files': { url: '/api/changes/CR-99/files', json: { path: 'flows/authz.flow.yaml', content: 'kind: flow\n' } },
  'DELETE /api/changes/:id/files': { url: '/api/changes/CR-99/files?path=flows/none.flow.yaml' },
  'POST /api/changes/:id/rename': { url: '/api/changes/CR-99/rename', json: { from: 'flows/none.flow.yaml', to: 'flows/other.flow.yaml' } },
  'GET /api/changes/:id/diff': { url: '/api/changes/CR-99/diff' },
  'POST /api/changes/:id/simulations': { url: '/api/changes/CR-99/simulations', json: { perIntent: 0 } },
  'GET /api/changes/:id/behaviour-diff': { url: '/api/changes/CR-99/behaviour-diff' },
  'POST /api/changes/:id/actions': { url: '/api/changes/CR-99/actions', json: { action: 'withdraw', asRole: 'viewer' } },
  'GET /api/audit/records': { url: '/api/audit/records?action=auth.denied&limit=5' },
  'GET /api/audit/log': { url: '/api/audit/log' },
  'POST /api/audit/export': { url: '/api/audit/export', json: { change: 'CR-99' } },
};

const EXTRA_ACCOUNTS = [...TEST_ACCOUNTS, { name: 'eve', roles: ['viewer'] as Role[] }];
const protectedRoutes = Object.entries(ROUTE_ACCESS).filter((entry): entry is [string, Exclude<RouteAccess, 'public'>] => entry[1] !== 'public');
const accountWithRole = (role: Role) => TEST_ACCOUNTS.find((a) => a.roles.includes(role))!.name;

describe('authorisation of every route (real server)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ accounts: EXTRA_ACCOUNTS });
  });
  afterAll(() => t.close());

  const send = (key: string, init: { as?: string | null; csrf?: boolean; headers?: Record<string, string> } = {}): Promise<ApiResponse> => {
    const [method] = key.split(' ') as [string];
    const sample = SAMPLES[key]!;
    return t.api(sample.url, { method, ...(sample.json !== undefined ? { json: sample.json } : {}), ...init });
  };
  /** The last auth.denied record: the refusal just answered must be in the log, on disk, already. */
  const lastDenial = (): AuditRecord => t.auditRecords().filter((r) => r.action === 'auth.denied').at(-1)!;

  it('has a sample request for every route that needs a session, and only for those', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(protectedRoutes.map(([key]) => key).sort());
  });

  it.each(protectedRoutes.filter(([key]) => key !== 'GET /api/session'))('%s: 401 without a session, recorded', async (key) => {
    const [method] = key.split(' ');
    const response = await send(key, { as: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'Sign in first.' });
    expect(lastDenial()).toMatchObject({ actor: { account: null, role: null }, details: { method, path: SAMPLES[key]!.url, reason: 'no session', status: 401 } });
  });

  it('GET /api/session without a session cookie: 401, not recorded (the sign-in page asks it on every visit); with an ended session: recorded', async () => {
    const before = t.auditRecords().length;
    for (let visit = 0; visit < 3; visit++) {
      const response = await send('GET /api/session', { as: null });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'Sign in first.' });
    }
    expect(t.auditRecords().slice(before)).toEqual([]);
    const ended = await send('GET /api/session', { as: null, headers: { cookie: `${SESSION_COOKIE}=no-such-session` } });
    expect(ended.status).toBe(401);
    expect(lastDenial()).toMatchObject({ details: { method: 'GET', path: '/api/session', reason: 'unknown session', status: 401 } });
  });

  it.each(protectedRoutes.filter(([, access]) => typeof access === 'object' && rolesWith(access.permission).length < 5))('%s: 403 for a role without %o, recorded', async (key, access) => {
    const { permission } = access as { permission: Permission };
    const allowed = rolesWith(permission);
    for (const { name, roles } of TEST_ACCOUNTS.filter((a) => !a.roles.some((r) => allowed.includes(r)))) {
      const response = await send(key, { as: name });
      expect(response.status, `${name} (${roles.join()})`).toBe(403);
      expect(response.body.error).toMatch(new RegExp(`^Your role \\(${roles[0]}\\) may not .+; that needs `));
      expect(lastDenial()).toMatchObject({ actor: { account: name, role: null }, details: { method: key.split(' ')[0], reason: 'role', permission, roles } });
    }
  });

  it.each(protectedRoutes)('%s: allowed for each role that has its permission', async (key, access) => {
    const roles = access === 'session' ? (['viewer'] as Role[]) : rolesWith(access.permission);
    for (const role of roles) {
      const before = t.auditRecords().length;
      // Signing out ends the session it is sent in: give it a session of its own.
      const session = key === 'DELETE /api/session' ? await freshSession(t, accountWithRole(role)) : undefined;
      const response = await send(key, session ? { as: null, headers: session } : { as: accountWithRole(role) });
      expect([401, 403], `${key} as ${role}: ${JSON.stringify(response.body)}`).not.toContain(response.status);
      expect(response.body.error ?? '', `${key} as ${role}`).not.toMatch(/There is no route/);
      expect(t.auditRecords().slice(before).filter((r) => r.action === 'auth.denied')).toEqual([]);
    }
  });

  it.each(protectedRoutes.filter(([key]) => !key.startsWith('GET ')))('%s: 403 without the CSRF token or with a wrong one, recorded', async (key) => {
    const missing = await send(key, { as: 'ada', csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body.error).toMatch(/CSRF token/);
    expect(lastDenial().details).toMatchObject({ reason: 'csrf token missing', method: key.split(' ')[0] });
    const wrong = await send(key, { as: 'ada', csrf: false, headers: { [CSRF_HEADER]: (await t.signIn('dana')).csrfToken } });
    expect(wrong.status).toBe(403);
    expect(lastDenial().details).toMatchObject({ reason: 'csrf token wrong' });
  });

  it('a new route without an access rule cannot even be registered', () => {
    const app = Fastify();
    app.addHook('onRoute', checkRouteAccess());
    expect(() => app.get('/api/secret', async () => 'data')).toThrow(/GET \/api\/secret has no access rule: add it to ROUTE_ACCESS/);
    expect(() => app.get('/api/workspace', async () => 'ok')).not.toThrow();
  });
});

/** Signs in through the API (not the helper's cache) and answers the headers of that session. */
async function freshSession(t: TestServer, account: string): Promise<Record<string, string>> {
  const response = await t.api<{ csrfToken: string }>('/api/session', { method: 'POST', as: null, json: { account, password: testPassword(account) } });
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, [CSRF_HEADER]: response.body.csrfToken };
}

describe('signing in and out', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ loginRateLimit: { perAccount: { max: 3, windowMs: 60_000 }, perAddress: { max: 100, windowMs: 60_000 } } });
  });
  afterAll(() => t.close());
  const signIn = (json: unknown) => t.api<{ account?: string; roles?: string[]; csrfToken?: string; error?: string }>('/api/session', { method: 'POST', as: null, json });

  it('signs in with the right password: the account, its roles, a CSRF token and an HttpOnly SameSite=Strict cookie; recorded', async () => {
    const response = await signIn({ account: 'omar', password: testPassword('omar') });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ account: 'omar', roles: ['ops_manager'], csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^colloquy_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(t.auditRecords().at(-1)).toMatchObject({ action: 'auth.login', actor: { account: 'omar', role: null }, details: { roles: ['ops_manager'] } });
    // The cookie is a session: GET /api/session answers who it is
    const me = await t.api('/api/session', { as: null, headers: { cookie: cookie.split(';')[0]! } });
    expect(me.body).toEqual(response.body);
  });

  it('answers every failure with the same 401 sentence and records why, never the password', async () => {
    await new AccountStore(t.root, { hashParameters: TEST_HASHING }).add({ name: 'gone', roles: ['viewer'], password: testPassword('gone') });
    await new AccountStore(t.root).setDisabled('gone', true);
    const cases = [
      [{ account: 'rita', password: 'not rita’s password at all' }, 'wrong password'],
      [{ account: 'nobody', password: testPassword('nobody') }, 'unknown account'],
      [{ account: 'gone', password: testPassword('gone') }, 'account disabled'],
    ] as const;
    for (const [body, reason] of cases) {
      const response = await signIn(body);
      expect(response.status, reason).toBe(401);
      expect(response.body).toEqual({ error: 'Wrong account name or password.' });
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(t.auditRecords().at(-1)).toMatchObject({ action: 'auth.login_failed', actor: { account: null, role: null }, details: { account: body.account, reason } });
    }
    const log = JSON.stringify(t.auditRecords());
    for (const [body] of cases) expect(log).not.toContain(body.password);
  });

  it('refuses malformed sign-in bodies with 400 and a sentence', async () => {
    for (const [body, message] of [
      ['{"account": "dana", "password": ', /not valid JSON/],
      ['', /empty/],
      ['[]', /must be a JSON object/],
      ['"dana"', /must be a JSON object/],
      ['null', /must be a JSON object/],
      [JSON.stringify({ account: 'dana' }), /missing `password`/],
      [JSON.stringify({ password: 'x' }), /missing `account`/],
      [JSON.stringify({ account: 42, password: 'x' }), /`account` must be a string/],
      [JSON.stringify({ account: 'dana', password: ['x'] }), /`password` must be a string/],
      [JSON.stringify({ account: 'dana', password: 'x', remember: true }), /unknown field `remember`/],
      [JSON.stringify({ account: 'dana', password: 'x'.repeat(1025) }), /`password` is longer than 1024 characters/],
      [JSON.stringify({ account: 'd'.repeat(65), password: 'x' }), /`account` is longer than 64 characters/],
      [JSON.stringify({ account: '', password: 'x' }), /`account` must not be empty/],
      ['{"account":"dana","password":"x","__proto__":{"admin":true}}', /not valid JSON/],
    ] as const) {
      const response = await t.api('/api/session', { method: 'POST', as: null, body, headers: { 'content-type': 'application/json' } });
      expect(response.status, body.slice(0, 40)).toBe(400);
      expect(response.body.error, body.slice(0, 40)).toMatch(message);
    }
    const form = await t.api('/api/session', { method: 'POST', as: null, body: 'account=dana&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
  });

  it('rate-limits guessing: 429 with Retry-After, even for the right password, recorded', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn({ account: 'vic', password: `guess number ${i} for vic` })).status).toBe(401);
    const limited = await signIn({ account: 'vic', password: testPassword('vic') });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.body.error).toMatch(/Too many sign-in attempts for this account; try again in 1 minute\./);
    expect(t.auditRecords().at(-1)).toMatchObject({ action: 'auth.login_failed', details: { account: 'vic', reason: 'too many attempts (account)' } });
    // Other accounts are not locked out
    expect((await signIn({ account: 'ada', password: testPassword('ada') })).status).toBe(200);
  });

  it('signs out: 204, the cookie cleared, the session gone (401 after), recorded; its event socket is closed', async () => {
    const session = await freshSession(t, 'dana');
    const events = await connectEvents(t.url, { cookie: session.cookie! });
    await events.next((m) => m.type === 'hello');
    const closed = new Promise<number>((resolve) => events.socket.once('close', resolve));
    const out = await t.api('/api/session', { method: 'DELETE', as: null, headers: session });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^colloquy_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0$/);
    expect(t.auditRecords().at(-1)).toMatchObject({ action: 'auth.logout', actor: { account: 'dana' } });
    expect(await closed).toBe(4401);
    const after = await t.api('/api/files', { as: null, headers: { cookie: session.cookie! } });
    expect(after.status).toBe(401);
    expect(after.body.error).toMatch(/session has ended/);
    expect(after.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('reads roles at every request: a change by another process applies at once, a disabled account is signed out', async () => {
    expect((await t.api('/api/changes', { method: 'POST', as: 'rita', json: { title: 'before' } })).status).toBe(403);
    const accounts = new AccountStore(t.root);
    await accounts.setRoles('rita', ['designer', 'rai_lead']);
    expect((await t.api('/api/changes', { method: 'POST', as: 'rita', json: { title: 'after' } })).status).toBe(201);
    await accounts.setDisabled('rita', true);
    const refused = await t.api('/api/files', { as: 'rita' });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatch(/disabled/);
    expect(t.auditRecords().at(-1)).toMatchObject({ action: 'auth.denied', actor: { account: 'rita' }, details: { reason: 'account disabled' } });
  });

  it('refuses the event socket without a session (401 before the upgrade, recorded) and opens it with one', async () => {
    // A server of its own: the same refusal within a minute is counted into the first record (RefusalLog).
    const t = await startTestServer();
    const lastDenial = (): AuditRecord => t.auditRecords().filter((r) => r.action === 'auth.denied').at(-1)!;
    try {
      await expect(connectEvents(t.url)).rejects.toThrow(/401/);
      expect(lastDenial().details).toMatchObject({ method: 'GET', path: '/api/events', reason: 'no session' });
      await expect(connectEvents(t.url, { cookie: 'colloquy_session=forged-session-id-forged-session-id-forged-s' })).rejects.toThrow(/401/);
      const client = await connectEvents(t.url, { cookie: (await t.signIn('vic')).cookie });
      await client.next((m) => m.type === 'hello');
      await client.close();
    } finally {
      await t.close();
    }
  });

  it('never crashes on hostile cookies and CSRF headers', async () => {
    const hostile = [
      'colloquy_session=',
      'colloquy_session',
      `colloquy_session=${'A'.repeat(43)}`,
      `colloquy_session=${'x'.repeat(8000)}`,
      'colloquy_session="unterminated',
      'a=b; colloquy_session=../../etc/passwd; c',
      '=====; ;;; colloquy_session=\u00ff\u00fe',
      'colloquy_session=%00%00',
    ];
    for (const cookie of hostile) {
      const response = await t.fetch('/api/files', { headers: { cookie } }, null);
      expect(response.status, cookie.slice(0, 40)).toBe(401);
    }
    const dana = await t.signIn('dana');
    // (Spaces around a header value are not part of it: HTTP trims them.)
    for (const token of ['', ' ', 'x'.repeat(5000), `${dana.csrfToken}x`, dana.csrfToken.slice(1), dana.csrfToken.toUpperCase(), '\u00e9t\u00e9']) {
      const response = await t.api('/api/validate', { method: 'POST', as: null, json: {}, headers: { cookie: dana.cookie, [CSRF_HEADER]: token } });
      expect(response.status).toBe(403);
    }
    expect((await t.api('/api/files')).status).toBe(200);
  });
});

describe('sessions expire (real server, short limits)', () => {
  it('an idle session is refused with 401 and recorded', async () => {
    const t = await startTestServer({ sessions: { idleMs: 300 } });
    try {
      const dana = await t.signIn('dana');
      expect((await t.api('/api/files')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const response = await t.api('/api/files', { as: null, headers: { cookie: dana.cookie } });
      expect(response.status).toBe(401);
      expect(response.body.error).toMatch(/without activity/);
      expect(t.auditRecords().at(-1)).toMatchObject({ action: 'auth.denied', details: { reason: 'session idle' } });
    } finally {
      await t.close();
    }
  });
});

describe('accounts, for administrators', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());
  const admin = (url: string, method: string, json?: unknown) => t.api(url, { method, as: 'ada', ...(json !== undefined ? { json } : {}) });

  it('lists accounts without password hashes', async () => {
    const { body } = await admin('/api/accounts', 'GET');
    expect((body.accounts as { name: string }[]).map((a) => a.name)).toEqual(['ada', 'dana', 'omar', 'rita', 'vic']);
    expect(JSON.stringify(body)).not.toMatch(/hash|salt|scrypt/);
  });

  it('creates, changes roles, disables (ending sessions), enables and resets passwords, each recorded with the admin as actor', async () => {
    const created = await admin('/api/accounts', 'POST', { account: 'sam', roles: ['viewer'], password: 'sam has a long password' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'sam', roles: ['viewer'], disabled: false });
    const sam = await freshSession(t, 'sam').catch(() => undefined);
    expect(sam).toBeUndefined(); // sam's password is not the test password
    const samSession = await t.api<{ csrfToken: string }>('/api/session', { method: 'POST', as: null, json: { account: 'sam', password: 'sam has a long password' } });
    const samCookie = samSession.headers.get('set-cookie')!.split(';')[0]!;

    expect((await admin('/api/accounts/sam', 'PATCH', { roles: ['designer', 'viewer'] })).body).toMatchObject({ roles: ['designer', 'viewer'] });
    expect((await admin('/api/accounts/sam', 'PATCH', { disabled: true })).body).toMatchObject({ disabled: true });
    expect((await t.api('/api/files', { as: null, headers: { cookie: samCookie } })).status).toBe(401);
    expect((await admin('/api/accounts/sam', 'PATCH', { disabled: false })).body).toMatchObject({ disabled: false });
    expect((await admin('/api/accounts/sam', 'PATCH', { password: 'sam has another long password' })).status).toBe(200);

    const records = t.auditRecords().filter((r) => r.action.startsWith('account.'));
    expect(records.map((r) => [r.action, r.actor.account, r.actor.role, r.details?.['account']])).toEqual([
      ['account.created', 'ada', 'admin', 'sam'],
      ['account.roles_changed', 'ada', 'admin', 'sam'],
      ['account.disabled', 'ada', 'admin', 'sam'],
      ['account.enabled', 'ada', 'admin', 'sam'],
      ['account.password_reset', 'ada', 'admin', 'sam'],
    ]);
    expect(records[1]!.details).toMatchObject({ before: ['viewer'], after: ['designer', 'viewer'] });
    expect(JSON.stringify(t.auditRecords())).not.toContain('long password');
  });

  it('refuses bad input with 400/404/409 and a sentence, and never leaves no administrator', async () => {
    expect((await admin('/api/accounts', 'POST', { account: 'Bad Name', roles: ['viewer'], password: 'a long enough password' })).body.error).toMatch(/not an account name/);
    expect((await admin('/api/accounts', 'POST', { account: 'shorty', roles: ['viewer'], password: 'short' })).status).toBe(400);
    expect((await admin('/api/accounts', 'POST', { account: 'x', roles: ['god'], password: 'a long enough password' })).body.error).toMatch(/must be one of designer/);
    expect((await admin('/api/accounts', 'POST', { account: 'dana', roles: ['viewer'], password: 'a long enough password' })).status).toBe(409);
    expect((await admin('/api/accounts/ghost', 'PATCH', { disabled: true })).status).toBe(404);
    expect((await admin('/api/accounts/dana', 'PATCH', {})).body.error).toMatch(/must name at least 1 field/);
    const last = await admin('/api/accounts/ada', 'PATCH', { roles: ['viewer'] });
    expect(last.status).toBe(409);
    expect(last.body.error).toMatch(/last enabled administrator/);
    expect((await admin('/api/accounts/ada', 'PATCH', { disabled: true })).status).toBe(409);
  });
});
