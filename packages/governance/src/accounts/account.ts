/**
 * Accounts: who may sign in, in which roles, and the file that holds them
 * (`<workspace>/.colloquy/accounts.json`). Pure: the rules for names, roles
 * and passwords, and the file's format (parse and serialise). Hashing and the
 * disk are in `src/node/` (passwordHash.ts, AccountStore.ts).
 *
 * The file is versioned like every format of ours: `{ "version": 1,
 * "accounts": [...] }`, accounts sorted by name, so the same accounts are the
 * same bytes. A password is stored only as a scrypt hash with its own salt and
 * the parameters it was made with (so they can be raised later: an account
 * hashed with weaker ones is rehashed at its next sign-in).
 */
import { isRole, ROLES, type Role } from '../roles/roles.ts';

export const ACCOUNTS_FORMAT_VERSION = 1;

/** A stored password: never the password, only what proves knowledge of it. */
export interface PasswordHash {
  readonly algorithm: 'scrypt';
  /** scrypt's CPU/memory cost (a power of two). */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
  /** Bytes of derived key. */
  readonly keyLength: number;
  /** Base64 of the random salt, one per password. */
  readonly salt: string;
  /** Base64 of the derived key. */
  readonly hash: string;
}

export interface Account {
  readonly name: string;
  /** At least one, in ROLES order, no duplicates. */
  readonly roles: readonly Role[];
  /** A disabled account cannot sign in and its sessions end; it is kept so its name stays in the audit log's meaning. */
  readonly disabled: boolean;
  readonly password: PasswordHash;
  /** ISO time. */
  readonly created: string;
  readonly updated: string;
}

/** What the API and the CLI show of an account: everything but the password hash. */
export interface AccountSummary {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly disabled: boolean;
  readonly created: string;
  readonly updated: string;
}

export interface AccountsFile {
  readonly version: typeof ACCOUNTS_FORMAT_VERSION;
  readonly accounts: readonly Account[];
}

/**
 * Account names: a lower-case letter, then up to 63 lower-case letters,
 * digits, `.`, `_` or `-`. Names appear in the audit log, in URLs and on the
 * command line, so they are plain, unambiguous and case-free.
 */
export const ACCOUNT_NAME_PATTERN = /^[a-z][a-z0-9._-]{0,63}$/;
export const MAX_ACCOUNT_NAME_LENGTH = 64;

/**
 * At least 15 characters: NIST SP 800-63B-4 §3.1.1.2 for a password that is
 * the only factor. No composition rules (the same guideline: they make
 * passwords more predictable, not stronger).
 */
export const MIN_PASSWORD_LENGTH = 15;
/** At most 1,024 characters: far above any passphrase, and it bounds the work a request can ask of the hash. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Why `name` cannot be an account name, or undefined when it can. */
export function accountNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'an account name is required';
  if (name.length > MAX_ACCOUNT_NAME_LENGTH) return `an account name has at most ${MAX_ACCOUNT_NAME_LENGTH} characters`;
  if (!ACCOUNT_NAME_PATTERN.test(name)) return `\`${printable(name)}\` is not an account name: use a lower-case letter, then lower-case letters, digits, \`.\`, \`_\` or \`-\``;
  return undefined;
}

/** Why `roles` is not a list of roles an account may hold, or undefined. */
export function rolesProblem(roles: unknown): string | undefined {
  if (!Array.isArray(roles) || roles.length === 0) return `an account needs at least one role (${ROLES.join(', ')})`;
  for (const role of roles) if (!isRole(role)) return `\`${printable(String(role))}\` is not a role; the roles are ${ROLES.join(', ')}`;
  if (new Set(roles).size !== roles.length) return 'a role is listed twice';
  return undefined;
}

/** Why `password` may not be a password, or undefined. */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'a password is required';
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters (a few words make a good one)`;
  if (length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'a password cannot be only spaces';
  return undefined;
}

/** Roles in ROLES order, each once. */
export function normaliseRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

export function accountSummary(account: Account): AccountSummary {
  return { name: account.name, roles: account.roles, disabled: account.disabled, created: account.created, updated: account.updated };
}

export type ParsedAccounts = { readonly ok: true; readonly file: AccountsFile } | { readonly ok: false; readonly reason: string };

/**
 * Reads the accounts file's text. Never throws: a damaged file is a reason
 * (the server then lets nobody in rather than guess), with the account it is
 * about where there is one.
 */
export function parseAccountsFile(text: string): ParsedAccounts {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isObject(value)) return { ok: false, reason: 'it is not a JSON object' };
  if (value['version'] !== ACCOUNTS_FORMAT_VERSION) return { ok: false, reason: `its version is ${JSON.stringify(value['version'])}; this Colloquy reads version ${ACCOUNTS_FORMAT_VERSION}` };
  const list = value['accounts'];
  if (!Array.isArray(list)) return { ok: false, reason: '`accounts` is not a list' };
  const accounts: Account[] = [];
  const seen = new Set<string>();
  for (const [index, item] of list.entries()) {
    const parsed = parseAccount(item);
    if (typeof parsed === 'string') return { ok: false, reason: `account ${index + 1}${isObject(item) && typeof item['name'] === 'string' ? ` (${printable(item['name'])})` : ''}: ${parsed}` };
    if (seen.has(parsed.name)) return { ok: false, reason: `the account ${parsed.name} is listed twice` };
    seen.add(parsed.name);
    accounts.push(parsed);
  }
  return { ok: true, file: { version: ACCOUNTS_FORMAT_VERSION, accounts: sortByName(accounts) } };
}

/** The file's text: accounts sorted by name, fields in a fixed order, a newline at the end. */
export function serialiseAccountsFile(accounts: readonly Account[]): string {
  const file = {
    version: ACCOUNTS_FORMAT_VERSION,
    accounts: sortByName(accounts).map((a) => ({
      name: a.name,
      roles: normaliseRoles(a.roles),
      disabled: a.disabled,
      created: a.created,
      updated: a.updated,
      password: { algorithm: a.password.algorithm, N: a.password.N, r: a.password.r, p: a.password.p, keyLength: a.password.keyLength, salt: a.password.salt, hash: a.password.hash },
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function parseAccount(item: unknown): Account | string {
  if (!isObject(item)) return 'not an object';
  const name = item['name'];
  const nameIssue = accountNameProblem(name);
  if (nameIssue) return nameIssue;
  const rolesIssue = rolesProblem(item['roles']);
  if (rolesIssue) return rolesIssue;
  if (typeof item['disabled'] !== 'boolean') return '`disabled` must be true or false';
  for (const key of ['created', 'updated'] as const) if (typeof item[key] !== 'string' || Number.isNaN(Date.parse(item[key] as string))) return `\`${key}\` must be a time`;
  const password = parsePasswordHash(item['password']);
  if (typeof password === 'string') return password;
  return { name: name as string, roles: normaliseRoles(item['roles'] as Role[]), disabled: item['disabled'] as boolean, password, created: item['created'] as string, updated: item['updated'] as string };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The stored hash, with its parameters bounded: the file is read at every
 * sign-in, and an edited file must not be able to make one sign-in take
 * gigabytes or minutes.
 */
export function parsePasswordHash(value: unknown): PasswordHash | string {
  if (!isObject(value)) return '`password` is not a password hash';
  if (value['algorithm'] !== 'scrypt') return `the password hash algorithm ${JSON.stringify(value['algorithm'])} is not scrypt`;
  const { N, r, p, keyLength, salt, hash } = value;
  if (!isInteger(N) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0) return 'scrypt N must be a power of two up to 2^20';
  if (!isInteger(r) || r < 1 || r > 32) return 'scrypt r must be from 1 to 32';
  if (!isInteger(p) || p < 1 || p > 16) return 'scrypt p must be from 1 to 16';
  if (!isInteger(keyLength) || keyLength < 16 || keyLength > 64) return 'the key length must be from 16 to 64 bytes';
  if (typeof salt !== 'string' || !BASE64.test(salt) || salt.length < 16) return 'the salt must be base64 of at least 12 bytes';
  if (typeof hash !== 'string' || !BASE64.test(hash)) return 'the hash must be base64';
  return { algorithm: 'scrypt', N, r, p, keyLength, salt, hash };
}

function sortByName(accounts: readonly Account[]): Account[] {
  return [...accounts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** A name from outside, safe to quote in a message: control characters shown as `?`, at most 64 characters. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?').slice(0, 64);
}
