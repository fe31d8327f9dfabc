import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '@colloquy/governance';
import { FIXTURES, runCli, startCli } from './runCli.ts';

const folders: string[] = [];
/** A fresh copy of the mini workspace: serve and users write .colloquy/ in it. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'colloquy-cli-users-'));
  folders.push(root);
  cpSync(join(FIXTURES, 'mini'), root, { recursive: true });
  return root;
}
afterEach(() => {
  for (const root of folders.splice(0)) rmSync(root, { recursive: true, force: true });
});

const auditRecords = (root: string): AuditRecord[] =>
  readFileSync(join(root, '.colloquy', 'audit', 'log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord);

const PASSWORD = 'omar signs in with this';

describe('colloquy users (the real executable)', { timeout: 120_000 }, () => {
  it('adds an account with a password from stdin: only a scrypt hash on disk, the change in the audit log', async () => {
    const root = workspace();
    const run = await runCli(['users', 'add', 'omar', root, '--role', 'ops_manager', '--role', 'rai_lead', '--password-stdin'], { input: `${PASSWORD}\n` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Added omar (ops_manager, rai_lead).\n');
    const file = readFileSync(join(root, '.colloquy', 'accounts.json'), 'utf8');
    expect(file).not.toContain(PASSWORD);
    expect(JSON.parse(file).accounts[0]).toMatchObject({ name: 'omar', roles: ['ops_manager', 'rai_lead'], disabled: false, password: { algorithm: 'scrypt', N: 131072 } });
    const [record] = auditRecords(root);
    expect(record).toMatchObject({ action: 'account.created', actor: { account: null, role: null }, details: { account: 'omar', roles: ['ops_manager', 'rai_lead'], via: 'cli' } });
    expect(JSON.stringify(auditRecords(root))).not.toContain(PASSWORD);
    // The key was made on first use, where the server and `audit` look for it
    expect(existsSync(join(root, '.colloquy', 'keys', 'audit-ed25519.key'))).toBe(true);

    const list = await runCli(['users', 'list', root]);
    expect(list.stdout).toBe('omar  ops_manager, rai_lead\n');
    const json = JSON.parse((await runCli(['users', 'list', root, '--format', 'json'])).stdout) as { accounts: Record<string, unknown>[] };
    expect(json.accounts).toEqual([{ name: 'omar', roles: ['ops_manager', 'rai_lead'], disabled: false, created: expect.any(String), updated: expect.any(String) }]);
  });

  it('changes roles, disables, enables and resets a password, each recorded, and the log verifies', async () => {
    const root = workspace();
    await runCli(['users', 'add', 'dana', root, '--role', 'designer', '--password-stdin'], { input: 'dana has a long password' });
    for (const [args, output, input] of [
      [['roles', 'dana', root, '--role', 'designer,viewer'], 'dana: designer → designer, viewer.\n', ''],
      [['roles', 'dana', root, '--role', 'viewer', '--role', 'designer'], 'dana already has the roles designer, viewer.\n', ''],
      [['disable', 'dana', root], 'Disabled dana: it cannot sign in, and its sessions end at its next request.\n', ''],
      [['disable', 'dana', root], 'dana is already disabled.\n', ''],
      [['enable', 'dana', root], 'Enabled dana.\n', ''],
      [['reset-password', 'dana', root, '--password-stdin'], 'Reset the password of dana: its sessions end at its next request.\n', 'dana has a new long password\r\n'],
    ] as const) {
      const run = await runCli(['users', ...args], { input });
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.stdout, args.join(' ')).toBe(output);
      expect(run.code).toBe(0);
    }
    expect(auditRecords(root).map((r) => [r.action, r.details?.['account']])).toEqual([
      ['account.created', 'dana'],
      ['account.roles_changed', 'dana'],
      ['account.disabled', 'dana'],
      ['account.enabled', 'dana'],
      ['account.password_reset', 'dana'],
    ]);
    expect(auditRecords(root)[1]!.details).toMatchObject({ before: ['designer'], after: ['designer', 'viewer'] });
    const verify = await runCli(['audit', 'verify', root]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/5 records verify/);
  });

  it('refuses mistakes with one line and exit 2, changing nothing', async () => {
    const root = workspace();
    await runCli(['users', 'add', 'dana', root, '--role', 'designer', '--password-stdin'], { input: 'dana has a long password' });
    for (const [args, input, message] of [
      [['users'], '', /say what to do: add, list, roles, disable, enable, reset-password/],
      [['users', 'remove', 'dana', root], '', /unknown action `remove`/],
      [['users', 'add', root], '', /give the account at least one --role/],
      [['users', 'add', 'eve', root, '--password-stdin'], 'eve has a long password', /give the account at least one --role \(designer, ops_manager, rai_lead, viewer, admin\)/],
      [['users', 'add', 'eve', root, '--role', 'superuser', '--password-stdin'], 'eve has a long password', /`superuser` is not a role/],
      [['users', 'add', 'eve', root, '--role', 'viewer', '--password-stdin'], 'short', /a password needs at least 15 characters/],
      [['users', 'add', 'Eve Smith', root, '--role', 'viewer', '--password-stdin'], 'eve has a long password', /is not an account name/],
      [['users', 'add', 'dana', root, '--role', 'viewer', '--password-stdin'], 'dana has a long password', /there is already an account dana/],
      [['users', 'add', 'eve', root, '--role', 'viewer'], '', /no terminal to ask for the password on: pipe it in with --password-stdin/],
      [['users', 'disable', 'ghost', root], '', /there is no account ghost/],
      [['users', 'disable', 'dana', root, '--role', 'viewer'], '', /--role is for add and roles/],
      [['users', 'list', root, '--format', 'xml'], '', /unknown format `xml`/],
      [['users', 'list', join(root, 'nope')], '', /no such folder/],
    ] as const) {
      const run = await runCli(args, { input });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    expect((await runCli(['users', 'list', root])).stdout).toBe('dana  designer\n');
    expect(auditRecords(root)).toHaveLength(1);
  });

  it('documents itself in --help and in the command list', async () => {
    const help = await runCli(['users', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: colloquy users add NAME \[dir\] --role ROLE/);
    expect(help.stdout).toMatch(/--password-stdin/);
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}users +Manage the workspace's accounts/m);
  });

  it('while a server holds the audit log, changes nothing and says to use the studio or stop it', async () => {
    const root = workspace();
    const cli = startCli(['serve', root, '--port', '0', '--demo']);
    try {
      await cli.waitForOutput(/Press Ctrl\+C to stop/);
      const run = await runCli(['users', 'add', 'eve', root, '--role', 'viewer', '--password-stdin'], { input: 'eve has a long password' });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/is open for writing by process \d+ .*Change accounts from the studio as an administrator while it runs, or stop it first; nothing was changed/);
      expect((await runCli(['users', 'list', root])).stdout).not.toMatch(/eve/);
    } finally {
      expect((await cli.stop('SIGTERM')).code).toBe(0);
    }
  });
});
