import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.ts';

/** `GET /api/workspace` → `{ name, fileCount }`. */
export function registerWorkspaceRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/workspace', async () => context.info());
}
