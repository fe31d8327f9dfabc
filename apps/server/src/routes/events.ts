/**
 * `GET /api/events`: a WebSocket that pushes workspace changes to every open
 * studio. On connect the server sends `{ type: 'hello', workspace }`, then one
 * `created` / `changed` / `deleted` event per file change, whoever made it,
 * `simulation` events for every simulation run's state and progress, and a
 * `change` event whenever a change request is created, edited, or moves in
 * state or approvals (after it is recorded and saved).
 *
 * Clients need to send nothing. Whatever they send is ignored without being
 * parsed, so a malformed message cannot hurt; oversized frames are refused by
 * `ws` itself (`maxPayload`, set in app.ts).
 *
 * The upgrade passes the same guard as any request (auth/authGuard.ts: a
 * session and `workspace.read`, or 401/403 before the upgrade). When that
 * session ends (sign-out, expiry, account disabled), its sockets are closed
 * with `sessionEnded`, so a studio stops hearing of a workspace it may no
 * longer read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/authGuard.ts';
import type { ServerEvent } from '../events.ts';
import type { ServerContext } from './context.ts';

/** The part of a `ws` WebSocket used here (the HP `WebSocketLike` idea: the route does not depend on `ws` itself). */
export interface EventSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'message', listener: (data: { readonly length: number } | ArrayBuffer) => void): unknown;
}

/**
 * Largest message a client may send on the event socket. Clients need send
 * nothing; the limit only keeps a hostile client from making `ws` buffer
 * megabytes before the message is ignored.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/** Close codes this server uses (RFC 6455 §7.4.1), in one place. */
export const EVENTS_CLOSE = {
  /** The server is shutting down. */
  goingAway: 1001,
  /** A message above MAX_CLIENT_MESSAGE_BYTES. */
  tooLarge: 1009,
  /** The workspace could not be read to say hello. */
  internalError: 1011,
  /** The client reads too slowly: more than `MAX_BUFFERED_BYTES` waits to be sent; reconnect and reload. */
  tryAgainLater: 1013,
  /** The session this socket was opened in has ended: sign in again (an application code, RFC 6455 §7.4.2). */
  sessionEnded: 4401,
} as const;

const OPEN = 1;
/**
 * A client that lets this much pile up unsent is not reading (a suspended tab,
 * a dead link). Closing it bounds the server's memory; the studio reconnects
 * and re-lists the files.
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export function registerEventRoutes(app: FastifyInstance, { feed, simulations, changes, sessions, info }: ServerContext): void {
  app.route({
    method: 'GET',
    url: '/api/events',
    handler: async (_request, reply) => reply.code(426).send({ error: 'This is a WebSocket endpoint; connect to it with a WebSocket client.' }),
    wsHandler: (socket: EventSocket, request: FastifyRequest) => {
      const { session } = principalOf(request);
      const send = (event: ServerEvent) => {
        if (socket.readyState !== OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(EVENTS_CLOSE.tryAgainLater, 'too many unread events');
          return;
        }
        socket.send(JSON.stringify(event));
      };
      // Events that happen while the hello is being prepared wait, so `hello` is always the first message.
      let pending: ServerEvent[] | undefined = [];
      const deliver = (event: ServerEvent) => (pending ? pending.push(event) : send(event));
      const unsubscribeFiles = feed.subscribe(deliver);
      const unsubscribeRuns = simulations.subscribe(deliver);
      const unsubscribeChanges = changes.subscribe(deliver);
      const unsubscribeSession = sessions.onEnded(({ key, reason }) => {
        if (key === session.key) socket.close(EVENTS_CLOSE.sessionEnded, `session ended (${reason})`);
      });
      socket.on('close', () => {
        unsubscribeFiles();
        unsubscribeRuns();
        unsubscribeChanges();
        unsubscribeSession();
      });
      // ws's own limit is the collaboration socket's (app.ts); this socket keeps its smaller one.
      socket.on('message', (data) => {
        if (('length' in data ? data.length : data.byteLength) > MAX_CLIENT_MESSAGE_BYTES) socket.close(EVENTS_CLOSE.tooLarge, 'message too large');
      });
      info().then(
        (workspace) => {
          send({ type: 'hello', workspace });
          const queued = pending ?? [];
          pending = undefined;
          for (const event of queued) send(event);
        },
        () => socket.close(EVENTS_CLOSE.internalError, 'cannot read the workspace'),
      );
    },
  });
}
