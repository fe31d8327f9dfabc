/**
 * "Verify" in the Audit view: governance's verifyLog, run here in the browser
 * on the log's own bytes (`GET /api/audit/log`) with pure-TypeScript SHA-256,
 * so the answer does not rest on the server's word: the records chain, every
 * signed checkpoint's root is recomputed and its Ed25519 signature checked.
 * A key given by the person verifying (from a checkpoint they saved) is held
 * against every checkpoint; without one, the log's first checkpoint's key is
 * (which a rewrite of the whole log with a new key would pass: the guide says
 * why to keep a checkpoint).
 */
import { pureSha256, TreeHasher, verifyLog, type LogVerification } from '@colloquy/governance';
import type { RawAuditLog } from './auditApi.ts';

export interface VerificationSummary {
  readonly ok: boolean;
  /** One sentence: what was checked and what was found. */
  readonly headline: string;
  readonly records: number;
  readonly root: string;
  readonly checkpointsChecked: number;
  /** The key the checkpoints were held to, and where it came from. */
  readonly key: string | undefined;
  readonly keySource: LogVerification['keySource'];
  /** The latest checkpoint: size and time signed. */
  readonly latest: { readonly size: number; readonly time: string } | undefined;
  /** Bytes of an append a crash interrupted (not a record; 0 normally). */
  readonly tornTail: number;
  /** Each problem with the record it names (null when it names none). */
  readonly problems: readonly { readonly record: number | null; readonly kind: string; readonly message: string }[];
}

export function verifyFetchedLog(raw: RawAuditLog, trustedKey?: string): VerificationSummary {
  const key = trustedKey?.trim().toLowerCase() || undefined;
  const result = verifyLog(raw.bytes, raw.checkpoints, { hasher: new TreeHasher(pureSha256), ...(key ? { trustedKey: key } : {}) });
  const latest = [...raw.checkpoints].sort((a, b) => a.size - b.size).at(-1);
  const problems = result.problems.map((p) => ({ record: p.record ?? null, kind: p.kind, message: p.message }));
  const counted = `${result.records} record${result.records === 1 ? '' : 's'}, ${result.checkpointsChecked} signed checkpoint${result.checkpointsChecked === 1 ? '' : 's'}`;
  return {
    ok: result.ok,
    headline: result.ok
      ? `The log verifies: ${counted} checked in this browser.`
      : `The log does not verify: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${counted}.`,
    records: result.records,
    root: result.root,
    checkpointsChecked: result.checkpointsChecked,
    key: key ?? raw.checkpoints[0]?.key,
    keySource: result.keySource,
    latest: latest ? { size: latest.size, time: latest.time } : undefined,
    tornTail: result.tornTail,
    problems,
  };
}
