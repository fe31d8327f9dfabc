import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { isRole, ROLES, type AccountSummary, type AuditEntry, type JsonValue, type Role } from '@colloquy/governance';
import { AccountError, AccountStore, AuditLogBusyError, DEFAULT_SIGNING_KEY, openWorkspaceAuditLog, type FileAuditLog } from '@colloquy/governance/node';
import type { Command } from '../command.ts';
import { formatOption } from '../command.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { workspaceFolder } from '../loadWorkspace.ts';
import { newPassword, type TerminalInput } from '../passwordInput.ts';

const ACTIONS = ['add', 'list', 'roles', 'disable', 'enable', 'reset-password'] as const;
type Action = (typeof ACTIONS)[number];

export const usersCommand: Command = {
  name: 'users',
  summary: "Manage the workspace's accounts: add, list, change roles, disable, reset passwords",
  help: `Usage: colloquy users add NAME [dir] --role ROLE [--role ROLE]... [--password-stdin]
       colloquy users list [dir] [--format pretty|json]
       colloquy users roles NAME [dir] --role ROLE [--role ROLE]...
       colloquy users disable NAME [dir]
       colloquy users enable NAME [dir]
       colloquy users reset-password NAME [dir] [--password-stdin]

Accounts sign in to the studio. They live in [dir]/.colloquy/accounts.json
(default dir: the current folder), passwords only as scrypt hashes. Every change
is recorded in the workspace's audit log (account.created, account.roles_changed,
account.disabled, account.enabled, account.password_reset), never a password.

A password is asked for on the terminal, twice, without echo; scripts pipe it in
with --password-stdin. It needs at least 15 characters (a few words make a good one).
Disabling an account or resetting its password signs it out everywhere.

Roles: ${ROLES.join(', ')} (an account may hold several).

While \`colloquy serve\` runs on the workspace it holds the audit log: change
accounts from the studio as an administrator (the accounts API), or stop it first.

Options:
  --role ROLE         A role of the account (repeatable): add, roles
  --password-stdin    Read the password from standard input instead of the terminal
  --audit-key PATH    The audit log's signing key (default: [dir]/${DEFAULT_SIGNING_KEY})
  --format pretty|json  Output of list (default: pretty)
  -h, --help          Show this help

Exit codes: 0 done, 2 usage error (an unknown account or role, a weak password,
the audit log held by a running server).`,
  options: {
    role: { type: 'string', multiple: true },
    'password-stdin': { type: 'boolean' },
    'audit-key': { type: 'string' },
    format: { type: 'string' },
  },
  maxPositionals: 3,
  async run({ values, positionals }, io) {
    const [action, ...rest] = positionals;
    if (!ACTIONS.includes(action as Action)) {
      throw new UsageError(action === undefined ? `users: say what to do: ${ACTIONS.join(', ')} (see --help)` : `users: unknown action \`${action}\`; use ${ACTIONS.join(', ')}`);
    }
    if (action === 'list') {
      if (rest.length > 1) throw new UsageError(`users list: unexpected argument \`${rest[1]}\``);
      const format = formatOption(values['format'], ['pretty', 'json'] as const, 'users list');
      const root = await workspaceFolder(rest[0], io.cwd, 'users');
      const accounts = await accountStore(root).list().catch(describeAccountError('list'));
      io.stdout.write(format === 'json' ? `${JSON.stringify({ accounts }, null, 2)}\n` : formatList(accounts));
      return EXIT.ok;
    }
    const [name, dir] = rest;
    if (name === undefined) throw new UsageError(`users ${action}: say which account: colloquy users ${action} NAME [dir]`);
    const roles = parseRoles(values['role'] as string[] | undefined, action as Action);
    const root = await workspaceFolder(dir, io.cwd, 'users');
    const store = accountStore(root);
    // The log first: if a server holds it, nothing is changed.
    const log = await openLog(root, values['audit-key'] as string | undefined, io.cwd, action as Action);
    try {
      const password = action === 'add' || action === 'reset-password' ? await newPassword({ fromStdin: values['password-stdin'] === true, stdin: io.stdin as TerminalInput, prompt: io.stderr, account: name }) : undefined;
      const message = await change(action as Exclude<Action, 'list'>, { store, log, name, roles, password });
      io.stdout.write(`${message}\n`);
      return EXIT.ok;
    } finally {
      await log.close();
    }
  },
};

interface ChangeInput {
  readonly store: AccountStore;
  readonly log: FileAuditLog;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly password: string | undefined;
}

/** Makes the change, records it, and answers the line to print. */
async function change(action: Exclude<Action, 'list'>, { store, log, name, roles, password }: ChangeInput): Promise<string> {
  const describe = describeAccountError(action);
  const record = (entry: Pick<AuditEntry, 'action'> & { details: { [key: string]: JsonValue } }) =>
    log.append({ actor: { account: null, role: null }, action: entry.action, details: { ...entry.details, via: 'cli', osUser: osUser() } });
  switch (action) {
    case 'add': {
      const account = await store.add({ name, roles, password: password! }).catch(describe);
      await record({ action: 'account.created', details: { account: name, roles: [...account.roles] } });
      return `Added ${name} (${account.roles.join(', ')}).`;
    }
    case 'roles': {
      const { before, after } = await store.setRoles(name, roles).catch(describe);
      if (before.roles.join() === after.roles.join()) return `${name} already has the roles ${after.roles.join(', ')}.`;
      await record({ action: 'account.roles_changed', details: { account: name, before: [...before.roles], after: [...after.roles] } });
      return `${name}: ${before.roles.join(', ')} → ${after.roles.join(', ')}.`;
    }
    case 'disable':
    case 'enable': {
      const disabled = action === 'disable';
      const { before } = await store.setDisabled(name, disabled).catch(describe);
      if (before.disabled === disabled) return `${name} is already ${disabled ? 'disabled' : 'enabled'}.`;
      await record({ action: disabled ? 'account.disabled' : 'account.enabled', details: { account: name } });
      return disabled ? `Disabled ${name}: it cannot sign in, and its sessions end at its next request.` : `Enabled ${name}.`;
    }
    case 'reset-password': {
      await store.resetPassword(name, password!).catch(describe);
      await record({ action: 'account.password_reset', details: { account: name } });
      return `Reset the password of ${name}: its sessions end at its next request.`;
    }
  }
}

function accountStore(root: string): AccountStore {
  return new AccountStore(root);
}

async function openLog(root: string, auditKey: string | undefined, cwd: string, action: Action): Promise<FileAuditLog> {
  try {
    return await openWorkspaceAuditLog(root, auditKey !== undefined ? { keyPath: resolve(cwd, auditKey) } : {});
  } catch (error) {
    if (error instanceof AuditLogBusyError) {
      throw new UsageError(`users ${action}: ${error.message}. Change accounts from the studio as an administrator while it runs, or stop it first; nothing was changed`);
    }
    throw new UsageError(`users ${action}: cannot open the audit log: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseRoles(given: readonly string[] | undefined, action: Action): Role[] {
  const needsRoles = action === 'add' || action === 'roles';
  if (!needsRoles) {
    if (given?.length) throw new UsageError(`users ${action}: --role is for add and roles`);
    return [];
  }
  if (!given?.length) throw new UsageError(`users ${action}: give the account at least one --role (${ROLES.join(', ')})`);
  const roles = given.flatMap((value) => value.split(',')).map((role) => role.trim());
  for (const role of roles) if (!isRole(role)) throw new UsageError(`users ${action}: \`${role}\` is not a role; the roles are ${ROLES.join(', ')}`);
  return [...new Set(roles)] as Role[];
}

/** Turns an AccountError into a usage error (exit 2) with the store's sentence. */
function describeAccountError(action: string) {
  return (error: unknown): never => {
    if (error instanceof AccountError) throw new UsageError(`users ${action}: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1).replace(/\.$/, '')}`);
    throw error;
  };
}

function formatList(accounts: readonly AccountSummary[]): string {
  if (accounts.length === 0) return 'No accounts yet: add one with `colloquy users add NAME --role ROLE`, or start `colloquy serve --demo`.\n';
  const width = Math.max(...accounts.map((a) => a.name.length));
  return `${accounts.map((a) => `${a.name.padEnd(width)}  ${a.roles.join(', ')}${a.disabled ? '  (disabled)' : ''}`).join('\n')}\n`;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
