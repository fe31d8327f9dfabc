/**
 * Who may call each route: one table for the whole server, read by the
 * authorisation hook (authGuard.ts) on every request. A route missing from it
 * cannot be registered (`checkRouteAccess`, an `onRoute` hook, throws at
 * start-up), so a new route is closed until someone decides who may use it.
 *
 * - `public`: no session needed. Only what a signed-out browser must load to
 *   show the sign-in page (the studio's files), signing in itself, and files
 *   that are public anyway (the user documentation, the `use` model's files
 *   from npm packages). Nothing here reads or changes the workspace.
 * - `session`: any signed-in account (its own session: who am I, sign out).
 * - a permission (roles.ts): a signed-in account holding a role that has it.
 *   The published workspace is read-only; files are written inside a change
 *   request, which needs `change.edit` (and governance's `decide`).
 *
 * State-changing methods (POST, PUT, PATCH, DELETE) also need the session's
 * CSRF token, except signing in (there is no session yet; see authGuard.ts).
 */
import type { Permission } from '@colloquy/governance';

export type RouteAccess = 'public' | 'session' | { readonly permission: Permission };

const read = { permission: 'workspace.read' } as const;
const edit = { permission: 'change.edit' } as const;
const simulate = { permission: 'simulation.run' } as const;
const manageAccounts = { permission: 'accounts.manage' } as const;

/** `METHOD url` as registered with Fastify → access. HEAD routes follow their GET. */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // Signing in and out (routes/session.ts)
  'GET /api/session': 'session',
  'POST /api/session': 'public',
  'DELETE /api/session': 'session',
  // Accounts (routes/accounts.ts): the admin's only business
  'GET /api/accounts': manageAccounts,
  'POST /api/accounts': manageAccounts,
  'PATCH /api/accounts/:name': manageAccounts,
  // The workspace (routes/workspace.ts, files.ts, validate.ts, recognizer.ts, events.ts)
  'GET /api/workspace': read,
  'GET /api/files': read,
  'GET /api/file': read,
  'POST /api/validate': read,
  'GET /api/recognizer': read,
  'GET /api/events': read,
  // Simulations (routes/simulations.ts)
  'POST /api/simulations': simulate,
  'GET /api/simulations/:id': simulate,
  'GET /api/simulations/:id/report': simulate,
  'DELETE /api/simulations/:id': simulate,
  // Change requests (routes/changes.ts). Review actions are open to any signed-in account here because which
  // role may take which action on which change is governance's `decide`, which refuses (and records) the rest.
  'GET /api/changes': read,
  'POST /api/changes': { permission: 'change.create' },
  'GET /api/changes/:id': read,
  'GET /api/changes/:id/files': read,
  'PUT /api/changes/:id/files': edit,
  'DELETE /api/changes/:id/files': edit,
  'POST /api/changes/:id/rename': edit,
  'GET /api/changes/:id/diff': read,
  'POST /api/changes/:id/simulations': simulate,
  'GET /api/changes/:id/behaviour-diff': read,
  'POST /api/changes/:id/actions': 'session',
  // Live collaboration (routes/collab.ts): anyone who may read joins; whether they may edit is decided per update
  // (change.edit and the change's state, collab/LiveDocuments.ts)
  'GET /api/collab/:change/file/:path': read,
  'GET /api/collab/:change/index': read,
  // The audit log (routes/audit.ts): reading for operations managers and responsible-AI leads, export for the latter
  'GET /api/audit/records': { permission: 'audit.read' },
  'GET /api/audit/log': { permission: 'audit.read' },
  'POST /api/audit/export': { permission: 'audit.export' },
  // Public: the studio's own files (the sign-in page is part of it), documentation, model files
  'GET /*': 'public',
  'GET /docs/*': 'public',
  'GET /docs': 'public',
  'GET /models/use.json': 'public',
  'GET /models/:folder/:file': 'public',
};

/** The access rule of a registered route, or undefined when the table has none. */
export function routeAccess(method: string, url: string, table: Readonly<Record<string, RouteAccess>> = ROUTE_ACCESS): RouteAccess | undefined {
  return table[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

/** Methods that change something: they need the session's CSRF token. */
export function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** An `onRoute` hook: refuses to register a route the table does not cover. */
export function checkRouteAccess(table: Readonly<Record<string, RouteAccess>> = ROUTE_ACCESS) {
  return (route: { method: string | string[]; url: string }): void => {
    for (const method of [route.method].flat()) {
      if (!routeAccess(method, route.url, table)) {
        throw new Error(`${method} ${route.url} has no access rule: add it to ROUTE_ACCESS in apps/server/src/auth/routeAccess.ts (who may call it?)`);
      }
    }
  };
}
