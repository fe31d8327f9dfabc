/**
 * The studio's view of the server's JSON API (docs/reference/server-api.md):
 * the workspace a store reads and writes. `HttpStudioApi` is the published
 * workspace, read-only; in a change request the store gets
 * `ChangeWorkspaceApi`. Expected failures are results, not exceptions: a save
 * answers `conflict` (409) or `error` with the server's own sentence.
 */
import type { ChangeRequestEvent } from './changeRequestEvents.ts';

export interface WorkspaceInfo {
  readonly name: string;
  readonly fileCount: number;
}

export interface FileEntry {
  readonly path: string;
  readonly size: number;
  readonly version: string;
}

export interface FileContent {
  readonly path: string;
  readonly content: string;
  readonly version: string;
}

export type SaveResult =
  | { readonly type: 'saved'; readonly version: string }
  | { readonly type: 'conflict'; readonly currentVersion: string | undefined; readonly error: string }
  | { readonly type: 'error'; readonly status: number; readonly error: string };

export type SimulationState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Progress of a server-side simulation run (SimulationsApi.ts): throttled, and always a last one with the end state. */
export interface SimulationEvent {
  readonly type: 'simulation';
  readonly id: string;
  readonly state: SimulationState;
  readonly done: number;
  readonly total: number;
  readonly phase?: string;
  readonly error?: string;
}

export type ServerEvent =
  | { readonly type: 'hello'; readonly workspace: WorkspaceInfo }
  | { readonly type: 'created'; readonly path: string; readonly version: string }
  | { readonly type: 'changed'; readonly path: string; readonly version: string }
  | { readonly type: 'deleted'; readonly path: string }
  | SimulationEvent
  | ChangeRequestEvent;

export interface StudioApi {
  workspace(): Promise<WorkspaceInfo>;
  listFiles(): Promise<FileEntry[]>;
  readFile(path: string): Promise<FileContent>;
  saveFile(path: string, content: string, baseVersion: string | undefined): Promise<SaveResult>;
  /** Creates a file that does not exist yet (`POST /api/file`); `conflict` when it does. */
  createFile(path: string, content: string): Promise<SaveResult>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorOf(response: Response): Promise<{ error: string; currentVersion?: string }> {
  try {
    const body = (await response.json()) as { error?: unknown; currentVersion?: unknown };
    return {
      error: typeof body.error === 'string' ? body.error : `The server answered ${response.status}.`,
      ...(typeof body.currentVersion === 'string' ? { currentVersion: body.currentVersion } : {}),
    };
  } catch {
    return { error: `The server answered ${response.status} ${response.statusText}.` };
  }
}

const PUBLISHED_READ_ONLY: SaveResult = {
  type: 'error',
  status: 403,
  error: 'The published workspace changes only through a reviewed change request: start one (or open one) to edit.',
};

/**
 * The published workspace's API (reads only) over `fetcher` (the session's: it adds the CSRF token to saves and notices a 401),
 * relative to `base` (the page's origin by default).
 */
export class HttpStudioApi implements StudioApi {
  constructor(
    private readonly base = '',
    private readonly fetcher: (input: string, init?: RequestInit) => Promise<Response> = (input, init) => fetch(input, init),
  ) {}

  private async getJson<T>(url: string): Promise<T> {
    const response = await this.fetcher(this.base + url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new ApiError(response.status, (await errorOf(response)).error);
    return (await response.json()) as T;
  }

  workspace(): Promise<WorkspaceInfo> {
    return this.getJson('/api/workspace');
  }

  async listFiles(): Promise<FileEntry[]> {
    return (await this.getJson<{ files: FileEntry[] }>('/api/files')).files;
  }

  readFile(path: string): Promise<FileContent> {
    return this.getJson(`/api/file?path=${encodeURIComponent(path)}`);
  }

  /**
   * The published workspace is read-only to the studio: it changes only through a reviewed change
   * request (edits go to ChangeWorkspaceApi). Answered here, without a request.
   */
  async saveFile(): Promise<SaveResult> {
    return PUBLISHED_READ_ONLY;
  }

  async createFile(): Promise<SaveResult> {
    return PUBLISHED_READ_ONLY;
  }
}
