import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SESSIONS_PER_ACCOUNT, SESSIONS_FILE, SessionStore, type SessionEnd, type SessionStoreOptions } from '../src/node/SessionStore.ts';

const HOUR = 60 * 60_000;
const open: SessionStore[] = [];
const folders: string[] = [];

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-11-23T09:00:00Z')) {
  const clock = { t: start, now: () => clock.t, advance: (ms: number) => void (clock.t += ms) };
  return clock;
}

async function store(options: SessionStoreOptions = {}): Promise<SessionStore> {
  const opened = await SessionStore.open(options);
  open.push(opened);
  return opened;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('SessionStore', () => {
  it('makes 256-bit random ids and a CSRF token per session, and finds a session only by its exact id', async () => {
    const sessions = await store();
    const a = await sessions.create('dana');
    const b = await sessions.create('dana');
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.id, 'base64url')).toHaveLength(32);
    expect(a.id).not.toBe(b.id);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    expect(a.session.csrfToken).not.toBe(a.id);
    expect(a.session.key).toMatch(/^[0-9a-f]{64}$/);

    const found = sessions.lookup(a.id);
    expect(found.ok && found.session).toMatchObject({ account: 'dana', key: a.session.key, csrfToken: a.session.csrfToken });
    for (const wrong of [undefined, '', 'x', `${a.id.slice(0, -1)}${a.id.endsWith('A') ? 'B' : 'A'}`, `${a.id}=`, a.session.key, a.session.csrfToken]) {
      expect(sessions.lookup(wrong), String(wrong)).toEqual({ ok: false, reason: 'unknown session' });
    }
  });

  it('checks the CSRF token of the session, exactly', async () => {
    const sessions = await store();
    const { session } = await sessions.create('dana');
    const other = await sessions.create('omar');
    expect(sessions.csrfMatches(session, session.csrfToken)).toBe(true);
    expect(sessions.csrfMatches(session, undefined)).toBe(false);
    expect(sessions.csrfMatches(session, '')).toBe(false);
    expect(sessions.csrfMatches(session, other.session.csrfToken)).toBe(false);
    expect(sessions.csrfMatches(session, `${session.csrfToken}x`)).toBe(false);
  });

  it('ends a session after the idle time without requests, and each request restarts the idle time', async () => {
    const clock = manualClock();
    const sessions = await store({ now: clock.now, idleMs: 8 * HOUR, absoluteMs: 24 * HOUR });
    const { id } = await sessions.create('dana');
    clock.advance(8 * HOUR - 1);
    expect(sessions.lookup(id).ok).toBe(true); // activity: idle time starts again
    clock.advance(8 * HOUR - 1);
    expect(sessions.lookup(id).ok).toBe(true);
    clock.advance(8 * HOUR);
    expect(sessions.lookup(id)).toEqual({ ok: false, reason: 'session idle' });
    // Gone for good, not only refused
    expect(sessions.lookup(id)).toEqual({ ok: false, reason: 'unknown session' });
  });

  it('ends a session at the absolute limit however active it is', async () => {
    const clock = manualClock();
    const sessions = await store({ now: clock.now, idleMs: 8 * HOUR, absoluteMs: 24 * HOUR });
    const { id } = await sessions.create('dana');
    for (let hour = 1; hour < 24; hour++) {
      clock.advance(HOUR);
      expect(sessions.lookup(id).ok, `hour ${hour}`).toBe(true);
    }
    clock.advance(HOUR);
    expect(sessions.lookup(id)).toEqual({ ok: false, reason: 'session expired' });
  });

  it('tells listeners of every end: sign-out, account change, expiry found by the sweep', async () => {
    const clock = manualClock();
    const sessions = await store({ now: clock.now, idleMs: HOUR, absoluteMs: 10 * HOUR });
    const ended: [string, SessionEnd][] = [];
    const stop = sessions.onEnded(({ account, reason }) => ended.push([account, reason]));
    const dana = await sessions.create('dana');
    await sessions.create('omar');
    await sessions.create('omar');
    await sessions.create('vic');
    await sessions.end(dana.session.key);
    expect(await sessions.endAccount('omar')).toBe(2);
    clock.advance(HOUR);
    await sessions.sweep();
    expect(ended).toEqual([
      ['dana', 'signed out'],
      ['omar', 'account changed'],
      ['omar', 'account changed'],
      ['vic', 'idle'],
    ]);
    expect(sessions.list()).toEqual([]);
    stop();
    await sessions.create('vic');
    clock.advance(HOUR);
    await sessions.sweep();
    expect(ended).toHaveLength(4);
  });

  it("ends an account's oldest session when it has too many", async () => {
    const clock = manualClock();
    const sessions = await store({ now: clock.now });
    const first = await sessions.create('dana');
    for (let i = 0; i < MAX_SESSIONS_PER_ACCOUNT; i++) {
      clock.advance(1000);
      await sessions.create('dana');
    }
    expect(sessions.list()).toHaveLength(MAX_SESSIONS_PER_ACCOUNT);
    expect(sessions.lookup(first.id).ok).toBe(false);
  });

  it('survives a restart through the sessions file, which holds no session id and no CSRF token', async () => {
    const root = await mkdtemp(join(tmpdir(), 'colloquy-sessions-'));
    folders.push(root);
    const file = join(root, SESSIONS_FILE);
    const clock = manualClock();
    const first = await SessionStore.open({ file, now: clock.now, idleMs: HOUR });
    const { id, session } = await first.create('dana');
    const ended = await first.create('omar');
    await first.end(ended.session.key);
    await first.close();

    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(id);
    expect(text).not.toContain(session.csrfToken);
    expect(text).toContain(session.key);
    expect(text).not.toContain('omar');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = await store({ file, now: clock.now, idleMs: HOUR });
    const found = second.lookup(id);
    expect(found.ok && found.session).toMatchObject({ account: 'dana', csrfToken: session.csrfToken });
    // Expiry still counts from the stored times
    clock.advance(HOUR);
    const third = await store({ file, now: clock.now, idleMs: HOUR });
    expect(third.lookup(id).ok).toBe(false);
  });

  it('writes activity at most once per persistTouchMs, and the latest activity at close', async () => {
    const root = await mkdtemp(join(tmpdir(), 'colloquy-sessions-'));
    folders.push(root);
    const file = join(root, SESSIONS_FILE);
    const clock = manualClock();
    const sessions = await SessionStore.open({ file, now: clock.now, persistTouchMs: 60_000 });
    const { id } = await sessions.create('dana');
    const stored = () => (JSON.parse(readFileSync(file, 'utf8')) as { sessions: { lastSeen: string }[] }).sessions[0]!.lastSeen;
    const created = stored();
    clock.advance(30_000);
    sessions.lookup(id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stored()).toBe(created);
    clock.advance(30_000);
    sessions.lookup(id);
    await expect.poll(stored).toBe(new Date(clock.t).toISOString());
    clock.advance(5_000);
    sessions.lookup(id);
    await sessions.close();
    expect(stored()).toBe(new Date(clock.t).toISOString());
  });

  it('starts empty, saying why, when the sessions file is damaged', async () => {
    const root = await mkdtemp(join(tmpdir(), 'colloquy-sessions-'));
    folders.push(root);
    const file = join(root, 'sessions.json');
    writeFileSync(file, '{"version":1,"sessions":[{"key":"nope"}]}');
    const sessions = await store({ file });
    expect(sessions.list()).toEqual([]);
    expect(sessions.problemAtOpen).toMatch(/malformed.*everyone signs in again/);
  });
});
