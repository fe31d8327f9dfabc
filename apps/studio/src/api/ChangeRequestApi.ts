/**
 * What the workbench asks the server about change requests
 * (docs/reference/server-api.md, "Change requests"): list them, open one,
 * one's summary and touched files, and the change's view of a file; plus
 * writing and deleting a file in one (new files: the live documents are made
 * by the server from what is written here, the contract's "Document shapes").
 * The Reviews view has its own, wider client (features/reviews/changesApi.ts).
 *
 * Expected failures are results carrying the server's own sentence.
 */
import { CHANGE_STATES, type ChangeState } from '@colloquy/governance';
import type { ChangeInfo } from '../state/editAccess.ts';
import { callJson, malformed, type Answer } from './jsonCall.ts';
import type { Fetch } from './SessionClient.ts';

export type { Answer } from './jsonCall.ts';

export interface ChangeFileStatus {
  readonly path: string;
  readonly status: 'added' | 'modified' | 'deleted';
}

export class ChangeRequestApi {
  constructor(
    private readonly fetcher: Fetch,
    private readonly base = '',
  ) {}

  private call(method: string, path: string, body?: unknown): Promise<Answer<{ body: unknown }>> {
    return callJson(this.fetcher, method, this.base + path, body);
  }

  async list(): Promise<Answer<{ changes: readonly ChangeInfo[] }>> {
    const answer = await this.call('GET', '/api/changes');
    if (!answer.ok) return answer;
    return Array.isArray(answer.body) && answer.body.every(isChange) ? { ok: true, changes: answer.body.map(info) } : malformed('GET /api/changes');
  }

  /** Opens a change request (`POST /api/changes`); the server records who. */
  async create(title: string): Promise<Answer<{ change: ChangeInfo }>> {
    const answer = await this.call('POST', '/api/changes', { title });
    if (!answer.ok) return answer;
    return isChange(answer.body) ? { ok: true, change: info(answer.body) } : malformed('POST /api/changes');
  }

  /** The change's summary and the files it adds, modifies or deletes. */
  async details(id: string): Promise<Answer<{ change: ChangeInfo; files: readonly ChangeFileStatus[] }>> {
    const answer = await this.call('GET', changePath(id));
    if (!answer.ok) return answer;
    const files = (answer.body as { files?: unknown }).files;
    if (!isChange(answer.body) || !Array.isArray(files) || !files.every(isFileStatus)) return malformed('GET /api/changes/:id');
    return { ok: true, change: info(answer.body), files: files.map((f) => ({ path: f.path, status: f.status })) };
  }

  /** The change's view of a file: its own content, or the published one; null when the change's workspace has no such file. */
  async readFile(id: string, path: string): Promise<Answer<{ content: string | null }>> {
    const answer = await this.call('GET', `${changePath(id)}/files?path=${encodeURIComponent(path)}`);
    if (!answer.ok) return answer;
    const content = (answer.body as { content?: unknown }).content;
    return content === null || typeof content === 'string' ? { ok: true, content } : malformed('GET /api/changes/:id/files');
  }

  /** Writes `content` to `path` in the change (`PUT`), or deletes it (`null`, `DELETE`). */
  async writeFile(id: string, path: string, content: string | null): Promise<Answer<{ version: string | null }>> {
    const answer =
      content === null ? await this.call('DELETE', `${changePath(id)}/files?path=${encodeURIComponent(path)}`) : await this.call('PUT', `${changePath(id)}/files`, { path, content });
    return versionAnswer(answer, content === null ? 'DELETE /api/changes/:id/files' : 'PUT /api/changes/:id/files');
  }

  /**
   * Creates `path` in the change (`PUT` with `create: true`): refused (409) when the change's view
   * of the workspace already has it, so two people naming a new file alike never overwrite each other.
   */
  async createFile(id: string, path: string, content: string): Promise<Answer<{ version: string | null }>> {
    return versionAnswer(await this.call('PUT', `${changePath(id)}/files`, { path, content, create: true }), 'PUT /api/changes/:id/files');
  }

  /** Renames `from` to `to` in the change (`POST /api/changes/:id/rename`), one edit keeping its content and live document. */
  async renameFile(id: string, from: string, to: string): Promise<Answer<{ version: string | null }>> {
    return versionAnswer(await this.call('POST', `${changePath(id)}/rename`, { from, to }), 'POST /api/changes/:id/rename');
  }
}

/** A write's answer: the content's new version (null for a deletion). */
function versionAnswer(answer: Answer<{ body: unknown }>, what: string): Answer<{ version: string | null }> {
  if (!answer.ok) return answer;
  const version = (answer.body as { version?: unknown }).version;
  return version === null || typeof version === 'string' ? { ok: true, version } : malformed(what);
}

/** The API path of one change request. */
export function changePath(id: string): string {
  return `/api/changes/${encodeURIComponent(id)}`;
}

function isChange(value: unknown): value is ChangeInfo {
  const v = value as Partial<ChangeInfo> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.title === 'string' && typeof v.author === 'string' && CHANGE_STATES.includes(v.state as ChangeState);
}

/** Only the fields the workbench reads (the answers carry more). */
function info(change: ChangeInfo): ChangeInfo {
  return { id: change.id, title: change.title, author: change.author, state: change.state };
}

function isFileStatus(value: unknown): value is ChangeFileStatus {
  const v = value as Partial<ChangeFileStatus> | null;
  return typeof v === 'object' && v !== null && typeof v.path === 'string' && ['added', 'modified', 'deleted'].includes(v.status as string);
}
