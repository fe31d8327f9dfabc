/**
 * Change requests (docs/reference/server-api.md, "Change requests"): open one,
 * edit its files, see its diff, simulate it, review and publish it. Who may do
 * what is decided by @colloquy/governance inside ChangeRequests (changes/),
 * which records every state change and refusal in the audit log before these
 * handlers answer; the handlers only translate HTTP.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/authGuard.ts';
import { ChangeError } from '../changes/ChangeError.ts';
import type { RequestInfo } from '../changes/ChangeRequests.ts';
import type { ServerContext } from './context.ts';
import {
  changeActionBody,
  changeCreateBody,
  changeFileBody,
  changeParams,
  changeRenameBody,
  changeSimulationBody,
  pathQuery,
  type ChangeActionBody,
  type ChangeCreateBody,
  type ChangeFileBody,
  type ChangeParams,
  type ChangeRenameBody,
  type ChangeSimulationBody,
  type PathQuery,
} from './schemas.ts';

export function registerChangeRoutes(app: FastifyInstance, { changes }: ServerContext): void {
  app.get('/api/changes', async () => changes.list());

  app.post<{ Body: ChangeCreateBody }>('/api/changes', { schema: { body: changeCreateBody } }, async (request, reply) =>
    reply.code(201).send(await changes.create(principalOf(request), request.body.title, info(request))),
  );

  app.get<{ Params: ChangeParams }>('/api/changes/:id', { schema: { params: changeParams } }, async (request) => changes.details(request.params.id));

  app.get<{ Params: ChangeParams; Querystring: PathQuery }>('/api/changes/:id/files', { schema: { params: changeParams, querystring: pathQuery } }, async (request) =>
    changes.readFile(request.params.id, request.query.path),
  );

  app.put<{ Params: ChangeParams; Body: ChangeFileBody }>('/api/changes/:id/files', { schema: { params: changeParams, body: changeFileBody } }, async (request) =>
    changes.edit(principalOf(request), request.params.id, request.body.path, request.body.content, info(request), { create: request.body.create === true }),
  );

  app.post<{ Params: ChangeParams; Body: ChangeRenameBody }>('/api/changes/:id/rename', { schema: { params: changeParams, body: changeRenameBody } }, async (request) =>
    changes.rename(principalOf(request), request.params.id, request.body.from, request.body.to, info(request)),
  );

  app.delete<{ Params: ChangeParams; Querystring: PathQuery }>('/api/changes/:id/files', { schema: { params: changeParams, querystring: pathQuery } }, async (request) =>
    changes.edit(principalOf(request), request.params.id, request.query.path, null, info(request)),
  );

  app.get<{ Params: ChangeParams }>('/api/changes/:id/diff', { schema: { params: changeParams } }, async (request) => changes.diff(request.params.id));

  app.post<{ Params: ChangeParams; Body: ChangeSimulationBody | undefined }>(
    '/api/changes/:id/simulations',
    { schema: { params: changeParams, body: changeSimulationBody } },
    async (request, reply) => {
      const { generators, perIntent, seed } = request.body ?? {};
      // What the request names wins; the rest comes from agent.yaml's `approval.evidence` (ChangeRequests.simulate).
      const { id, state } = await changes.simulate(
        principalOf(request),
        request.params.id,
        { ...(generators ? { generators } : {}), ...(perIntent !== undefined ? { perIntent } : {}), ...(seed !== undefined ? { seed } : {}) },
        info(request),
      );
      return reply.code(202).send({ id, state });
    },
  );

  app.get<{ Params: ChangeParams }>('/api/changes/:id/behaviour-diff', { schema: { params: changeParams } }, async (request) => {
    const diff = await changes.behaviourDiff(request.params.id);
    if (!diff) throw new ChangeError(404, `${request.params.id} has no behaviour diff yet: it comes with a finished simulation of the change's current content run with the workspace's evidence settings (POST /api/changes/${request.params.id}/simulations).`);
    return { diff };
  });

  app.post<{ Params: ChangeParams; Body: ChangeActionBody }>('/api/changes/:id/actions', { schema: { params: changeParams, body: changeActionBody } }, async (request) => {
    const { action, asRole, rationale } = request.body;
    return changes.act(principalOf(request), request.params.id, action, asRole, rationale, info(request));
  });
}

function info(request: FastifyRequest): RequestInfo {
  return { method: request.method, path: request.url.slice(0, 300) };
}
