/**
 * Live collaboration (docs/reference/server-api.md, "Live collaboration"):
 * the y-websocket protocol on `GET /api/collab/:change/file/:path` (one
 * document per change request and file; the path is one URL segment,
 * `encodeURIComponent`-ed, which the router decodes) and
 * `GET /api/collab/:change/index` (the change's file index). A y-websocket
 * client's `serverUrl` is `ws://<host>/api/collab`, its room `CR-3/index` or
 * `CR-3/file/<encoded path>`.
 *
 * The upgrade passes the auth guard like any request (401 no session, 403
 * without `workspace.read`), then this route's `preValidation` loads the
 * document or answers 404 (no such change request, or a path neither in it
 * nor published) / 400 (not a workspace path, or an `?epoch=` that is not
 * one) before the upgrade: refusals are HTTP answers, never a socket opened
 * and closed. A file room's `?epoch=` names the epoch of the client's copy;
 * another epoch than the document's is a socket closed with 4409 before
 * anything is sent (LiveDocuments.attach), because a browser's WebSocket
 * cannot read an HTTP status. Whether the connection may edit is decided per
 * update in collab/ (LiveDocuments, LiveConnection).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/authGuard.ts';
import { isEpoch } from '../collab/documentEpoch.ts';
import type { CollabSocket } from '../collab/LiveConnection.ts';
import type { DocumentHandle, DocumentTarget } from '../collab/LiveDocuments.ts';
import type { ServerContext } from './context.ts';

interface CollabParams {
  readonly change: string;
  readonly path?: string;
}

export function registerCollabRoutes(app: FastifyInstance, { live, sessions }: ServerContext): void {
  const handles = new WeakMap<FastifyRequest, DocumentHandle>();
  const stopSessions = sessions.onEnded(({ key, reason }) => live.sessionEnded(key, reason));
  app.addHook('onClose', async () => stopSessions());

  const open = (target: (params: CollabParams) => DocumentTarget) => async (request: FastifyRequest, reply: FastifyReply) => {
    // A plain GET gets the handler's 426; only an upgrade loads a document.
    if (!(request as FastifyRequest & { ws?: boolean }).ws) return;
    const params = request.params as CollabParams;
    const { epoch } = request.query as { epoch?: unknown };
    if (epoch !== undefined && !isEpoch(epoch)) {
      return reply.code(400).header('cache-control', 'no-store').send({ error: '`epoch` must be the 32 lowercase hex digits of a document epoch (doc.getMap("document").get("epoch")).' });
    }
    const result = await live.open(params.change, target(params), epoch);
    if (!result.ok) return reply.code(result.status).header('cache-control', 'no-store').send({ error: result.message });
    handles.set(request, result.handle);
  };
  const notAWebSocket = async (_request: FastifyRequest, reply: FastifyReply) => reply.code(426).send({ error: 'This is a WebSocket endpoint (the y-websocket protocol); connect to it with a y-websocket client.' });
  const connect = (socket: CollabSocket, request: FastifyRequest) => {
    const handle = handles.get(request)!;
    const { account, roles, session } = principalOf(request);
    return live.attach(socket, handle, { account, roles, sessionKey: session.key });
  };

  app.route({
    method: 'GET',
    url: '/api/collab/:change/file/:path',
    preValidation: open((params) => ({ kind: 'file', path: params.path ?? '' })),
    handler: notAWebSocket,
    wsHandler: connect,
  });
  app.route({
    method: 'GET',
    url: '/api/collab/:change/index',
    preValidation: open(() => ({ kind: 'index' })),
    handler: notAWebSocket,
    wsHandler: connect,
  });
}
