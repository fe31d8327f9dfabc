/**
 * The live connection as the status bar says it: `connected`, `reconnecting`
 * (the browser is online but the socket is down: y-websocket retries with
 * backoff) or `offline` (the browser says it has no network); plus whether
 * this client holds edits the server has not received yet. Pure.
 */
export type LiveConnection = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface LiveStatus {
  readonly connection: LiveConnection;
  /** Edits made here while disconnected, not yet sent in a completed sync. */
  readonly unsynced: boolean;
}

export function liveConnection(socket: { connected: boolean; everConnected: boolean }, browserOnline: boolean): LiveConnection {
  if (socket.connected) return 'connected';
  if (!browserOnline) return 'offline';
  return socket.everConnected ? 'reconnecting' : 'connecting';
}

/** The status bar's words for the live connection. */
export function liveStatusLabel(status: LiveStatus): { label: string; title: string } {
  const pending = status.unsynced ? ' · unsynced edits' : '';
  switch (status.connection) {
    case 'connected':
      return { label: '● live', title: 'Connected: your edits reach everyone in this change request as you type.' };
    case 'connecting':
      return { label: '◌ connecting', title: 'Connecting to the change request…' };
    case 'reconnecting':
      return { label: `◌ reconnecting${pending}`, title: `The connection to the server dropped; retrying.${status.unsynced ? ' Your edits are kept in this browser and sent when it is back.' : ''}` };
    case 'offline':
      return { label: `○ offline${pending}`, title: `This browser is offline.${status.unsynced ? ' Your edits are kept in this browser and merged when it is back online.' : ''}` };
  }
}
