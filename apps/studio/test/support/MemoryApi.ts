import type { FileContent, FileEntry, SaveResult, StudioApi, WorkspaceInfo } from '../../src/api/StudioApi.ts';

/** An in-memory workspace with the server's save rules (versions, 409 on a stale baseVersion). */
export class MemoryApi implements StudioApi {
  readonly disk = new Map<string, FileContent>();
  private n = 0;
  put(path: string, content: string): string {
    const version = `v${++this.n}`;
    this.disk.set(path, { path, content, version });
    return version;
  }
  async workspace(): Promise<WorkspaceInfo> {
    return { name: 'Test', fileCount: this.disk.size };
  }
  async listFiles(): Promise<FileEntry[]> {
    return [...this.disk.values()].map((f) => ({ path: f.path, size: f.content.length, version: f.version }));
  }
  async readFile(path: string): Promise<FileContent> {
    const f = this.disk.get(path);
    if (!f) throw new Error('no such file');
    return f;
  }
  async saveFile(path: string, content: string, baseVersion: string | undefined): Promise<SaveResult> {
    const f = this.disk.get(path);
    if (!f) return { type: 'error', status: 404, error: 'The file does not exist.' };
    if (baseVersion !== undefined && baseVersion !== f.version) return { type: 'conflict', currentVersion: f.version, error: 'changed by someone else' };
    return { type: 'saved', version: this.put(path, content) };
  }
  async createFile(path: string, content: string): Promise<SaveResult> {
    const f = this.disk.get(path);
    if (f) return { type: 'conflict', currentVersion: f.version, error: 'The file already exists.' };
    return { type: 'saved', version: this.put(path, content) };
  }
}

