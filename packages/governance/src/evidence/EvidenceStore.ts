/**
 * Where evidence reports are kept, by their own hash. The embedded default is
 * FileEvidenceStore (`@colloquy/governance/node`, files under
 * `<workspace>/.colloquy/evidence/`); a PostgreSQL store implements the same
 * two operations.
 */
import type { JsonObject } from './evidenceReport.ts';

export interface StoredReport {
  readonly reportHash: string;
  /** The report's bytes as stored (the form it was given in). */
  readonly bytes: Uint8Array;
  readonly report: JsonObject;
}

/** Why a report could not be stored or read: `missing` (no such report), `altered` (content and hash disagree), `invalid` (not a report). */
export type EvidenceErrorKind = 'missing' | 'altered' | 'invalid';

export class EvidenceError extends Error {
  override readonly name = 'EvidenceError';
  constructor(
    readonly kind: EvidenceErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface EvidenceStore {
  /**
   * Keeps a report (JSON text or bytes) under its `reportHash` after checking
   * that the hash is the content's; resolves once it is durable, with the
   * hash. Throws EvidenceError `invalid` or `altered` otherwise.
   */
  put(report: string | Uint8Array): Promise<string>;
  /** The report stored under `reportHash`, its hash checked again; EvidenceError `missing` or `altered` otherwise. */
  get(reportHash: string): Promise<StoredReport>;
}
