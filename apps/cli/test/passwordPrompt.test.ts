/**
 * The password prompt on a real terminal: `colloquy users` run under
 * script(1), which gives it a pseudo-terminal, as a person at a shell would.
 * What is typed must never appear on the screen.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, FIXTURES } from './runCli.ts';

const SCRIPT = '/usr/bin/script'; // util-linux's, in Debian's essential bsdutils package
const folders: string[] = [];
afterEach(() => {
  for (const root of folders.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Runs `colloquy args` on a pseudo-terminal, typing each answer once the screen shows its prompt. */
function onTerminal(args: readonly string[], answers: readonly { after: RegExp; type: string }[]): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn(SCRIPT, ['-q', '-e', '-c', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let next = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk;
    while (next < answers.length && answers[next]!.after.test(screen)) child.stdin.write(answers[next++]!.type);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, screen }))));
}

describe.runIf(existsSync(SCRIPT) || process.env['CI'] === 'true')('the password prompt on a terminal', { timeout: 60_000 }, () => {
  it('asks twice without echo, and refuses two different answers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'colloquy-cli-tty-'));
    folders.push(root);
    cpSync(join(FIXTURES, 'mini'), root, { recursive: true });
    const secret = 'typed on a terminal, never shown';
    const ok = await onTerminal(['users', 'add', 'tess', root, '--role', 'viewer'], [
      { after: /New password for tess: $/, type: `${secret}\r` },
      { after: /Type it again: $/, type: `${secret.slice(0, -1)}X\u007fn\r` }, // a typo, rubbed out
    ]);
    expect(ok.screen).toMatch(/Added tess \(viewer\)\./);
    expect(ok.code).toBe(0);
    expect(ok.screen).not.toContain('typed on');
    expect(readFileSync(join(root, '.colloquy', 'accounts.json'), 'utf8')).toMatch(/"name": "tess"/);

    const mismatch = await onTerminal(['users', 'reset-password', 'tess', root], [
      { after: /New password for tess: $/, type: 'first answer, quite long\r' },
      { after: /Type it again: $/, type: 'second answer, quite long\r' },
    ]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.screen).toMatch(/the two passwords differ; nothing was changed/);
    expect(mismatch.screen).not.toMatch(/answer, quite long/);
  });
});
