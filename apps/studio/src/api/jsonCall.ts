/**
 * One JSON request to the server, as the studio's API clients make it:
 * expected failures are results (never thrown) carrying the server's own
 * sentence, so a view can show it word for word.
 */
import type { Fetch } from './SessionClient.ts';

export interface Refused {
  readonly ok: false;
  /** The HTTP status; 0 when the server could not be reached or answered something this studio does not understand. */
  readonly status: number;
  readonly error: string;
  /** The files the server names when it refuses a publish over files the published workspace changed. */
  readonly conflicts?: readonly string[];
}

export type Answer<T> = ({ readonly ok: true } & T) | Refused;

/** `method url` with an optional JSON body; the parsed answer, or the refusal in words. */
export async function callJson(fetcher: Fetch, method: string, url: string, body?: unknown): Promise<Answer<{ body: unknown }>> {
  let response: Response;
  try {
    response = await fetcher(url, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    return { ok: false, status: 0, error: 'The server could not be reached.' };
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (response.ok && parsed !== undefined) return { ok: true, body: parsed };
  const { error, conflicts } = (parsed ?? {}) as { error?: unknown; conflicts?: unknown };
  return {
    ok: false,
    status: response.status,
    error: typeof error === 'string' ? error : `The server answered ${response.status} ${response.statusText}.`,
    ...(Array.isArray(conflicts) && conflicts.every((c) => typeof c === 'string') ? { conflicts } : {}),
  };
}

/** An answer of the wrong shape: most likely a server of another version. */
export function malformed(what: string): Refused {
  return { ok: false, status: 0, error: `The server's answer to ${what} is not what this studio understands; is the server a different version?` };
}
