import { createServer as createNetServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './runCli.ts';

describe('colloquy serve (the real executable)', { timeout: 60_000 }, () => {
  it('serves the workspace API on a free port, prints the URL, and stops cleanly on SIGTERM', async () => {
    const cli = startCli(['serve', 'mini', '--port', '0']);
    try {
      const [, url] = await cli.waitForOutput(/(http:\/\/127\.0\.0\.1:\d+\/)/);
      const response = await fetch(new URL('api/files', url));
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
    const cli = startCli(['serve', 'mini', '-p', '0']);
    try {
      await cli.waitForOutput(/Press Ctrl\+C to stop/);
      const run = await cli.stop('SIGINT');
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('documents itself in --help', async () => {
    const run = await runCli(['serve', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: colloquy serve \[dir\] \[--port N\] \[--host H\]/);
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
        [['serve', 'mini', '--port', busy], new RegExp(`port ${busy} is already in use`)],
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
