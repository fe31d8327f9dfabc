/**
 * Keeps the Reviews view current without a reload: the server sends a
 * `change` event on the events socket whenever a change request is created,
 * edited, moves in state or approvals, or gets new evidence (whoever did it:
 * another reviewer's approval, or the verdict on their simulation, shows here
 * at once). On each, the list is asked for again, and so
 * is the open review page when the event is about its change request (its
 * diff too when the content was edited). After a reconnection (`hello`)
 * both are asked for again, since events sent while offline are lost.
 *
 * Events arriving close together (a publish that returns other changes to
 * review, several people acting at once) are gathered for `delayMs` and
 * answered with one refresh of the list and one per change request.
 */
import type { ChangeRequestEvent } from '../../api/changeRequestEvents.ts';
import type { ServerEvent } from '../../api/StudioApi.ts';

/** Where the view hears the socket's events (the composition root's ServerEventHub). */
export interface ServerEventSource {
  on(listener: (event: ServerEvent) => void): () => void;
}

export interface ReviewRefresh {
  /** Ask for the list of change requests again. */
  list(): void;
  /** Ask for this change request's review page again (`content`: its files changed too), if it is open. */
  change(id: string, content: boolean): void;
  /** The socket (re)connected: anything shown may be stale. */
  all(): void;
}

/** Default gathering window: short enough to feel immediate, long enough to answer a burst once. */
export const REFRESH_DELAY_MS = 150;

/** Follows the events; returns the function that stops following (and drops a pending refresh). */
export function followChangeRequests(source: ServerEventSource, refresh: ReviewRefresh, delayMs = REFRESH_DELAY_MS): () => void {
  let pending: Map<string, boolean> | undefined;
  let reconnected = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const changes = pending ?? new Map<string, boolean>();
    const everything = reconnected;
    pending = undefined;
    reconnected = false;
    if (everything) return refresh.all();
    refresh.list();
    for (const [id, content] of changes) refresh.change(id, content);
  };
  const schedule = () => {
    timer ??= setTimeout(flush, delayMs);
  };
  const unsubscribe = source.on((event) => {
    if (event.type === 'hello') {
      reconnected = true;
      return schedule();
    }
    if (event.type !== 'change') return;
    const changes = (pending ??= new Map());
    changes.set(event.id, (changes.get(event.id) ?? false) || touchesContent(event));
    schedule();
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}

/** Whether the change request's files may differ after this event (the diff is fetched again only then). */
function touchesContent(event: ChangeRequestEvent): boolean {
  return event.action === 'edited' || event.action === 'created';
}
