/**
 * The session cookie, `colloquy_session`: HttpOnly (page scripts cannot read
 * it, so an injected script cannot steal the session), SameSite=Strict (a
 * browser does not send it with a request another site starts, the first line
 * against cross-site request forgery), Path=/, and Secure when the request
 * came over HTTPS. No Max-Age: the browser forgets it when it closes, and the
 * server ends the session by itself (SessionStore: idle and absolute expiry).
 */

export const SESSION_COOKIE = 'colloquy_session';
/** The header that carries the session's CSRF token on state-changing requests. */
export const CSRF_HEADER = 'x-colloquy-csrf';

/** The value of cookie `name` in a Cookie header, or undefined (malformed pairs are skipped, never thrown on). */
export function readCookie(header: string | undefined, name: string = SESSION_COOKIE): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0) continue;
    if (pair.slice(0, equals).trim() !== name) continue;
    let value = pair.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value;
  }
  return undefined;
}

/** A Set-Cookie value starting a session. */
export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}

/** A Set-Cookie value that makes the browser forget the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secure ? '; Secure' : ''}`;
}
