/**
 * The studio's client of the server's audit routes (docs/reference/server-api.md,
 * "The audit log"): a page of the timeline, the log's own bytes and
 * checkpoints (for verifying in the browser), and a change request's evidence
 * bundle. Every answer is a result, never a throw: a refusal carries the
 * server's sentence and status; an unreachable server is status 0.
 */
import { parseCheckpoint, type AuditRecord, type Checkpoint } from '@colloquy/governance';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: number; readonly error: string };

/** `GET /api/audit/records`: newest first. */
export interface AuditPage {
  readonly records: readonly AuditRecord[];
  readonly matched: number;
  readonly size: number;
  readonly next: number | null;
  readonly unreadable: readonly number[];
}

/** `GET /api/audit/log`: the log as stored, and its checkpoints. */
export interface RawAuditLog {
  readonly origin: string;
  readonly bytes: Uint8Array;
  readonly checkpoints: readonly Checkpoint[];
}

/** A bundle to save: its bytes as the server made them (their SHA-256 is in the audit.exported record). */
export interface ExportedBundle {
  readonly bytes: Uint8Array;
  readonly filename: string;
  readonly sha256: string;
}

export class AuditApi {
  constructor(
    private readonly fetch: Fetch,
    private readonly base = '',
  ) {}

  async records(query: string): Promise<Result<AuditPage>> {
    return this.json(`/api/audit/records${query}`, {}, (value) => {
      const page = value as AuditPage;
      if (!Array.isArray(page.records) || typeof page.matched !== 'number') throw new Error('not a page of records');
      return page;
    });
  }

  async log(): Promise<Result<RawAuditLog>> {
    return this.json('/api/audit/log', {}, (value) => {
      const raw = value as { origin?: unknown; log?: unknown; checkpoints?: unknown };
      if (typeof raw.origin !== 'string' || typeof raw.log !== 'string' || !Array.isArray(raw.checkpoints)) throw new Error('not an audit log');
      return { origin: raw.origin, bytes: fromBase64(raw.log), checkpoints: raw.checkpoints.map((c, i) => parseCheckpoint(c, `checkpoint ${i + 1}`)) };
    });
  }

  async exportBundle(change: string): Promise<Result<ExportedBundle>> {
    const response = await this.send('/api/audit/export', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ change }) });
    if (!response.ok) return response;
    const bytes = new Uint8Array(await response.value.arrayBuffer());
    const disposition = response.value.headers.get('content-disposition') ?? '';
    return { ok: true, value: { bytes, filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${change}.bundle.json`, sha256: response.value.headers.get('x-colloquy-bundle-sha256') ?? '' } };
  }

  private async json<T>(path: string, init: RequestInit, read: (value: unknown) => T): Promise<Result<T>> {
    const response = await this.send(path, { ...init, headers: { accept: 'application/json' } });
    if (!response.ok) return response;
    try {
      return { ok: true, value: read(await response.value.json()) };
    } catch (error) {
      return { ok: false, status: response.value.status, error: `The server's answer could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private async send(path: string, init: RequestInit): Promise<Result<Response>> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, init);
    } catch {
      return { ok: false, status: 0, error: 'The server cannot be reached.' };
    }
    if (response.ok) return { ok: true, value: response };
    let error = `The server answered ${response.status}.`;
    try {
      const body = (await response.json()) as { error?: unknown };
      if (typeof body.error === 'string') error = body.error;
    } catch {
      // keep the status sentence
    }
    return { ok: false, status: response.status, error };
  }
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
