/**
 * Makes the evidence bundle of one change request from a log store: signs a
 * fresh checkpoint first (so the bundle covers every record so far), takes the
 * change's records with their inclusion proofs, the reports they rest on from
 * the evidence store, a consistency proof from a checkpoint the exporter was
 * given, and signs the list of contents with the log's key. Pure (it talks to
 * the AuditLogStore and EvidenceStore interfaces); the caller records the
 * export itself (`audit.exported`) once it knows the bundle's hash.
 */
import { toHex } from '../hex.ts';
import { pureSha256, TreeHasher, type Sha256 } from '../merkle/treeHasher.ts';
import type { EvidenceStore } from '../evidence/EvidenceStore.ts';
import type { AuditLogStore } from './AuditLogStore.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, signBundleContents, type AuditBundle, type BundleConsistency, type BundleRecord, type BundleReport } from './bundle.ts';
import { checkpointSignatureValid, type Checkpoint, type CheckpointSigner } from './checkpoint.ts';

export interface ExportBundleOptions {
  readonly change: string;
  /** The log's signing key (the one its checkpoints are signed with). */
  readonly signer: CheckpointSigner;
  readonly evidence: Pick<EvidenceStore, 'get'>;
  /** A checkpoint the auditor holds: the bundle proves the log extends it. */
  readonly since?: Checkpoint;
  readonly sha256?: Sha256;
}

/**
 * Why a bundle could not be made: `no-records` (the log holds nothing about
 * the change), `evidence` (a report a record names is missing or altered),
 * `key` (the signing key is not the log's), `log` (a line of the log is not a
 * record), `since` (the checkpoint given is not one of this log's, or the log
 * no longer holds what it saw). `log` and `since` mean damage or tampering.
 */
export class BundleExportError extends Error {
  override readonly name = 'BundleExportError';
  constructor(
    readonly kind: 'no-records' | 'evidence' | 'key' | 'log' | 'since',
    message: string,
  ) {
    super(message);
  }
}

export async function exportBundle(log: AuditLogStore, options: ExportBundleOptions): Promise<AuditBundle> {
  const { change, signer } = options;
  const publicKey = toHex(signer.publicKey);
  const previous = log.latestCheckpoint();
  if (previous && previous.key !== publicKey) {
    throw new BundleExportError('key', `the signing key (${publicKey.slice(0, 16)}…) is not the one this log's checkpoints are signed with (${previous.key.slice(0, 16)}…): give the log's key`);
  }
  const checkpoint = await log.checkpoint();
  const hasher = new TreeHasher(options.sha256 ?? pureSha256);

  // A pruned log holds no records before `first`: those of the change that were archived are in the archive, not here.
  const lines = await log.readLines(log.first, checkpoint.size);
  const records: BundleRecord[] = [];
  const reportHashes = new Map<string, number>();
  lines.forEach((line, position) => {
    const index = log.first + position;
    let record: { change?: unknown; evidence?: { reportHash?: unknown } };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      throw new BundleExportError('log', `record ${index} of the log is not JSON: the log was damaged (colloquy audit verify says more)`);
    }
    if (record.change !== change) return;
    records.push({ index, line, proof: log.inclusionProof(index, checkpoint.size) });
    const reportHash = record.evidence?.reportHash;
    if (typeof reportHash === 'string' && !reportHashes.has(reportHash)) reportHashes.set(reportHash, index);
  });
  if (records.length === 0) throw new BundleExportError('no-records', `the audit log holds no record of ${change} (${checkpoint.size} records read)`);

  const reports: BundleReport[] = [];
  for (const [reportHash, index] of [...reportHashes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    try {
      reports.push({ reportHash, report: (await options.evidence.get(reportHash)).report });
    } catch (error) {
      throw new BundleExportError('evidence', `record ${index} rests on report ${reportHash}, which cannot be exported: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const consistency = options.since ? consistencyFrom(log, options.since, checkpoint) : undefined;
  const contents = {
    records: records.map((r) => ({ index: r.index, leaf: toHex(hasher.hashLeaf(new TextEncoder().encode(r.line))) })),
    reports: reports.map((r) => r.reportHash),
  };
  const fields = { origin: log.origin, change, checkpoint, contents };
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    origin: log.origin,
    change,
    publicKey,
    checkpoint,
    contents,
    contentsSignature: signBundleContents(signer, fields),
    records,
    reports,
    ...(consistency ? { consistency } : {}),
  };
}

function consistencyFrom(log: AuditLogStore, since: Checkpoint, checkpoint: Checkpoint): BundleConsistency {
  const what = `the checkpoint of ${since.size} records (${since.time})`;
  if (since.origin !== log.origin) throw new BundleExportError('since', `${what} is of another log (${since.origin}), not this one (${log.origin})`);
  if (since.key !== checkpoint.key) throw new BundleExportError('since', `${what} is signed by another key (${since.key.slice(0, 16)}…) than this log's`);
  if (!checkpointSignatureValid(since)) throw new BundleExportError('since', `${what} has a signature that does not verify: it was altered`);
  if (since.size > checkpoint.size) throw new BundleExportError('since', `${what} counts more records than the log holds (${checkpoint.size}): the log was cut short`);
  if (since.size > 0 && since.size < log.first) throw new BundleExportError('since', `${what} is older than the log, whose records before ${log.first} were archived: give a checkpoint saved since`);
  if (log.rootAt(since.size) !== since.root) {
    throw new BundleExportError('since', `the log no longer holds what ${what} saw: a record among its first ${since.size} was changed, added or removed (colloquy audit verify --checkpoint says which)`);
  }
  return { from: since, proof: log.consistencyProof(since.size, checkpoint.size) };
}
