/**
 * Accounts, for administrators (`accounts.manage`): the same operations as
 * `colloquy users`, for a server that is running (which holds the audit log,
 * so the CLI cannot record changes meanwhile).
 *
 * - `GET /api/accounts` → `{ accounts }` (names, roles, disabled, times; never a hash).
 * - `POST /api/accounts` `{ account, roles, password }` → 201, the account.
 * - `PATCH /api/accounts/:name` `{ roles?, disabled?, password? }` → the account.
 *   Disabling it or resetting its password ends its sessions.
 *
 * Each change is in the audit log (`account.created`, `account.roles_changed`
 * with before and after, `account.disabled`, `account.enabled`,
 * `account.password_reset`; never a password) before the answer. A change
 * that would leave no enabled administrator is refused (409): nobody could
 * manage accounts from the studio any more.
 */
import type { AccountSummary, AuditEntry, JsonValue } from '@colloquy/governance';
import type { FastifyInstance } from 'fastify';
import { actingRole, principalOf } from '../auth/authGuard.ts';
import { LastAdminError } from '../auth/LastAdminError.ts';
import type { ServerContext } from './context.ts';
import { accountParams, createAccountBody, updateAccountBody, type AccountParams, type CreateAccountBody, type UpdateAccountBody } from './schemas.ts';

export function registerAccountRoutes(app: FastifyInstance, { accounts, sessions, audit }: ServerContext): void {
  app.get('/api/accounts', async (_request, reply) => reply.header('cache-control', 'no-store').send({ accounts: await accounts.list() }));

  app.post<{ Body: CreateAccountBody }>('/api/accounts', { schema: { body: createAccountBody } }, async (request, reply) => {
    const principal = principalOf(request);
    const { account: name, roles, password } = request.body;
    const created = await accounts.add({ name, roles, password });
    await audit.append(record(principal.account, actingRole(principal, 'accounts.manage'), 'account.created', { account: created.name, roles: [...created.roles] }));
    return reply.code(201).send(created);
  });

  app.patch<{ Params: AccountParams; Body: UpdateAccountBody }>('/api/accounts/:name', { schema: { params: accountParams, body: updateAccountBody } }, async (request) => {
    const principal = principalOf(request);
    const role = actingRole(principal, 'accounts.manage');
    const { name } = request.params;
    const { roles, disabled, password } = request.body;
    if ((roles && !roles.includes('admin')) || disabled === true) await refuseLastAdmin(accounts, name);
    let current: AccountSummary | undefined;
    if (roles) {
      const { before, after } = await accounts.setRoles(name, roles);
      current = after;
      if (before.roles.join() !== after.roles.join()) {
        await audit.append(record(principal.account, role, 'account.roles_changed', { account: name, before: [...before.roles], after: [...after.roles] }));
      }
    }
    if (disabled !== undefined) {
      const { before, after } = await accounts.setDisabled(name, disabled);
      current = after;
      if (disabled) await sessions.endAccount(name);
      if (before.disabled !== after.disabled) await audit.append(record(principal.account, role, disabled ? 'account.disabled' : 'account.enabled', { account: name }));
    }
    if (password !== undefined) {
      const { after } = await accounts.resetPassword(name, password);
      current = after;
      const ended = await sessions.endAccount(name);
      await audit.append(record(principal.account, role, 'account.password_reset', { account: name, sessionsEnded: ended }));
    }
    return current;
  });
}

function record(account: string, role: string | null, action: AuditEntry['action'], details: { readonly [key: string]: JsonValue }): AuditEntry {
  return { actor: { account, role }, action, details };
}

/** Refuses a change that takes `name`'s admin role or enables away when it is the last enabled administrator. */
async function refuseLastAdmin(accounts: ServerContext['accounts'], name: string): Promise<void> {
  const admins = (await accounts.list()).filter((a) => a.roles.includes('admin') && !a.disabled);
  if (admins.length === 1 && admins[0]!.name === name) {
    throw new LastAdminError(`${name} is the last enabled administrator: give another account the admin role first, or nobody could manage accounts from the studio.`);
  }
}
