import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.ts';
import { pathQuery, type PathQuery } from './schemas.ts';

/**
 * The published workspace, read-only: list and read. It changes only when a
 * reviewed change request is published; edits are made inside a change
 * request (routes/changes.ts, and live through routes/collab.ts).
 */
export function registerFileRoutes(app: FastifyInstance, { store }: ServerContext): void {
  app.get('/api/files', async () => ({ files: await store.list() }));

  app.get<{ Querystring: PathQuery }>('/api/file', { schema: { querystring: pathQuery } }, async (request) => store.read(request.query.path));
}
