/**
 * Evidence reports: the simulation reports decisions rest on, kept so that an
 * auditor can read what an approver saw. A record names one by
 * `evidence.reportHash`, and that hash is the report's own: the simulator
 * sets `reportHash` to the SHA-256 of the canonical JSON of the report
 * without that field (`simulationReportHash` in @colloquy/simulator).
 *
 * Governance depends on no package of ours, so it does not import the
 * simulator: it takes the report as JSON and recomputes the hash the same way
 * (keys sorted by UTF-16 code unit at every depth, no spaces, members without
 * a value left out: `canonicalJson`, the form audit records use too). The
 * hash is over the content, not the bytes: a report pretty-printed by
 * `colloquy simulate -o` and the same report compact hash alike, so stores
 * and bundles keep it in whatever form it came and check it on every read.
 */
import { canonicalJson, type JsonValue } from '../audit/auditRecord.ts';
import { toHex } from '../hex.ts';
import { pureSha256, type Sha256 } from '../merkle/treeHasher.ts';

export type JsonObject = { readonly [key: string]: JsonValue };

export const REPORT_HASH_PATTERN = /^[0-9a-f]{64}$/;

export type EvidenceCheck =
  | { readonly ok: true; readonly reportHash: string; readonly report: JsonObject }
  /** `altered`: a report whose content is not what its hash says; `invalid`: not a report at all. */
  | { readonly ok: false; readonly kind: 'altered' | 'invalid'; readonly reason: string };

/** SHA-256 (hex) of the canonical JSON of `report` without its `reportHash`. */
export function evidenceReportHash(report: JsonObject, sha256: Sha256 = pureSha256): string {
  const { reportHash: _ignored, ...body } = report;
  return toHex(sha256(new TextEncoder().encode(canonicalJson(body))));
}

/** Whether `value` is a report whose `reportHash` is the hash of its content; the reason when not. */
export function checkEvidenceReport(value: unknown, sha256: Sha256 = pureSha256): EvidenceCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, kind: 'invalid', reason: 'not a JSON object' };
  const report = value as JsonObject;
  const claimed = report['reportHash'];
  if (typeof claimed !== 'string' || !REPORT_HASH_PATTERN.test(claimed)) return { ok: false, kind: 'invalid', reason: 'no `reportHash` of 64 lower-case hex digits' };
  let actual: string;
  try {
    actual = evidenceReportHash(report, sha256);
  } catch (error) {
    return { ok: false, kind: 'invalid', reason: `not JSON data (${error instanceof Error ? error.message : String(error)})` };
  }
  if (actual !== claimed) return { ok: false, kind: 'altered', reason: `its content hashes to ${actual}, not to the ${claimed} it claims` };
  return { ok: true, reportHash: claimed, report };
}

/** `checkEvidenceReport` of JSON text or its UTF-8 bytes. */
export function parseEvidenceReport(json: string | Uint8Array, sha256: Sha256 = pureSha256): EvidenceCheck {
  let value: unknown;
  try {
    value = JSON.parse(typeof json === 'string' ? json : new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (error) {
    return { ok: false, kind: 'invalid', reason: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return checkEvidenceReport(value, sha256);
}
