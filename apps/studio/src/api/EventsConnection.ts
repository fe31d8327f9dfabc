/**
 * The /api/events WebSocket, kept open: on a lost connection it reports
 * `offline` and reconnects with exponential backoff (0.5 s doubling to 10 s).
 * After a reconnect the owner should list the files again, since changes made
 * while offline were not reported. `dispose()` closes it for good.
 *
 * When the server closes it because its session ended (close code 4401), it
 * does not reconnect: a socket needs a session, so retrying would only be
 * refused. It tells `onSessionEnded` and waits for `restart()` (after the
 * next sign-in).
 */
import { isChangeRequestEvent } from './changeRequestEvents.ts';
import { isSimulationState } from './SimulationsApi.ts';
import type { ServerEvent } from './StudioApi.ts';

export type ConnectionState = 'connecting' | 'online' | 'offline';

/** The server's close code for "the session this socket belongs to has ended" (apps/server routes/events.ts). */
export const SESSION_ENDED_CLOSE = 4401;

export interface EventsConnectionOptions {
  readonly url: string;
  readonly onEvent: (event: ServerEvent) => void;
  readonly onState: (state: ConnectionState) => void;
  /** The server closed the socket because its session ended. */
  readonly onSessionEnded?: () => void;
  /** First retry delay in ms (default 500) and the most (default 10 000). */
  readonly minDelay?: number;
  readonly maxDelay?: number;
  /** Injected for tests; the browser's WebSocket by default. */
  readonly createSocket?: (url: string) => WebSocket;
}

export function nextDelay(attempt: number, min = 500, max = 10_000): number {
  return Math.min(max, min * 2 ** attempt);
}

export function eventsUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/events`;
}

function isServerEvent(value: unknown): value is ServerEvent {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (type === 'hello') return typeof (value as { workspace?: unknown }).workspace === 'object';
  if (type === 'simulation') {
    const { id, state, done, total } = value as { id?: unknown; state?: unknown; done?: unknown; total?: unknown };
    return typeof id === 'string' && isSimulationState(state) && typeof done === 'number' && typeof total === 'number';
  }
  if (type === 'change') return isChangeRequestEvent(value);
  return (type === 'created' || type === 'changed' || type === 'deleted') && typeof (value as { path?: unknown }).path === 'string';
}

export class EventsConnection {
  private socket: WebSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private disposed = false;

  constructor(private readonly options: EventsConnectionOptions) {
    this.connect();
  }

  private connect(): void {
    if (this.disposed) return;
    this.options.onState('connecting');
    const socket = (this.options.createSocket ?? ((url) => new WebSocket(url)))(this.options.url);
    this.socket = socket;
    socket.onmessage = (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return; // not ours to judge; the server only sends JSON
      }
      if (!isServerEvent(data)) return;
      if (data.type === 'hello') {
        this.attempt = 0;
        this.options.onState('online');
      }
      this.options.onEvent(data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.disposed) return;
      this.options.onState('offline');
      if (event.code === SESSION_ENDED_CLOSE) {
        this.options.onSessionEnded?.();
        return;
      }
      const delay = nextDelay(this.attempt++, this.options.minDelay, this.options.maxDelay);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  /** Connects again now (after signing in): closes a socket still open from the session before. */
  restart(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
    this.attempt = 0;
    this.connect();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }
}
