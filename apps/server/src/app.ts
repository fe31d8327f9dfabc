/**
 * The HTTP application: Fastify with its request rules, the API routes, the
 * event socket and the studio's static files. It gets its services ready-made
 * (see index.ts, the composition root), so it can be exercised with
 * `app.inject()` without a port as well as over a real socket.
 */
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { authGuard } from './auth/authGuard.ts';
import { checkRouteAccess } from './auth/routeAccess.ts';
import { toErrorResponse } from './http/errorResponse.ts';
import { hostGuard } from './http/hostGuard.ts';
import { registerAccountRoutes } from './routes/accounts.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerChangeRoutes } from './routes/changes.ts';
import { registerCollabRoutes } from './routes/collab.ts';
import type { ServerContext } from './routes/context.ts';
import { EVENTS_CLOSE, MAX_CLIENT_MESSAGE_BYTES, registerEventRoutes } from './routes/events.ts';
import { registerDocsRoutes } from './routes/docs.ts';
import { registerFileRoutes } from './routes/files.ts';
import { registerModelRoutes } from './routes/models.ts';
import { registerRecognizerRoutes } from './routes/recognizer.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerSimulationRoutes } from './routes/simulations.ts';
import { registerStudioRoutes } from './routes/studio.ts';
import { registerValidateRoutes } from './routes/validate.ts';
import { registerWorkspaceRoutes } from './routes/workspace.ts';

export interface AppOptions {
  /** The address the server listens on; decides which Host and Origin headers are accepted (http/hostGuard.ts). */
  readonly host: string;
  /** Largest request body in bytes. */
  readonly bodyLimit: number;
  /** The built studio (contains index.html once built). */
  readonly studioDir: string;
  readonly docsDir: string;
  /** Where unexpected errors are reported. */
  readonly log: (message: string) => void;
  /** Largest message a live-collaboration client may send (collab/collabSettings.ts); larger frames are closed with 1009 by `ws`. */
  readonly maxCollabMessageBytes: number;
}

/** How long closing sockets get to finish their close handshake at shutdown before they are cut. */
const SOCKET_CLOSE_GRACE_MS = 500;

export async function buildApp(context: ServerContext, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    // Ctrl+C must not wait for idle keep-alive connections or a slow client; a save in progress still
    // completes (its handler runs on) and is atomic either way.
    forceCloseConnections: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    ajv: {
      customOptions: {
        // Fastify's defaults drop unknown fields and coerce types (`"content": 42` becomes "42").
        // The API refuses both: a request that does not say exactly what it means is an error.
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: false,
      },
    },
  });

  // JSON only: a plain-text body is what a cross-site HTML form can send, and no route takes one.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => {
    const response = toErrorResponse(error, options.bodyLimit);
    if (response.unexpected) options.log(`colloquy server: ${request.method} ${request.url.slice(0, 200)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return reply.code(response.status).send(response.body);
  });
  await app.register(fastifyWebsocket, {
    // One limit for every socket of the server: the larger of the two (the event socket ignores what it is sent).
    options: { maxPayload: Math.max(MAX_CLIENT_MESSAGE_BYTES, options.maxCollabMessageBytes) },
    // An error on an open socket (a client vanishing mid-frame) ends that socket only.
    errorHandler: (_error, socket) => socket.terminate(),
    preClose: async function closeSockets(this: FastifyInstance) {
      const server = this.websocketServer;
      await Promise.all(
        [...server.clients].map(
          (client: { once(event: 'close', listener: () => void): void; close(code: number, reason: string): void; terminate(): void }) =>
            new Promise<void>((resolve) => {
              const cut = setTimeout(() => client.terminate(), SOCKET_CLOSE_GRACE_MS);
              client.once('close', () => {
                clearTimeout(cut);
                resolve();
              });
              client.close(EVENTS_CLOSE.goingAway, 'the server is shutting down');
            }),
        ),
      );
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });

  // After the WebSocket plugin: its own onRequest hook must run first to mark upgrade requests, so a
  // refused upgrade's socket is destroyed when the 403 is sent (otherwise it stays open and blocks close()).
  app.addHook('onRequest', hostGuard(options.host));
  // Then who is asking and whether they may (auth/): every route has an access rule, or it cannot be registered.
  app.addHook('onRoute', checkRouteAccess());
  app.addHook('onRequest', authGuard(context));

  registerSessionRoutes(app, context);
  registerAccountRoutes(app, context);
  registerWorkspaceRoutes(app, context);
  registerFileRoutes(app, context);
  registerValidateRoutes(app, context);
  registerSimulationRoutes(app, context);
  registerChangeRoutes(app, context);
  registerAuditRoutes(app, context);
  registerRecognizerRoutes(app, context);
  registerEventRoutes(app, context);
  registerCollabRoutes(app, context);
  registerDocsRoutes(app, options.docsDir);
  registerModelRoutes(app);
  const studioPage = await registerStudioRoutes(app, options.studioDir);

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0]!.slice(0, 200);
    // A page navigation (or the root) gets the studio, whose own router knows the path; a missing
    // script or image gets a plain 404, not HTML that the browser would fail to run.
    const isApi = path === '/api' || path.startsWith('/api/');
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !isApi && (path === '/' || /text\/html/.test(request.headers.accept ?? ''));
    if (isPage) return studioPage(request, reply);
    return reply.code(404).send({ error: `There is no route ${request.method} ${path}.` });
  });

  return app;
}
