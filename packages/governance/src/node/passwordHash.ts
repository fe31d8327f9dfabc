/**
 * Password hashing with scrypt (RFC 7914), Node's built-in implementation.
 *
 * - Never the password, never a fast hash: scrypt is memory-hard, so guessing
 *   on GPUs costs memory per guess, not only time.
 * - A random 16-byte salt per password, so equal passwords hash differently
 *   and nothing can be precomputed.
 * - The parameters are stored with the hash: raising DEFAULT_SCRYPT later
 *   leaves old hashes verifiable, and `needsRehash` says when an account's
 *   hash should be remade (at its next sign-in, when the password is known).
 * - Compared with `timingSafeEqual`: how long a comparison takes says nothing
 *   about how much of the hash matched.
 * - Passwords are normalised to Unicode NFKC first (NIST SP 800-63B §3.1.1.2),
 *   so the same password typed on two keyboards is the same password.
 *
 * scrypt runs on libuv's thread pool, off the event loop; the pool's size
 * (4 by default) bounds how many run, and so the memory they take, at once.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHash } from '../accounts/account.ts';

export interface ScryptParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
}

/**
 * OWASP's Password Storage Cheat Sheet: N = 2^17, r = 8, p = 1 (128 MiB and
 * about half a second per hash on a laptop core). Tests pass cheaper ones.
 */
export const DEFAULT_SCRYPT: ScryptParameters = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 };

const SALT_BYTES = 16;

export async function hashPassword(password: string, parameters: ScryptParameters = DEFAULT_SCRYPT): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, parameters);
  return { algorithm: 'scrypt', ...pick(parameters), salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** True when `password` is the one `stored` was made from. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  if (expected.length !== stored.keyLength) return false;
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored);
  return timingSafeEqual(key, expected);
}

/** True when `stored` was made with weaker parameters than `wanted` (remake it at the next sign-in). */
export function needsRehash(stored: PasswordHash, wanted: ScryptParameters = DEFAULT_SCRYPT): boolean {
  return stored.N < wanted.N || stored.r < wanted.r || stored.p < wanted.p || stored.keyLength < wanted.keyLength;
}

function derive(password: string, salt: Uint8Array, { N, r, p, keyLength }: ScryptParameters): Promise<Buffer> {
  // scrypt needs 128·N·r bytes (plus p·128·r); Node refuses above `maxmem`, 32 MiB by default.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * (N + p + 2) * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function pick({ N, r, p, keyLength }: ScryptParameters): ScryptParameters {
  return { N, r, p, keyLength };
}
