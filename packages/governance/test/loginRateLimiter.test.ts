import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from '../src/accounts/LoginRateLimiter.ts';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-11-23T09:00:00Z')) {
  const clock = { t: start, now: () => clock.t, advance: (ms: number) => void (clock.t += ms) };
  return clock;
}

describe('LoginRateLimiter', () => {
  const MINUTE = 60_000;

  it('refuses an account after 5 attempts in 15 minutes, with the seconds until the oldest leaves the window', () => {
    const clock = manualClock();
    const limiter = new LoginRateLimiter({ now: clock.now });
    for (let i = 0; i < 5; i++) {
      expect(limiter.attempt('omar', `10.0.0.${i}`).ok, `attempt ${i + 1}`).toBe(true);
      clock.advance(MINUTE);
    }
    // 5 minutes in: the first attempt leaves the window in 10 minutes
    expect(limiter.attempt('omar', '10.0.0.9')).toEqual({ ok: false, retryAfterSeconds: 600, limitedBy: 'account' });
    expect(limiter.attempt('dana', '10.0.0.9').ok).toBe(true); // other accounts are not affected
    clock.advance(10 * MINUTE);
    expect(limiter.attempt('omar', '10.0.0.9').ok).toBe(true);
    expect(limiter.attempt('omar', '10.0.0.9').ok).toBe(false);
  });

  it('refuses an address after 20 attempts whatever accounts it tries', () => {
    const clock = manualClock();
    const limiter = new LoginRateLimiter({ now: clock.now });
    for (let i = 0; i < 20; i++) expect(limiter.attempt(`user${i}`, '203.0.113.7').ok).toBe(true);
    const refused = limiter.attempt('user99', '203.0.113.7');
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 900, limitedBy: 'address' });
    expect(limiter.attempt('user99', '203.0.113.8').ok).toBe(true);
  });

  it('does not count refused attempts, so waiting is enough', () => {
    const clock = manualClock();
    const limiter = new LoginRateLimiter({ now: clock.now, perAccount: { max: 2, windowMs: MINUTE } });
    limiter.attempt('omar', 'a');
    limiter.attempt('omar', 'a');
    for (let i = 0; i < 50; i++) expect(limiter.attempt('omar', 'a').ok).toBe(false);
    clock.advance(MINUTE);
    expect(limiter.attempt('omar', 'a').ok).toBe(true);
  });

  it("clears the account's count on success but not the address's", () => {
    const clock = manualClock();
    const limiter = new LoginRateLimiter({ now: clock.now, perAccount: { max: 3, windowMs: MINUTE }, perAddress: { max: 5, windowMs: MINUTE } });
    limiter.attempt('dana', 'a');
    limiter.attempt('dana', 'a');
    const good = limiter.attempt('dana', 'a');
    expect(good.ok).toBe(true);
    if (good.ok) limiter.succeeded(good.ticket);
    expect(limiter.attempt('dana', 'a').ok).toBe(true);
    expect(limiter.attempt('dana', 'a').ok).toBe(true);
    // The address has had 5 attempts: a success did not reset it
    expect(limiter.attempt('dana', 'a')).toMatchObject({ ok: false, limitedBy: 'address' });
  });

  it('keeps at most maxTracked keys, dropping expired ones first', () => {
    const clock = manualClock();
    const limiter = new LoginRateLimiter({ now: clock.now, maxTracked: 100 });
    for (let i = 0; i < 1000; i++) limiter.attempt(`user${i}`, `addr${i}`);
    expect(limiter.tracked).toBeLessThanOrEqual(100);
    // The most recent keys are the ones kept
    for (let i = 0; i < 4; i++) limiter.attempt('user999', 'x');
    expect(limiter.attempt('user999', 'x').ok).toBe(false);
  });
});
