import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.ts';
import { createBody, pathQuery, renameBody, saveBody, type CreateBody, type PathQuery, type RenameBody, type SaveBody } from './schemas.ts';

/**
 * The file API: list, read, save (with a version check), create, rename,
 * delete. Each handler is one call into the FileStore; path rules, atomic
 * writes and errors live there.
 */
export function registerFileRoutes(app: FastifyInstance, { store }: ServerContext): void {
  app.get('/api/files', async () => ({ files: await store.list() }));

  app.get<{ Querystring: PathQuery }>('/api/file', { schema: { querystring: pathQuery } }, async (request) => store.read(request.query.path));

  app.put<{ Body: SaveBody }>('/api/file', { schema: { body: saveBody } }, async (request) => {
    const { path, content, baseVersion } = request.body;
    return store.save(path, content, baseVersion);
  });

  app.post<{ Body: CreateBody }>('/api/file', { schema: { body: createBody } }, async (request, reply) => {
    const created = await store.create(request.body.path, request.body.content);
    return reply.code(201).send(created);
  });

  app.post<{ Body: RenameBody }>('/api/rename', { schema: { body: renameBody } }, async (request) => store.rename(request.body.from, request.body.to));

  app.delete<{ Querystring: PathQuery }>('/api/file', { schema: { querystring: pathQuery } }, async (request) => store.delete(request.query.path));
}
