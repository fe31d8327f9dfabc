/**
 * The roles of ARCHITECTURE.md's table. A person may hold several; every
 * action is taken in one of them (the audit record names it), and what a
 * role may do is decided here, once, for the server to enforce.
 */
export const ROLES = ['designer', 'ops_manager', 'rai_lead', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Everything an account can ask the server to do. */
export const PERMISSIONS = [
  'workspace.read',
  'change.create',
  'change.edit',
  'change.submit',
  'change.review',
  'change.publish',
  'simulation.run',
  'audit.read',
  'audit.export',
  'accounts.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Who may do what. Reviewing (approve, request changes, reject) is for
 * operations managers and responsible-AI leads; which of them a change needs
 * is the approval rules' business (approvalRules.ts). An admin manages
 * accounts and nothing else (no reviewing, no audit log), so whoever can
 * create accounts cannot also decide what ships or read what was decided.
 */
const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  designer: ['workspace.read', 'change.create', 'change.edit', 'change.submit', 'simulation.run'],
  ops_manager: ['workspace.read', 'change.review', 'change.publish', 'simulation.run', 'audit.read'],
  rai_lead: ['workspace.read', 'change.review', 'simulation.run', 'audit.read', 'audit.export'],
  viewer: ['workspace.read'],
  admin: ['workspace.read', 'accounts.manage'],
};

export function roleMay(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** The roles among `held` in which `permission` may be exercised, in ROLES order. */
export function rolesFor(held: readonly Role[], permission: Permission): Role[] {
  return ROLES.filter((role) => held.includes(role) && roleMay(role, permission));
}

/** The roles whose approvals count towards a change's required approvals. */
export const REVIEWER_ROLES: readonly Role[] = ROLES.filter((role) => roleMay(role, 'change.review'));
