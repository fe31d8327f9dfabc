/**
 * Permissions in words, so the server's 403 and the studio's disabled-button
 * tooltip say the same sentence: what the account may not do, and which role
 * would let it.
 */
import { ROLES, roleMay, type Permission, type Role } from './roles.ts';

/** One per permission (the Record type makes a new permission without words a type error). */
const PHRASES: Readonly<Record<Permission, string>> = {
  'workspace.read': 'read the workspace',
  'change.create': 'start change requests',
  'change.edit': 'change files',
  'change.submit': 'submit change requests for review',
  'change.review': 'review change requests',
  'change.publish': 'publish change requests',
  'simulation.run': 'run simulations',
  'audit.read': 'read the audit log',
  'audit.export': 'export evidence bundles',
  'accounts.manage': 'manage accounts',
};

/** "change files", "run simulations", … */
export function permissionPhrase(permission: Permission): string {
  return PHRASES[permission];
}

/** The roles that have `permission`, in ROLES order. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => roleMay(role, permission));
}

/**
 * Why an account holding `held` may not exercise `permission`, as one
 * sentence ("Your role (viewer) may not change files; that needs the designer
 * role."), or undefined when one of its roles has it.
 */
export function permissionRefusal(held: readonly Role[], permission: Permission): string | undefined {
  if (held.some((role) => roleMay(role, permission))) return undefined;
  const needed = rolesWith(permission);
  const yours = held.length === 0 ? 'You hold no role and' : `Your role${held.length === 1 ? '' : 's'} (${held.join(', ')})`;
  const need = needed.length === 1 ? `the ${needed[0]} role` : `one of the roles ${needed.join(', ')}`;
  return `${yours} may not ${PHRASES[permission]}; that needs ${need}.`;
}
