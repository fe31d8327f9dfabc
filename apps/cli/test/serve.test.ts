import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, startCli } from './runCli.ts';

const folders: string[] = [];
/** A fresh copy of the mini workspace: the server writes its accounts and audit log in .colloquy/. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'colloquy-cli-serve-'));
  folders.push(root);
  cpSync(join(FIXTURES, 'mini'), root, { recursive: true });
  return root;
}

/** The demo accounts `serve --demo` printed: account → password. */
function demoPasswords(stdout: string): Map<string, string> {
  return new Map([...stdout.matchAll(/^ {2}(\w+) +[a-z_]+ +([a-z2-9]{5}(?:-[a-z2-9]{5}){3})$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** Signs in over HTTP; answers the cookie, or the status when refused. */
async function signIn(url: string, account: string, password: string): Promise<string | number> {
  const response = await fetch(new URL('api/session', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, password }) });
  return response.status === 200 ? response.headers.get('set-cookie')!.split(';')[0]! : response.status;
}

describe('colloquy serve (the real executable)', { timeout: 60_000 }, () => {
  afterEach(() => {
    for (const root of folders.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('serves the workspace API on a free port, prints the URL, and stops cleanly on SIGTERM', async () => {
    const cli = startCli(['serve', workspace(), '--port', '0', '--demo']);
    try {
      const [, url] = await cli.waitForOutput(/(http:\/\/127\.0\.0\.1:\d+\/)/);
      await cli.waitForOutput(/Press Ctrl\+C/);
      expect((await fetch(new URL('api/files', url))).status).toBe(401);
      const cookie = await signIn(url!, 'vic', demoPasswords(cli.output()).get('vic')!);
      const response = await fetch(new URL('api/files', url), { headers: { cookie: String(cookie) } });
      expect(response.status).toBe(200);
      const { files } = (await response.json()) as { files: { path: string }[] };
      expect(files.map((f) => f.path)).toEqual(['agent.yaml', 'flows/card_lost.flow.yaml', 'rules/freeze_policy.rules.yaml', 'tests/card_lost.test.yaml']);
      const run = await cli.stop('SIGTERM');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Colloquy studio for Mini Bank \(4 files\): http:\/\/127\.0\.0\.1:\d+\/$/m);
      expect(run.stdout).toContain('Stopped.');
      expect(run.stderr).toBe('');
      await expect(fetch(new URL('api/files', url))).rejects.toThrow();
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('stops cleanly on Ctrl+C (SIGINT)', async () => {
    const cli = startCli(['serve', workspace(), '-p', '0']);
    try {
      await cli.waitForOutput(/Press Ctrl\+C to stop/);
      const run = await cli.stop('SIGINT');
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('--demo creates one account per role on a workspace without accounts, prints each password once, and each signs in', async () => {
    const root = workspace();
    const first = startCli(['serve', root, '--port', '0', '--demo']);
    let passwords: Map<string, string>;
    try {
      const [, url] = await first.waitForOutput(/(http:\/\/127\.0\.0\.1:\d+\/)/);
      await first.waitForOutput(/Press Ctrl\+C/);
      expect(first.output()).toMatch(/^Demo accounts, one per role \(sign in with one; the passwords are shown only this once\):\n {2}dana +designer +\S+\n {2}omar +ops_manager +\S+\n {2}rita +rai_lead +\S+\n {2}vic +viewer +\S+\n {2}ada +admin +\S+$/m);
      passwords = demoPasswords(first.output());
      expect([...passwords.keys()]).toEqual(['dana', 'omar', 'rita', 'vic', 'ada']);
      expect(new Set(passwords.values()).size).toBe(5);
      for (const [account, password] of passwords) expect(await signIn(url!, account, password), account).toMatch(/^colloquy_session=/);
      expect(await signIn(url!, 'dana', passwords.get('omar')!)).toBe(401);
    } finally {
      expect((await first.stop('SIGTERM')).code).toBe(0);
    }
    // Stored as hashes only; created and signed in on the record
    const accounts = readFileSync(join(root, '.colloquy', 'accounts.json'), 'utf8');
    for (const password of passwords.values()) expect(accounts).not.toContain(password);
    const log = readFileSync(join(root, '.colloquy', 'audit', 'log.jsonl'), 'utf8');
    expect(log.match(/"action":"account\.created"[^\n]*"demo":true/g)).toHaveLength(5);
    expect(log.match(/"action":"auth\.login"/g)).toHaveLength(5);
    for (const password of passwords.values()) expect(log).not.toContain(password);

    // Started again with --demo: the accounts stay as they are, no password is shown
    const second = startCli(['serve', root, '--port', '0', '--demo']);
    try {
      const [, url] = await second.waitForOutput(/(http:\/\/127\.0\.0\.1:\d+\/)/);
      await second.waitForOutput(/Press Ctrl\+C/);
      expect(second.output()).toMatch(/Demo accounts: not created, the workspace has accounts already/);
      expect(demoPasswords(second.output()).size).toBe(0);
      expect(await signIn(url!, 'rita', passwords.get('rita')!)).toMatch(/^colloquy_session=/);
    } finally {
      expect((await second.stop('SIGTERM')).code).toBe(0);
    }
  });

  it('says when nobody can sign in, keeps the key where --audit-key says, and refuses a second server on the same log', async () => {
    const root = workspace();
    const key = join(mkdtempSync(join(tmpdir(), 'colloquy-key-')), 'audit.key');
    folders.push(join(key, '..'));
    const cli = startCli(['serve', root, '--port', '0', '--audit-key', key]);
    try {
      await cli.waitForOutput(/Press Ctrl\+C/);
      expect(cli.output()).toMatch(/No accounts yet, so nobody can sign in: stop the server and add one with `colloquy users add NAME --role ROLE`, or start it with --demo\./);
      expect(existsSync(key)).toBe(true);
      expect(existsSync(join(root, '.colloquy', 'keys'))).toBe(false);
      const second = await runCli(['serve', root, '--port', '0']);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/^colloquy serve: cannot start the server: the audit log in .* is open for writing by process \d+/);
    } finally {
      expect((await cli.stop('SIGTERM')).code).toBe(0);
    }
  });

  it('documents itself in --help', async () => {
    const run = await runCli(['serve', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: colloquy serve \[dir\] \[--port N\] \[--host H\] \[--demo\] \[--audit-key PATH\]/);
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}serve +Open the studio/m);
  });

  it('refuses bad options, a missing folder and a port in use with one line and exit 2', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = String((blocker.address() as { port: number }).port);
    try {
      for (const [args, message] of [
        [['serve', 'mini', '--port', 'abc'], /--port must be a number from 0 to 65535/],
        [['serve', 'mini', '--port', '70000'], /--port must be a number/],
        [['serve', 'mini', '--port'], /needs a value/],
        [['serve', 'mini', '--host', ''], /--host must be/],
        [['serve', 'mini', '--bogus'], /unknown option `--bogus`/],
        [['serve', 'does-not-exist', '--port', '0'], /no such folder: does-not-exist/],
        [['serve', 'mini', 'extra'], /unexpected argument/],
        [['serve', workspace(), '--port', busy], new RegExp(`port ${busy} is already in use`)],
      ] as const) {
        const run = await runCli(args);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
        expect(run.stderr, args.join(' ')).toMatch(message);
        expect(run.stdout, args.join(' ')).toBe('');
      }
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
