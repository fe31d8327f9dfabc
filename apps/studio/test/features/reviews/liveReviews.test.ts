/**
 * The Reviews view's live refresh (liveReviews.ts) on the composition root's
 * real ServerEventHub and the real EventsConnection's message check: which
 * socket messages ask for the list and the open page again, that a burst is
 * answered once, that a reconnection refreshes everything, and that a
 * malformed `change` message never reaches the view.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventsConnection } from '../../../src/api/EventsConnection.ts';
import { ServerEventHub } from '../../../src/api/SimulationsApi.ts';
import type { ServerEvent } from '../../../src/api/StudioApi.ts';
import { followChangeRequests } from '../../../src/features/reviews/headless.ts';

const change = (id: string, action: string, state = 'in_review', by: string | null = 'omar') => ({ type: 'change', id, action, state, title: `Title of ${id}`, author: 'dana', by }) as ServerEvent;

function follow(delayMs = 50) {
  const hub = new ServerEventHub();
  const calls: string[] = [];
  const stop = followChangeRequests(hub, { list: () => calls.push('list'), change: (id, content) => calls.push(`change ${id}${content ? ' +content' : ''}`), all: () => calls.push('all') }, delayMs);
  return { hub, calls, stop };
}

describe('followChangeRequests', () => {
  afterEach(() => vi.useRealTimers());

  it('asks for the list and the change request again after a change event, once the burst is over', () => {
    vi.useFakeTimers();
    const { hub, calls } = follow();
    hub.emit(change('CR-2', 'approved'));
    expect(calls).toEqual([]); // gathered, not yet answered
    vi.advanceTimersByTime(50);
    expect(calls).toEqual(['list', 'change CR-2']);
  });

  it('answers a burst with one list refresh and one per change request; an edit also asks for the files', () => {
    vi.useFakeTimers();
    const { hub, calls } = follow();
    hub.emit(change('CR-1', 'published', 'published'));
    hub.emit(change('CR-2', 'returned_to_review', 'in_review', null));
    hub.emit(change('CR-2', 'edited', 'in_review', 'dana'));
    hub.emit(change('CR-1', 'published', 'published'));
    vi.advanceTimersByTime(50);
    expect(calls).toEqual(['list', 'change CR-1', 'change CR-2 +content']);
    hub.emit(change('CR-3', 'created', 'draft', 'dana'));
    vi.advanceTimersByTime(50);
    expect(calls.slice(3)).toEqual(['list', 'change CR-3 +content']);
  });

  it('ignores file and simulation events, and refreshes everything after a reconnection (events sent meanwhile were lost)', () => {
    vi.useFakeTimers();
    const { hub, calls } = follow();
    hub.emit({ type: 'changed', path: 'agent.yaml', version: 'v2' });
    hub.emit({ type: 'simulation', id: 'run-1', state: 'done', done: 3, total: 3 });
    vi.advanceTimersByTime(100);
    expect(calls).toEqual([]);
    hub.emit(change('CR-2', 'approved'));
    hub.emit({ type: 'hello', workspace: { name: 'Bank', fileCount: 3 } });
    vi.advanceTimersByTime(50);
    expect(calls).toEqual(['all']);
  });

  it('stops when told, dropping a refresh still pending', () => {
    vi.useFakeTimers();
    const { hub, calls, stop } = follow();
    hub.emit(change('CR-2', 'approved'));
    stop();
    hub.emit(change('CR-2', 'rejected', 'rejected'));
    vi.advanceTimersByTime(200);
    expect(calls).toEqual([]);
  });

  it('hears change events through the real EventsConnection, which drops malformed ones', () => {
    vi.useFakeTimers();
    const { hub, calls } = follow();
    const sockets: { onmessage?: (message: { data: string }) => void; onclose?: unknown; close(): void }[] = [];
    const connection = new EventsConnection({
      url: 'ws://studio.test/api/events',
      onEvent: (event) => hub.emit(event),
      onState: () => undefined,
      createSocket: () => {
        const socket = { close: () => undefined };
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
    });
    const receive = (value: unknown) => sockets[0]!.onmessage!({ data: JSON.stringify(value) });
    receive({ ...change('CR-9', 'approved'), state: 'nearly approved' }); // not a state
    receive({ ...change('CR-9', 'approved'), action: 'liked' }); // not an action
    receive({ type: 'change', id: 'CR-9' }); // fields missing
    vi.advanceTimersByTime(100);
    expect(calls).toEqual([]);
    receive(change('CR-9', 'approved', 'approved'));
    vi.advanceTimersByTime(50);
    expect(calls).toEqual(['list', 'change CR-9']);
    // New evidence (someone's simulation stored): the open page asks for its verdict again, not its files.
    receive(change('CR-8', 'evidence', 'in_review', 'omar'));
    vi.advanceTimersByTime(50);
    expect(calls.slice(2)).toEqual(['list', 'change CR-8']);
    connection.dispose();
  });
});
