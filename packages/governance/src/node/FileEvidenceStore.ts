/**
 * The embedded evidence store: each report in
 * `<workspace>/.colloquy/evidence/<reportHash>.json`, the bytes as given.
 *
 * The file name is the report's own hash (see evidenceReport.ts): `put`
 * refuses a report whose `reportHash` is not its content's, and `get` checks
 * it again, so an edited or swapped evidence file is an error, never evidence.
 * Writes are atomic (core's writeFileAtomic: a temporary file, fsynced,
 * renamed over the name, the folder fsynced): a crash leaves the old file or
 * the new one, never half of one, and a report is durable before the record
 * naming it is appended.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@colloquy/core/node';
import { parseEvidenceReport, REPORT_HASH_PATTERN } from '../evidence/evidenceReport.ts';
import { EvidenceError, type EvidenceStore, type StoredReport } from '../evidence/EvidenceStore.ts';
import { nativeSha256 } from './nativeSha256.ts';

/** Where a workspace keeps its evidence, relative to the workspace folder. */
export const EVIDENCE_FOLDER = join('.colloquy', 'evidence');

export class FileEvidenceStore implements EvidenceStore {
  /** `dir` is the evidence folder itself, e.g. `<workspace>/.colloquy/evidence`. */
  constructor(readonly dir: string) {}

  static forWorkspace(workspace: string): FileEvidenceStore {
    return new FileEvidenceStore(join(workspace, EVIDENCE_FOLDER));
  }

  async put(report: string | Uint8Array): Promise<string> {
    const bytes = typeof report === 'string' ? new TextEncoder().encode(report) : report;
    const check = parseEvidenceReport(bytes, nativeSha256);
    if (!check.ok) throw new EvidenceError(check.kind, `not stored as evidence: the report is ${check.kind === 'altered' ? `inconsistent (${check.reason}): it was edited after the simulation wrote it` : check.reason}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.pathOf(check.reportHash), bytes, undefined, { newFileMode: 0o600 });
    return check.reportHash;
  }

  async get(reportHash: string): Promise<StoredReport> {
    if (!REPORT_HASH_PATTERN.test(reportHash)) throw new EvidenceError('missing', `no evidence report ${JSON.stringify(reportHash)}: a report hash is 64 lower-case hex digits`);
    const path = this.pathOf(reportHash);
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new EvidenceError('missing', `no evidence report ${reportHash} (${path} does not exist)`);
      throw error;
    });
    const check = parseEvidenceReport(bytes, nativeSha256);
    if (!check.ok) throw new EvidenceError('altered', `the evidence file ${path} ${check.kind === 'altered' ? `was edited (${check.reason})` : `is not a report (${check.reason}): it was edited or damaged`}`);
    if (check.reportHash !== reportHash) throw new EvidenceError('altered', `the evidence file ${path} holds report ${check.reportHash}, not the one it is named after: it was replaced`);
    return { reportHash, bytes: new Uint8Array(bytes), report: check.report };
  }

  private pathOf(reportHash: string): string {
    return join(this.dir, `${reportHash}.json`);
  }
}
