/**
 * Demo accounts for `colloquy serve --demo`: one per role, so a newcomer can
 * sign in as each person of the story (ARCHITECTURE.md's roles table) and see
 * what each may do. Created only when the workspace has no account at all,
 * never added to real ones; the passwords are random, shown once (the CLI
 * prints them) and stored only as hashes, like any other.
 */
import { randomInt } from 'node:crypto';
import type { AuditLogStore, Role } from '@colloquy/governance';
import type { AccountStore } from '@colloquy/governance/node';

export const DEMO_ACCOUNTS: readonly { readonly name: string; readonly roles: readonly Role[] }[] = [
  { name: 'dana', roles: ['designer'] },
  { name: 'omar', roles: ['ops_manager'] },
  { name: 'rita', roles: ['rai_lead'] },
  { name: 'vic', roles: ['viewer'] },
  { name: 'ada', roles: ['admin'] },
];

export interface DemoCredentials {
  readonly account: string;
  readonly roles: readonly Role[];
  readonly password: string;
}

/** No 0/o, 1/l/i: easy to read off a terminal and type. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Four groups of five from a 31-letter alphabet: 20 characters, about 99 bits. */
export function demoPassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

/**
 * Creates the demo accounts when `accounts` is empty, each recorded in the
 * audit log (`account.created`, `details.demo`); answers their credentials, or
 * an empty list when the workspace already has accounts.
 */
export async function createDemoAccounts(accounts: AccountStore, audit: AuditLogStore): Promise<DemoCredentials[]> {
  if (!(await accounts.isEmpty())) return [];
  const created: DemoCredentials[] = DEMO_ACCOUNTS.map(({ name, roles }) => ({ account: name, roles, password: demoPassword() }));
  // Hashed side by side (scrypt runs on the thread pool), recorded in a fixed order.
  await Promise.all(created.map(({ account, roles, password }) => accounts.add({ name: account, roles, password })));
  for (const { account, roles } of created) {
    await audit.append({ actor: { account: null, role: null }, action: 'account.created', details: { account, roles: [...roles], demo: true, via: 'serve --demo' } });
  }
  return created;
}
