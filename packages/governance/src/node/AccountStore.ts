/**
 * The embedded account store: `<workspace>/.colloquy/accounts.json`
 * (account.ts has its format), read by the server at every sign-in and
 * request, written by the server's account routes and `colloquy users`.
 *
 * - Writes are atomic and durable (`writeFileAtomic`: temp file, fsync,
 *   rename, folder fsync) and the file is created readable by its owner only
 *   (0600, in a 0700 folder): it holds password hashes.
 * - Changes are serialised in this process and each one re-reads the file
 *   first, so a change made meanwhile by another process (`colloquy users` on
 *   a running server's workspace) is kept, not overwritten with an old copy.
 * - Reads are cached and checked against the file's identity (inode, size,
 *   modification time) each time, so an edit by another process is seen at
 *   once while an unchanged file costs one `stat`.
 * - A damaged file is an `AccountError('damaged')`: nobody signs in, rather
 *   than the server guessing what it meant.
 *
 * Expected failures are `AccountError`s with a sentence for a person.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@colloquy/core/node';
import {
  accountNameProblem,
  accountSummary,
  normaliseRoles,
  parseAccountsFile,
  passwordProblem,
  rolesProblem,
  serialiseAccountsFile,
  type Account,
  type AccountSummary,
} from '../accounts/account.ts';
import type { Role } from '../roles/roles.ts';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParameters } from './passwordHash.ts';

/** Where a workspace keeps its accounts, relative to the workspace folder. */
export const ACCOUNTS_FILE = join('.colloquy', 'accounts.json');

export type AccountErrorCode = 'bad-name' | 'bad-roles' | 'bad-password' | 'exists' | 'not-found' | 'damaged';

export class AccountError extends Error {
  override readonly name = 'AccountError';
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface AccountStoreOptions {
  /** scrypt parameters for new hashes (default DEFAULT_SCRYPT); tests pass cheaper ones. */
  readonly hashParameters?: ScryptParameters;
  /** The clock for `created`/`updated`; default the system's. */
  readonly now?: () => Date;
}

/** Why a sign-in failed, for the audit log (the person signing in is told only "wrong account or password"). */
export type SignInFailure = 'unknown account' | 'wrong password' | 'account disabled';

export type SignInResult = { readonly ok: true; readonly account: AccountSummary } | { readonly ok: false; readonly reason: SignInFailure };

interface Snapshot {
  readonly identity: string;
  readonly accounts: readonly Account[];
}

export class AccountStore {
  readonly file: string;
  private readonly hashParameters: ScryptParameters;
  private readonly now: () => Date;
  private cached: Snapshot | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** A hash of a random password, verified when the account does not exist, so both answers take as long. */
  private decoy: Promise<Account['password']> | undefined;

  constructor(workspace: string, options: AccountStoreOptions = {}) {
    this.file = join(workspace, ACCOUNTS_FILE);
    this.hashParameters = options.hashParameters ?? DEFAULT_SCRYPT;
    this.now = options.now ?? (() => new Date());
  }

  /** Every account, by name, without password hashes. */
  async list(): Promise<AccountSummary[]> {
    return (await this.read()).map(accountSummary);
  }

  /** One account without its hash, or undefined. */
  async get(name: string): Promise<AccountSummary | undefined> {
    const account = (await this.read()).find((a) => a.name === name);
    return account && accountSummary(account);
  }

  async isEmpty(): Promise<boolean> {
    return (await this.read()).length === 0;
  }

  async add(input: { readonly name: string; readonly roles: readonly Role[]; readonly password: string }): Promise<AccountSummary> {
    check('bad-name', accountNameProblem(input.name));
    check('bad-roles', rolesProblem(input.roles));
    check('bad-password', passwordProblem(input.password));
    const password = await hashPassword(input.password, this.hashParameters);
    return this.change((accounts) => {
      if (accounts.some((a) => a.name === input.name)) throw new AccountError('exists', `There is already an account ${input.name}.`);
      const time = this.now().toISOString();
      const account: Account = { name: input.name, roles: normaliseRoles(input.roles), disabled: false, password, created: time, updated: time };
      return { accounts: [...accounts, account], result: accountSummary(account) };
    });
  }

  /** Replaces an account's roles; answers the account before and after. */
  async setRoles(name: string, roles: readonly Role[]): Promise<{ before: AccountSummary; after: AccountSummary }> {
    check('bad-roles', rolesProblem(roles));
    return this.update(name, (account) => ({ ...account, roles: normaliseRoles(roles) }));
  }

  async setDisabled(name: string, disabled: boolean): Promise<{ before: AccountSummary; after: AccountSummary }> {
    return this.update(name, (account) => ({ ...account, disabled }));
  }

  async resetPassword(name: string, password: string): Promise<{ before: AccountSummary; after: AccountSummary }> {
    check('bad-password', passwordProblem(password));
    const hash = await hashPassword(password, this.hashParameters);
    return this.update(name, (account) => ({ ...account, password: hash }));
  }

  /**
   * Checks a sign-in. Takes about as long for an account that does not exist
   * as for a wrong password (a decoy hash is verified), so timing does not say
   * which names exist. A correct password whose hash was made with weaker
   * parameters than today's is rehashed.
   */
  async signIn(name: string, password: string): Promise<SignInResult> {
    const account = (await this.read()).find((a) => a.name === name);
    if (!account) {
      await verifyPassword(password, await (this.decoy ??= hashPassword(randomBytes(24).toString('base64'), this.hashParameters)));
      return { ok: false, reason: 'unknown account' };
    }
    if (!(await verifyPassword(password, account.password))) return { ok: false, reason: 'wrong password' };
    if (account.disabled) return { ok: false, reason: 'account disabled' };
    if (needsRehash(account.password, this.hashParameters)) {
      const stronger = await hashPassword(password, this.hashParameters);
      // Only if the hash is still the one just verified: a reset meanwhile wins.
      await this.update(name, (current) => (current.password.hash === account.password.hash ? { ...current, password: stronger } : current)).catch(() => undefined);
    }
    return { ok: true, account: accountSummary(account) };
  }

  private async update(name: string, edit: (account: Account) => Account): Promise<{ before: AccountSummary; after: AccountSummary }> {
    return this.change((accounts) => {
      const index = accounts.findIndex((a) => a.name === name);
      if (index < 0) throw new AccountError('not-found', `There is no account ${printableName(name)}.`);
      const before = accounts[index]!;
      const edited = edit(before);
      const after = edited === before ? before : { ...edited, updated: this.now().toISOString() };
      const next = [...accounts];
      next[index] = after;
      return { accounts: next, result: { before: accountSummary(before), after: accountSummary(after) } };
    });
  }

  /** Runs `apply` on the accounts as they are on disk now, and writes its result; one change at a time. */
  private change<T>(apply: (accounts: readonly Account[]) => { accounts: readonly Account[]; result: T }): Promise<T> {
    const run = this.queue.then(async () => {
      this.cached = undefined;
      const { accounts, result } = apply(await this.read());
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.file, new TextEncoder().encode(serialiseAccountsFile(accounts)), undefined, { newFileMode: 0o600 });
      this.cached = undefined;
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<readonly Account[]> {
    const stats = await stat(this.file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!stats) return [];
    const identity = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    if (this.cached?.identity === identity) return this.cached.accounts;
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return [];
    const parsed = parseAccountsFile(text);
    if (!parsed.ok) throw new AccountError('damaged', `The accounts file ${this.file} cannot be read: ${parsed.reason}. Nobody can sign in until it is repaired.`);
    this.cached = { identity, accounts: parsed.file.accounts };
    return parsed.file.accounts;
  }
}

function check(code: AccountErrorCode, problem: string | undefined): void {
  if (problem) throw new AccountError(code, `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`);
}

function printableName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
}
