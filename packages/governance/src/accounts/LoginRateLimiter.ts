/**
 * Login rate limiting: guessing passwords must be slow, per account (someone
 * trying many passwords for `omar`) and per client address (someone trying
 * one password for every account). Each sign-in attempt counts against both
 * for `windowMs`; once either has `max` attempts in the window, further
 * attempts are refused, without checking the password, until the oldest one
 * leaves the window (`retryAfterSeconds`, the HTTP Retry-After).
 *
 * A successful sign-in clears the account's count (its owner knows the
 * password) but not the address's: an attacker holding one valid account
 * cannot use it to reset their address's count.
 *
 * The price: anyone can lock an account out for a window by failing to sign
 * in as it (OWASP's "account lockout" trade-off). The window is short and the
 * address limit stops one client from doing it to every account at once.
 *
 * Pure, with the clock handed in. Memory is bounded: at most `maxTracked`
 * keys; past that, expired ones are dropped, then the oldest.
 */

export interface RateLimit {
  /** Attempts allowed within the window. */
  readonly max: number;
  readonly windowMs: number;
}

export interface LoginRateLimitOptions {
  /** Default 5 attempts per 15 minutes. */
  readonly perAccount?: RateLimit;
  /** Default 20 attempts per 15 minutes (an office behind one address signs in a lot more than one person). */
  readonly perAddress?: RateLimit;
  /** Default 10,000 keys. */
  readonly maxTracked?: number;
  /** Milliseconds since the epoch; default Date.now. */
  readonly now?: () => number;
}

export const DEFAULT_ACCOUNT_LIMIT: RateLimit = { max: 5, windowMs: 15 * 60_000 };
export const DEFAULT_ADDRESS_LIMIT: RateLimit = { max: 20, windowMs: 15 * 60_000 };

export type LoginAttempt =
  | { readonly ok: true; readonly ticket: LoginTicket }
  | { readonly ok: false; readonly retryAfterSeconds: number; readonly limitedBy: 'account' | 'address' };

/** Handed back on success, so the limiter can clear what that attempt counted. */
export interface LoginTicket {
  readonly account: string;
  readonly address: string;
  readonly at: number;
}

export class LoginRateLimiter {
  private readonly accountLimit: RateLimit;
  private readonly addressLimit: RateLimit;
  private readonly maxTracked: number;
  private readonly now: () => number;
  /** Key (`a:` account or `i:` address) → attempt times, oldest first. */
  private readonly attempts = new Map<string, number[]>();

  constructor(options: LoginRateLimitOptions = {}) {
    this.accountLimit = options.perAccount ?? DEFAULT_ACCOUNT_LIMIT;
    this.addressLimit = options.perAddress ?? DEFAULT_ADDRESS_LIMIT;
    this.maxTracked = options.maxTracked ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts an attempt, or refuses it when the account or the address is over its limit. */
  attempt(account: string, address: string): LoginAttempt {
    const now = this.now();
    const accountKey = `a:${account}`;
    const addressKey = `i:${address}`;
    const byAccount = this.current(accountKey, this.accountLimit, now);
    const byAddress = this.current(addressKey, this.addressLimit, now);
    const waits: { wait: number; limitedBy: 'account' | 'address' }[] = [];
    if (byAccount.length >= this.accountLimit.max) waits.push({ wait: byAccount[byAccount.length - this.accountLimit.max]! + this.accountLimit.windowMs - now, limitedBy: 'account' });
    if (byAddress.length >= this.addressLimit.max) waits.push({ wait: byAddress[byAddress.length - this.addressLimit.max]! + this.addressLimit.windowMs - now, limitedBy: 'address' });
    if (waits.length > 0) {
      const longest = waits.reduce((a, b) => (b.wait > a.wait ? b : a));
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(longest.wait / 1000)), limitedBy: longest.limitedBy };
    }
    this.record(accountKey, byAccount, now);
    this.record(addressKey, byAddress, now);
    return { ok: true, ticket: { account, address, at: now } };
  }

  /** The attempt signed in: the account starts afresh; the address keeps its count. */
  succeeded(ticket: LoginTicket): void {
    this.attempts.delete(`a:${ticket.account}`);
  }

  /** How many keys are tracked (for tests of the memory bound). */
  get tracked(): number {
    return this.attempts.size;
  }

  private current(key: string, limit: RateLimit, now: number): number[] {
    const times = this.attempts.get(key);
    if (!times) return [];
    const fresh = times.filter((t) => t > now - limit.windowMs);
    if (fresh.length === 0) this.attempts.delete(key);
    else this.attempts.set(key, fresh);
    return fresh;
  }

  private record(key: string, times: number[], now: number): void {
    // Delete and set again, so Map order is "least recently attempted first" for eviction.
    this.attempts.delete(key);
    this.attempts.set(key, [...times, now]);
    if (this.attempts.size > this.maxTracked) this.evict(now);
  }

  private evict(now: number): void {
    const longest = Math.max(this.accountLimit.windowMs, this.addressLimit.windowMs);
    for (const [key, times] of this.attempts) if (times.at(-1)! <= now - longest) this.attempts.delete(key);
    for (const key of this.attempts.keys()) {
      if (this.attempts.size <= this.maxTracked) break;
      this.attempts.delete(key);
    }
  }
}
