/**
 * Protects a server bound to this machine from web pages in the user's own
 * browser. Sign-in (auth/) already keeps other sites' requests out (a
 * SameSite=Strict cookie, a CSRF token), but these checks hold whatever a
 * browser does with cookies, and before any session exists:
 *
 * - DNS rebinding: a page on `evil.example` can make its name resolve to
 *   127.0.0.1 and then call the API "same-origin". The browser still sends
 *   `Host: evil.example`, so a loopback-bound server answers only requests
 *   addressed to a loopback name.
 * - Cross-site requests and WebSocket hijacking: browsers send `Origin` on
 *   cross-origin requests and on every WebSocket handshake (WebSockets are not
 *   covered by CORS). An Origin that is not a loopback page is refused.
 *
 * Ports are not compared: the studio's Vite dev server (another port on
 * localhost) may proxy to this server. When the server is bound to another
 * address on purpose (`--host 0.0.0.0`), any Host is accepted, and an Origin
 * must name the same host the request was sent to.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const LOOPBACK_NAMES = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.test(host) || host.toLowerCase().endsWith('.localhost');
}

/** The host name of a `Host` header or an origin's authority, without the port. */
function hostName(authority: string): string {
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1);
  return authority.split(':')[0]!;
}

/** Decides whether a request may reach the API; returns the reason it may not, or undefined. */
export function refusalReason(boundHost: string, hostHeader: string | undefined, originHeader: string | undefined): string | undefined {
  const loopbackOnly = isLoopbackHost(boundHost);
  const host = hostName(hostHeader ?? '');
  if (loopbackOnly && !isLoopbackHost(host)) {
    return `This server only answers requests addressed to localhost, not \`${host || '(no Host header)'}\`.`;
  }
  if (originHeader === undefined) return undefined; // not a cross-origin browser request
  let originHost: string;
  try {
    originHost = hostName(new URL(originHeader).host);
  } catch {
    return 'The request comes from a page this server does not serve (its Origin is not a web address).';
  }
  const allowed = loopbackOnly ? isLoopbackHost(originHost) : originHost.toLowerCase() === host.toLowerCase();
  return allowed ? undefined : `The request comes from a page on \`${originHost}\`, which may not use this server.`;
}

/** A Fastify `onRequest` hook enforcing `refusalReason` with a 403. */
export function hostGuard(boundHost: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const reason = refusalReason(boundHost, request.headers.host, request.headers.origin);
    // Returning the reply tells Fastify the request is answered and must go no further.
    return reason ? reply.code(403).send({ error: reason }) : undefined;
  };
}
