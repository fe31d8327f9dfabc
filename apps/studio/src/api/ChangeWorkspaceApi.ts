/**
 * The workspace as one change request sees it, behind the store's `StudioApi`:
 * the published files with the change's own laid over them (added ones in,
 * deleted ones out), each read through `GET /api/changes/:id/files`, and
 * writes going into the change (`PUT /api/changes/:id/files`), never to the
 * published workspace; new files are created only when absent (`create: true`),
 * renames and deletions are the change's too (the file operations of the
 * Explorer). Versions are the server's (`versionOf`: SHA-256 hex
 * of the content), computed here for what the change holds, so they compare
 * with the versions in the change's live index document.
 *
 * Files open in an editor do not go through here after they are loaded:
 * they are live documents (collab/), saved as they are typed.
 */
import { pureSha256, toHex } from '@colloquy/governance';
import type { Answer, ChangeRequestApi } from './ChangeRequestApi.ts';
import type { FileContent, FileEntry, SaveResult, StudioApi, WorkspaceInfo } from './StudioApi.ts';
import { ApiError } from './StudioApi.ts';

export function contentVersion(content: string): string {
  return toHex(pureSha256(new TextEncoder().encode(content)));
}

export class ChangeWorkspaceApi implements StudioApi {
  constructor(
    /** The published workspace (its name and file list). */
    private readonly published: Pick<StudioApi, 'workspace' | 'listFiles'>,
    private readonly changes: ChangeRequestApi,
    readonly changeId: string,
  ) {}

  workspace(): Promise<WorkspaceInfo> {
    return this.published.workspace();
  }

  async listFiles(): Promise<FileEntry[]> {
    const [entries, details] = await Promise.all([this.published.listFiles(), this.changes.details(this.changeId)]);
    if (!details.ok) throw new ApiError(details.status, details.error);
    const touched = new Map(details.files.map((f) => [f.path, f.status]));
    // The change's own files have other versions than the published ones: '' makes the store read them.
    const files = entries.filter((e) => touched.get(e.path) !== 'deleted').map((e) => (touched.has(e.path) ? { ...e, version: '' } : e));
    for (const [path, status] of touched) if (status === 'added') files.push({ path, size: 0, version: '' });
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async readFile(path: string): Promise<FileContent> {
    const answer = await this.changes.readFile(this.changeId, path);
    if (!answer.ok) throw new ApiError(answer.status, answer.error);
    if (answer.content === null) throw new ApiError(404, `${this.changeId} has no file ${path}.`);
    return { path, content: answer.content, version: contentVersion(answer.content) };
  }

  /** Into the change; no `baseVersion` check: the change's files are shared documents, not checked-out copies. */
  async saveFile(path: string, content: string): Promise<SaveResult> {
    return saveResult(await this.changes.writeFile(this.changeId, path, content), content, false);
  }

  /** A file the change's view does not have yet: `conflict` (409) when someone made one of that name first. */
  async createFile(path: string, content: string): Promise<SaveResult> {
    return saveResult(await this.changes.createFile(this.changeId, path, content), content, true);
  }

  /** Renames a file of the change: everyone's tree and open tabs follow through the live index. */
  async renameFile(from: string, to: string): Promise<FileOperationResult> {
    const answer = await this.changes.renameFile(this.changeId, from, to);
    return answer.ok ? { ok: true } : { ok: false, status: answer.status, error: answer.error };
  }

  /** Deletes a file from the change's view (the published file goes at publish). */
  async deleteFile(path: string): Promise<FileOperationResult> {
    const answer = await this.changes.writeFile(this.changeId, path, null);
    return answer.ok ? { ok: true } : { ok: false, status: answer.status, error: answer.error };
  }
}

/** A rename or delete: done, or refused with the server's own sentence. */
export type FileOperationResult = { readonly ok: true } | { readonly ok: false; readonly status: number; readonly error: string };

/** `creating`: a 409 is most likely the name taken (a plain write has no version to conflict with: its 409 is a refusal like any other). */
function saveResult(answer: Answer<{ version: string | null }>, content: string, creating: boolean): SaveResult {
  if (answer.ok) return { type: 'saved', version: answer.version ?? contentVersion(content) };
  if (creating && answer.status === 409) return { type: 'conflict', currentVersion: undefined, error: answer.error };
  return { type: 'error', status: answer.status, error: answer.error };
}
