import { resolve } from 'node:path';
import { DEFAULT_SIGNING_KEY } from '@colloquy/governance/node';
import { createServer, DEFAULT_HOST, DEFAULT_PORT, isLoopbackHost, type DemoCredentials, type RunningServer } from '@colloquy/server';
import type { Command } from '../command.ts';
import { EXIT, UsageError } from '../io.ts';
import { workspaceFolder } from '../loadWorkspace.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Open the studio in your browser: serve it and the workspace API on this machine',
  help: `Usage: colloquy serve [dir] [--port N] [--host H] [--demo] [--audit-key PATH]

Serves the studio and its API for the workspace in [dir] (default: the current
folder) at http://${DEFAULT_HOST}:${DEFAULT_PORT}/ until you press Ctrl+C. The studio reads and
saves the files in the folder itself, so git, your editor and every open studio
see the same files, and changes made elsewhere show in the studio at once.

Everyone signs in with an account of the workspace (colloquy users), and the
server checks each request against the account's roles. It records sign-ins,
refusals and account changes in the workspace's audit log
([dir]/.colloquy/audit), which it holds while it runs.

Options:
  -p, --port N       Port to listen on (default: ${DEFAULT_PORT}; 0 picks a free port)
  --host H           Address to listen on (default: ${DEFAULT_HOST}, this machine only).
                     Sign-in travels over plain HTTP: on a network, put the server
                     behind HTTPS.
  --demo             When the workspace has no account yet, create one per role
                     (dana designer, omar ops_manager, rita rai_lead, vic viewer,
                     ada admin) with random passwords, printed here once
  --audit-key PATH   The audit log's signing key (default: [dir]/${DEFAULT_SIGNING_KEY};
                     created on first use). Keep it where the workspace's other
                     users cannot read it.
  -h, --help         Show this help

Exit codes: 0 after Ctrl+C or SIGTERM, 2 usage error (a bad option, a folder
that does not exist, a port in use, an audit log another process holds).`,
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    demo: { type: 'boolean' },
    'audit-key': { type: 'string' },
  },
  maxPositionals: 1,
  async run({ values, positionals }, io) {
    const port = parsePort(values['port']);
    const host = parseHost(values['host']);
    const root = await workspaceFolder(positionals[0], io.cwd, 'serve');
    // Listen for Ctrl+C before anything is printed: a signal that arrives with no listener kills the
    // process on the spot, and a script may send one as soon as it reads the URL.
    const signal = stopSignal();
    let server: RunningServer;
    try {
      const auditKey = values['audit-key'] as string | undefined;
      server = await createServer({
        root,
        host,
        port,
        demo: values['demo'] === true,
        ...(auditKey !== undefined ? { auditKey: resolve(io.cwd, auditKey) } : {}),
        log: (message) => void io.stderr.write(`${message}\n`),
      });
    } catch (error) {
      signal.dispose();
      throw new UsageError(`serve: ${describeStartError(error, host, port, positionals[0] ?? root)}`);
    }
    const { name, fileCount } = server.workspace;
    io.stdout.write(`Colloquy studio for ${name} (${fileCount} ${fileCount === 1 ? 'file' : 'files'}): ${server.url}\n`);
    if (!server.studioBuilt) io.stdout.write('The studio is not built yet: the page at that address says how to build it.\n');
    io.stdout.write(accountsNotice(server, values['demo'] === true));
    if (!isLoopbackHost(host)) {
      io.stderr.write(`serve: listening on ${host}: sign-in and the workspace travel unencrypted; put the server behind HTTPS on a network\n`);
    }
    io.stdout.write('Press Ctrl+C to stop.\n');
    await signal.received;
    await server.close();
    io.stdout.write('Stopped.\n');
    return EXIT.ok;
  },
};

/** What to sign in with: the demo accounts just created, or why there are none. */
function accountsNotice(server: RunningServer, demo: boolean): string {
  if (server.demoAccounts.length > 0) return formatDemoAccounts(server.demoAccounts);
  if (demo) return 'Demo accounts: not created, the workspace has accounts already (`colloquy users list` shows them).\n';
  if (!server.hasAccounts) return 'No accounts yet, so nobody can sign in: stop the server and add one with `colloquy users add NAME --role ROLE`, or start it with --demo.\n';
  return '';
}

export function formatDemoAccounts(accounts: readonly DemoCredentials[]): string {
  const width = Math.max(...accounts.map((a) => a.account.length));
  const roleWidth = Math.max(...accounts.map((a) => a.roles.join(', ').length));
  const lines = accounts.map((a) => `  ${a.account.padEnd(width)}  ${a.roles.join(', ').padEnd(roleWidth)}  ${a.password}`);
  return `Demo accounts, one per role (sign in with one; the passwords are shown only this once):\n${lines.join('\n')}\n`;
}

function parsePort(value: unknown): number {
  if (value === undefined) return DEFAULT_PORT;
  const text = String(value);
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`serve: --port must be a number from 0 to 65535, not \`${text}\``);
  return port;
}

function parseHost(value: unknown): string {
  if (value === undefined) return DEFAULT_HOST;
  const host = String(value).trim();
  if (host === '' || /[\s/]/.test(host)) throw new UsageError(`serve: --host must be an address or a host name, not \`${String(value)}\``);
  return host;
}

/** One line a person can act on for the ways listening commonly fails. */
function describeStartError(error: unknown, host: string, port: number, folder: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use; choose another with --port (0 picks a free one)`;
    case 'EACCES':
      return port < 1024 ? `not allowed to listen on port ${port} (ports below 1024 need administrator rights)` : `not allowed to read ${folder} or listen on port ${port}`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${host}: it is not an address of this machine`;
    default:
      return `cannot start the server: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * `received` resolves on the first Ctrl+C (SIGINT) or SIGTERM (also one that
 * came during start-up: the server then stops as soon as it has started). The
 * listeners are removed then, so a second Ctrl+C while closing ends the
 * process the usual way.
 */
function stopSignal(): { received: Promise<void>; dispose(): void } {
  let resolveReceived!: () => void;
  const received = new Promise<void>((resolve) => (resolveReceived = resolve));
  const dispose = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  const stop = () => {
    dispose();
    resolveReceived();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { received, dispose };
}
