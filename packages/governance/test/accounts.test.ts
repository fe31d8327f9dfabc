import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountNameProblem, parseAccountsFile, passwordProblem, rolesProblem, serialiseAccountsFile, type Account } from '../src/accounts/account.ts';
import { ACCOUNTS_FILE, AccountError, AccountStore } from '../src/node/AccountStore.ts';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParameters } from '../src/node/passwordHash.ts';

/** Cheap parameters: the properties under test do not depend on the cost. */
const FAST: ScryptParameters = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };
const PASSWORD = 'correct horse battery staple';

const folders: string[] = [];
async function workspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'colloquy-accounts-'));
  folders.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('account names, roles and passwords', () => {
  it('accepts plain lower-case names and refuses everything else with a reason', () => {
    for (const name of ['dana', 'omar.k', 'rita_2', 'a', `a${'b'.repeat(63)}`]) expect(accountNameProblem(name), name).toBeUndefined();
    for (const name of ['', 'Dana', '2dana', 'da na', 'dana/..', 'ünïcode', 'dana\u0000', `a${'b'.repeat(64)}`, 42, null, undefined]) {
      expect(accountNameProblem(name), String(name)).toMatch(/account name/);
    }
  });

  it('needs at least one known role, each once', () => {
    expect(rolesProblem(['designer', 'ops_manager'])).toBeUndefined();
    expect(rolesProblem([])).toMatch(/at least one role/);
    expect(rolesProblem('designer')).toMatch(/at least one role/);
    expect(rolesProblem(['superuser'])).toMatch(/`superuser` is not a role; the roles are designer, ops_manager, rai_lead, viewer, admin/);
    expect(rolesProblem(['viewer', 'viewer'])).toMatch(/twice/);
  });

  it('wants passwords of 15 to 1,024 characters, counted as characters, and not only spaces', () => {
    expect(passwordProblem(PASSWORD)).toBeUndefined();
    expect(passwordProblem('short')).toMatch(/at least 15 characters/);
    expect(passwordProblem('🔑'.repeat(15))).toBeUndefined(); // 30 UTF-16 units, 15 characters
    expect(passwordProblem('🔑'.repeat(14))).toMatch(/at least 15/);
    expect(passwordProblem(' '.repeat(20))).toMatch(/only spaces/);
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most 1024/);
    expect(passwordProblem(undefined)).toMatch(/required/);
  });
});

describe('password hashing (scrypt)', () => {
  it('never stores the password, salts each hash, and verifies only the right password', async () => {
    const first = await hashPassword(PASSWORD, FAST);
    const second = await hashPassword(PASSWORD, FAST);
    expect(JSON.stringify(first)).not.toContain(PASSWORD);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(Buffer.from(first.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(first.hash, 'base64')).toHaveLength(32);
    expect(await verifyPassword(PASSWORD, first)).toBe(true);
    expect(await verifyPassword(PASSWORD, second)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, first)).toBe(false);
    expect(await verifyPassword(PASSWORD.toUpperCase(), first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('stores the parameters with the hash and verifies with them, so the defaults can be raised later', async () => {
    const old = await hashPassword(PASSWORD, FAST);
    expect(old).toMatchObject({ algorithm: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32 });
    expect(needsRehash(old, DEFAULT_SCRYPT)).toBe(true);
    expect(needsRehash(old, FAST)).toBe(false);
    // A hash made with other parameters still verifies: they come from the record, not the defaults.
    expect(await verifyPassword(PASSWORD, old)).toBe(true);
    const tampered = { ...old, N: 2048 };
    expect(await verifyPassword(PASSWORD, tampered)).toBe(false);
  });

  it("uses OWASP's parameters by default (N = 2^17, r = 8, p = 1), which Node accepts", async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1, keyLength: 32 });
    const hash = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(needsRehash(hash)).toBe(false);
  });

  it('treats the same password typed in two Unicode forms as the same password (NFKC)', async () => {
    const composed = 'café au lait, très chaud';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed, FAST))).toBe(true);
  });
});

describe('AccountStore', () => {
  it('adds accounts to .colloquy/accounts.json (0600) with hashes only, and signs in with the right password only', async () => {
    const root = await workspace();
    const store = new AccountStore(root, { hashParameters: FAST, now: () => new Date('2026-11-23T10:00:00Z') });
    expect(await store.isEmpty()).toBe(true);
    const added = await store.add({ name: 'dana', roles: ['designer'], password: PASSWORD });
    expect(added).toEqual({ name: 'dana', roles: ['designer'], disabled: false, created: '2026-11-23T10:00:00.000Z', updated: '2026-11-23T10:00:00.000Z' });
    const file = join(root, ACCOUNTS_FILE);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain('"algorithm": "scrypt"');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, '.colloquy')).mode & 0o777).toBe(0o700);

    expect(await store.signIn('dana', PASSWORD)).toEqual({ ok: true, account: added });
    expect(await store.signIn('dana', 'wrong password, quite long')).toEqual({ ok: false, reason: 'wrong password' });
    expect(await store.signIn('nobody', PASSWORD)).toEqual({ ok: false, reason: 'unknown account' });
    // Another store (another process) reads the same file
    expect(await new AccountStore(root).list()).toEqual([added]);
  });

  it('refuses bad names, roles and passwords, duplicates and unknown accounts with AccountErrors', async () => {
    const store = new AccountStore(await workspace(), { hashParameters: FAST });
    await store.add({ name: 'dana', roles: ['designer'], password: PASSWORD });
    const failure = async (promise: Promise<unknown>) => {
      const error = await promise.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(AccountError);
      return error as AccountError;
    };
    expect((await failure(store.add({ name: 'Dana', roles: ['designer'], password: PASSWORD }))).code).toBe('bad-name');
    expect((await failure(store.add({ name: 'eve', roles: [], password: PASSWORD }))).code).toBe('bad-roles');
    expect((await failure(store.add({ name: 'eve', roles: ['viewer'], password: 'short' }))).code).toBe('bad-password');
    const duplicate = await failure(store.add({ name: 'dana', roles: ['viewer'], password: PASSWORD }));
    expect([duplicate.code, duplicate.message]).toEqual(['exists', 'There is already an account dana.']);
    expect((await failure(store.setRoles('ghost', ['viewer']))).code).toBe('not-found');
    expect((await failure(store.resetPassword('dana', 'short'))).code).toBe('bad-password');
    expect((await store.list()).map((a) => a.name)).toEqual(['dana']);
  });

  it('changes roles (kept in ROLES order), disables and re-enables, and resets passwords', async () => {
    let clock = Date.parse('2026-11-23T10:00:00Z');
    const store = new AccountStore(await workspace(), { hashParameters: FAST, now: () => new Date((clock += 60_000)) });
    await store.add({ name: 'omar', roles: ['ops_manager'], password: PASSWORD });
    const { before, after } = await store.setRoles('omar', ['rai_lead', 'ops_manager']);
    expect(before.roles).toEqual(['ops_manager']);
    expect(after.roles).toEqual(['ops_manager', 'rai_lead']);
    expect(after.updated > before.updated).toBe(true);

    await store.setDisabled('omar', true);
    expect(await store.signIn('omar', PASSWORD)).toEqual({ ok: false, reason: 'account disabled' });
    // A disabled account with a wrong password is just a wrong password: nothing said about the account
    expect(await store.signIn('omar', 'not the password at all')).toEqual({ ok: false, reason: 'wrong password' });
    await store.setDisabled('omar', false);
    expect((await store.signIn('omar', PASSWORD)).ok).toBe(true);

    await store.resetPassword('omar', 'a brand new passphrase');
    expect(await store.signIn('omar', PASSWORD)).toEqual({ ok: false, reason: 'wrong password' });
    expect((await store.signIn('omar', 'a brand new passphrase')).ok).toBe(true);
  });

  it('rehashes a password made with weaker parameters at the next sign-in', async () => {
    const root = await workspace();
    await new AccountStore(root, { hashParameters: FAST }).add({ name: 'rita', roles: ['rai_lead'], password: PASSWORD });
    const stronger: ScryptParameters = { N: 2 ** 11, r: 8, p: 1, keyLength: 32 };
    const store = new AccountStore(root, { hashParameters: stronger });
    const before = JSON.parse(readFileSync(join(root, ACCOUNTS_FILE), 'utf8')).accounts[0].password;
    expect(before.N).toBe(1024);
    expect((await store.signIn('rita', PASSWORD)).ok).toBe(true);
    const after = JSON.parse(readFileSync(join(root, ACCOUNTS_FILE), 'utf8')).accounts[0].password;
    expect(after.N).toBe(2048);
    expect(after.salt).not.toBe(before.salt);
    expect((await store.signIn('rita', PASSWORD)).ok).toBe(true);
  });

  it("keeps another process's change: every change re-reads the file first, and reads see edits at once", async () => {
    const root = await workspace();
    const server = new AccountStore(root, { hashParameters: FAST });
    const cli = new AccountStore(root, { hashParameters: FAST });
    await server.add({ name: 'dana', roles: ['designer'], password: PASSWORD });
    expect((await server.list()).map((a) => a.name)).toEqual(['dana']); // cached now
    await cli.add({ name: 'vic', roles: ['viewer'], password: PASSWORD });
    expect((await server.list()).map((a) => a.name)).toEqual(['dana', 'vic']);
    await server.add({ name: 'ada', roles: ['admin'], password: PASSWORD });
    expect((await cli.list()).map((a) => a.name)).toEqual(['ada', 'dana', 'vic']);
    await cli.setDisabled('dana', true);
    expect(await server.signIn('dana', PASSWORD)).toEqual({ ok: false, reason: 'account disabled' });
  });

  it('runs concurrent changes one after the other, losing none', async () => {
    const store = new AccountStore(await workspace(), { hashParameters: FAST });
    await Promise.all(['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((name) => store.add({ name, roles: ['viewer'], password: PASSWORD })));
    expect((await store.list()).map((a) => a.name)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
  });

  it('refuses to guess when the file is damaged: nobody signs in, and the message names the file', async () => {
    const root = await workspace();
    const store = new AccountStore(root, { hashParameters: FAST });
    await store.add({ name: 'dana', roles: ['designer'], password: PASSWORD });
    const file = join(root, ACCOUNTS_FILE);
    const good = readFileSync(file, 'utf8');
    for (const [damage, reason] of [
      ['{ not json', /not JSON/],
      ['{"version":2,"accounts":[]}', /version is 2/],
      [good.replace('"designer"', '"god"'), /`god` is not a role/],
      [good.replace('"N": 1024', '"N": 1073741824'), /power of two up to 2\^20/],
      [good.replace('"algorithm": "scrypt"', '"algorithm": "md5"'), /not scrypt/],
    ] as const) {
      writeFileSync(file, damage);
      const error = await store.signIn('dana', PASSWORD).then(() => undefined, (e: unknown) => e as AccountError);
      expect(error?.code, damage.slice(0, 40)).toBe('damaged');
      expect(error?.message).toMatch(reason);
      expect(error?.message).toContain(file);
    }
  });

  it('parses what it serialises, sorted by name, byte for byte', async () => {
    const hash = await hashPassword(PASSWORD, FAST);
    const account = (name: string): Account => ({ name, roles: ['viewer', 'designer'], disabled: false, password: hash, created: '2026-11-23T10:00:00.000Z', updated: '2026-11-23T10:00:00.000Z' });
    const text = serialiseAccountsFile([account('zed'), account('amy')]);
    const parsed = parseAccountsFile(text);
    expect(parsed.ok && parsed.file.accounts.map((a) => [a.name, a.roles])).toEqual([
      ['amy', ['designer', 'viewer']],
      ['zed', ['designer', 'viewer']],
    ]);
    expect(parsed.ok && serialiseAccountsFile(parsed.file.accounts)).toBe(text);
    expect(parseAccountsFile(text.replace('"zed"', '"amy"'))).toEqual({ ok: false, reason: 'the account amy is listed twice' });
  });
});
