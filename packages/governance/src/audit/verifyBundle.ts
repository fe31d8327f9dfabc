/**
 * Verifies an evidence bundle (bundle.ts) offline, in Node or the browser:
 * 1. the key: the bundle's public key is the trusted one (given, else that of
 *    the checkpoints the auditor saved, else the bundle's own, which proves
 *    nothing against someone who re-signed everything: the result says so);
 * 2. the checkpoint's signature, and the signed list of contents;
 * 3. every record: in the signed list with the same leaf hash, proven by its
 *    inclusion proof to be at its position in the tree the checkpoint signed,
 *    its `seq` that position, and its `change` the bundle's change;
 * 4. every report: its content hashes to its `reportHash`, it is in the signed
 *    list, and it is one a record rests on; every report a record names is there;
 * 5. consistency: the bundle's proof from the checkpoint the exporter was
 *    given, and each checkpoint the auditor saved: the log the bundle comes
 *    from extends it (same key, same origin).
 * Every problem is named (which record, which report, which proof); nothing
 * throws on a malformed bundle.
 */
import { fromHex, toHex } from '../hex.ts';
import { checkEvidenceReport } from '../evidence/evidenceReport.ts';
import { ProofError, verifyConsistency, verifyInclusion } from '../merkle/verifyProofs.ts';
import { pureSha256, TreeHasher, type Sha256 } from '../merkle/treeHasher.ts';
import { bundleContentsSignatureValid, parseBundle, type AuditBundle } from './bundle.ts';
import { checkpointSignatureValid, type Checkpoint } from './checkpoint.ts';

export type BundleProblemKind = 'malformed' | 'key' | 'origin' | 'signature' | 'contents' | 'record' | 'inclusion' | 'report' | 'consistency';

export interface BundleProblem {
  readonly kind: BundleProblemKind;
  /** The record's position in the log, when the problem is about one. */
  readonly record?: number;
  /** The report's hash, when the problem is about one. */
  readonly report?: string;
  readonly message: string;
}

export interface VerifyBundleOptions {
  /** Hex Ed25519 public key the log must be signed with (from an earlier export, a saved checkpoint, the organisation's records). */
  readonly trustedKey?: string;
  /** Checkpoints the auditor saved earlier: the log the bundle comes from must extend each. */
  readonly saved?: readonly Checkpoint[];
  /** SHA-256; the default is the pure TypeScript one (the browser), the CLI passes Node's. */
  readonly sha256?: Sha256;
}

export interface BundleVerification {
  readonly ok: boolean;
  /** The bundle as read, when it could be read at all. */
  readonly bundle?: AuditBundle;
  /** Where the key the bundle was held to came from. */
  readonly keySource: 'given' | 'saved checkpoint' | 'bundle';
  /** Checkpoints the log was shown to extend (the exporter's `--since` and the saved ones). */
  readonly consistencyChecked: number;
  readonly problems: readonly BundleProblem[];
}

export function verifyBundle(value: unknown, options: VerifyBundleOptions = {}): BundleVerification {
  const keySource: BundleVerification['keySource'] = options.trustedKey ? 'given' : options.saved?.length ? 'saved checkpoint' : 'bundle';
  let bundle: AuditBundle;
  try {
    bundle = parseBundle(value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, keySource, consistencyChecked: 0, problems: [{ kind: 'malformed', message: `${message}: the bundle was damaged, or is not one` }] };
  }
  const sha256 = options.sha256 ?? pureSha256;
  const hasher = new TreeHasher(sha256);
  const problems: BundleProblem[] = [];
  const { checkpoint } = bundle;
  const root = fromHex(checkpoint.root);
  const short = (key: string) => `${key.slice(0, 16)}…`;

  // 1, 2: the key, the checkpoint, the signed contents.
  const trusted = options.trustedKey ?? options.saved?.[0]?.key ?? bundle.publicKey;
  if (bundle.publicKey !== trusted) {
    problems.push({ kind: 'key', message: `the bundle's public key (${short(bundle.publicKey)}) is not the trusted one (${short(trusted)}): it comes from another log, or the log was re-signed with a new key` });
  }
  if (checkpoint.key !== bundle.publicKey) {
    problems.push({ kind: 'key', message: `the bundle's checkpoint is signed by another key (${short(checkpoint.key)}) than the bundle's public key (${short(bundle.publicKey)})` });
  }
  if (checkpoint.origin !== bundle.origin) problems.push({ kind: 'origin', message: `the bundle's checkpoint is of another log (${checkpoint.origin}) than the bundle's (${bundle.origin})` });
  if (!checkpointSignatureValid(checkpoint)) {
    problems.push({ kind: 'signature', message: `the bundle's checkpoint of ${checkpoint.size} records (${checkpoint.time}) has a signature that does not verify: its size, root, time or origin was altered` });
  }
  if (!bundleContentsSignatureValid(bundle)) {
    problems.push({ kind: 'signature', message: 'the signed list of the bundle’s records and reports does not verify: records or reports were added to it or removed from it, or the checkpoint was altered' });
  }

  // 3: the records.
  const listed = new Map(bundle.contents.records.map((r) => [r.index, r.leaf]));
  const inBundle = new Set(bundle.records.map((r) => r.index));
  for (const { index } of bundle.contents.records) {
    if (!inBundle.has(index)) problems.push({ kind: 'contents', record: index, message: `record ${index} is in the signed list but not in the bundle: it was removed` });
  }
  const namedReports = new Map<string, number>();
  for (const record of bundle.records) {
    const { index } = record;
    const leaf = hasher.hashLeaf(new TextEncoder().encode(record.line));
    const listedLeaf = listed.get(index);
    if (listedLeaf === undefined) problems.push({ kind: 'contents', record: index, message: `record ${index} is not in the signed list: it was added to the bundle after export` });
    else if (listedLeaf !== toHex(leaf)) problems.push({ kind: 'record', record: index, message: `record ${index} was changed: its bytes are not the ones the signed list names` });
    try {
      verifyInclusion(hasher, index, checkpoint.size, leaf, record.proof.map(fromHex), root);
    } catch (error) {
      if (!(error instanceof ProofError)) throw error;
      problems.push({ kind: 'inclusion', record: index, message: `record ${index} is not proven to be in the log the checkpoint signed (${error.message}): the record or its proof was changed` });
    }
    const fields = recordFields(record.line);
    if (!fields) {
      problems.push({ kind: 'record', record: index, message: `record ${index} is not a JSON record` });
      continue;
    }
    if (fields.seq !== index) problems.push({ kind: 'record', record: index, message: `the record at position ${index} says it is number ${String(fields.seq)}` });
    if (fields.change !== bundle.change) {
      problems.push({ kind: 'record', record: index, message: `record ${index} is about ${fields.change === undefined ? 'no change request' : JSON.stringify(fields.change)}, not ${bundle.change}` });
    }
    if (fields.reportHash !== undefined && !namedReports.has(fields.reportHash)) namedReports.set(fields.reportHash, index);
  }

  // 4: the reports.
  const listedReports = new Set(bundle.contents.reports);
  const reportsInBundle = new Set(bundle.reports.map((r) => r.reportHash));
  for (const hash of bundle.contents.reports) {
    if (!reportsInBundle.has(hash)) problems.push({ kind: 'contents', report: hash, message: `report ${hash} is in the signed list but not in the bundle: it was removed` });
  }
  for (const { reportHash, report } of bundle.reports) {
    if (!listedReports.has(reportHash)) problems.push({ kind: 'contents', report: reportHash, message: `report ${reportHash} is not in the signed list: it was added to the bundle after export` });
    if (!namedReports.has(reportHash)) problems.push({ kind: 'report', report: reportHash, message: `report ${reportHash} is named by none of the bundle's records` });
    const check = checkEvidenceReport(report, sha256);
    if (!check.ok) problems.push({ kind: 'report', report: reportHash, message: `report ${reportHash} was changed: ${check.reason}` });
    else if (check.reportHash !== reportHash) problems.push({ kind: 'report', report: reportHash, message: `the report filed as ${reportHash} is report ${check.reportHash}: it was swapped` });
  }
  for (const [hash, index] of namedReports) {
    if (!reportsInBundle.has(hash) && !listedReports.has(hash)) problems.push({ kind: 'report', record: index, report: hash, message: `record ${index} rests on report ${hash}, which is not in the bundle` });
  }

  // 5: consistency with earlier checkpoints.
  let consistencyChecked = 0;
  const earlier = (from: Checkpoint, whose: string): boolean => {
    if (from.key !== trusted) {
      problems.push({ kind: 'key', message: `${whose} checkpoint of ${from.size} records (${from.time}) is signed by another key (${short(from.key)}) than the trusted one (${short(trusted)})` });
      return false;
    }
    if (!checkpointSignatureValid(from)) {
      problems.push({ kind: 'signature', message: `${whose} checkpoint of ${from.size} records (${from.time}) has a signature that does not verify: it was altered` });
      return false;
    }
    if (from.origin !== bundle.origin) {
      problems.push({ kind: 'origin', message: `${whose} checkpoint is of another log (${from.origin}) than the bundle's (${bundle.origin})` });
      return false;
    }
    return true;
  };
  const { consistency } = bundle;
  if (consistency && earlier(consistency.from, 'the exporter’s')) {
    try {
      verifyConsistency(hasher, consistency.from.size, checkpoint.size, consistency.proof.map(fromHex), fromHex(consistency.from.root), root);
      consistencyChecked++;
    } catch (error) {
      if (!(error instanceof ProofError)) throw error;
      problems.push({
        kind: 'consistency',
        message: `the log of the bundle's checkpoint (${checkpoint.size} records) is not shown to extend the exporter's checkpoint of ${consistency.from.size} records (${consistency.from.time}): ${error.message}`,
      });
    }
  }
  for (const saved of options.saved ?? []) {
    if (!earlier(saved, 'the saved')) continue;
    const what = `the saved checkpoint of ${saved.size} records (${saved.time})`;
    if (saved.size > checkpoint.size) {
      problems.push({ kind: 'consistency', message: `${what} counts more records than the bundle's checkpoint (${checkpoint.size}): the bundle is older than it, or the log was cut short; ask for a bundle exported since` });
    } else if (saved.size === checkpoint.size) {
      if (saved.root === checkpoint.root) consistencyChecked++;
      else problems.push({ kind: 'consistency', message: `${what} and the bundle's checkpoint count the same records with different roots: the log was rewritten` });
    } else if (consistency && consistency.from.size === saved.size) {
      if (consistency.from.root === saved.root) consistencyChecked++;
      else problems.push({ kind: 'consistency', message: `${what} and the exporter's checkpoint of the same size have different roots: the log was rewritten since the saved checkpoint` });
    } else {
      problems.push({ kind: 'consistency', message: `the bundle holds no consistency proof from ${what}: ask for one exported with --since that checkpoint` });
    }
  }

  return { ok: problems.length === 0, bundle, keySource, consistencyChecked, problems };
}

/** What verification reads of a record line; undefined when the line is not a JSON object. */
function recordFields(line: string): { seq: unknown; change: unknown; reportHash: string | undefined } | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const record = value as { seq?: unknown; change?: unknown; evidence?: { reportHash?: unknown } };
    const reportHash = typeof record.evidence === 'object' && record.evidence !== null && typeof record.evidence.reportHash === 'string' ? record.evidence.reportHash : undefined;
    return { seq: record.seq, change: record.change, reportHash };
  } catch {
    return undefined;
  }
}
