/**
 * What the server pushes on the `/api/events` WebSocket: the wire format the
 * studio codes against (documented in docs/reference/server-api.md). One JSON
 * object per message, tagged by `type`.
 */

export interface WorkspaceInfo {
  /** The agent's `name` from agent.yaml, or the workspace folder's name. */
  readonly name: string;
  readonly fileCount: number;
}

export type FileChangeEvent =
  | { readonly type: 'created'; readonly path: string; readonly version: string }
  | { readonly type: 'changed'; readonly path: string; readonly version: string }
  | { readonly type: 'deleted'; readonly path: string };

export type ServerEvent = { readonly type: 'hello'; readonly workspace: WorkspaceInfo } | FileChangeEvent;
