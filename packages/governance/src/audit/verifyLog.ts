/**
 * Verifies an audit log offline: every record in place (its `seq`), chained to
 * the one before (`prev`), the Merkle root at every signed checkpoint equal to
 * the one signed, every signature good, and, when the caller saved
 * checkpoints earlier, the log still holding what they saw. Each problem says
 * which record it is about.
 *
 * What each kind of tampering looks like here:
 * - a record edited: the next record's `prev` no longer matches (and a later
 *   checkpoint's root does not either);
 * - removed: a gap in `seq`; inserted or moved: a `seq` out of place;
 * - edited with every later `seq`/`prev` rewritten to match: the first
 *   checkpoint after it has another root (the range between the last good
 *   checkpoint and that one is named);
 * - cut short: a checkpoint, the log's own or one saved earlier, counts more
 *   records than there are;
 * - everything rewritten and re-signed with a new key: only a checkpoint or a
 *   public key saved before tells, which is why auditors keep one.
 * A last line without its newline is an append a crash interrupted: it is not
 * a record (nothing reported it done), and the log verifies without it.
 *
 * A pruned log (retention: its oldest records moved to a sealed archive)
 * starts with a header instead of record 0 (prunedBase.ts): the retained
 * records are checked against it and against every checkpoint from its size
 * on; the `audit.pruned` record that archived them is named in the result
 * (when, where to; an archive that was itself pruned earlier has its header
 * but not that record, which is in the log after it), and a checkpoint saved before
 * that point cannot be checked without the archive: that is a problem,
 * since a log re-signed from some point on could otherwise hide behind a
 * pruning. Verify the archive and the log together (`joinArchive`) to check
 * it.
 */
import { fromHex, toHex } from '../hex.ts';
import { MerkleLog } from '../merkle/MerkleLog.ts';
import { equalBytes } from '../merkle/verifyProofs.ts';
import type { TreeHasher } from '../merkle/treeHasher.ts';
import { GENESIS_PREV } from './auditRecord.ts';
import { checkpointSignatureValid, type Checkpoint } from './checkpoint.ts';
import { isPrunedBaseLine, parsePrunedBase, prunedBaseProblem, type PrunedBase } from './prunedBase.ts';

export type LogProblemKind = 'malformed' | 'removed' | 'out-of-place' | 'chain' | 'signature' | 'key' | 'root' | 'truncated' | 'pruned';

export interface LogProblem {
  readonly kind: LogProblemKind;
  /** The record the problem is about (0-based), when one can be named. */
  readonly record?: number;
  readonly message: string;
}

export interface VerifyLogOptions {
  readonly hasher: TreeHasher;
  /** Hex Ed25519 public key every checkpoint must be signed with (from an earlier export or a saved checkpoint). */
  readonly trustedKey?: string;
  /** Checkpoints saved earlier, outside the log: the log must still hold what they saw. */
  readonly saved?: readonly Checkpoint[];
}

/** What a pruned log says it archived, from its header and the `audit.pruned` record. */
export interface PrunedPart {
  /** Records 0 to `before - 1` are in an archive, not in this log. */
  readonly before: number;
  /** The `audit.pruned` record that says so (its position, time and details): in the log itself, or, for an archive, in the log after it. */
  readonly record?: number;
  readonly time?: string;
  readonly archive?: string;
  readonly retention?: string;
}

export interface LogVerification {
  readonly ok: boolean;
  /** Records ever appended: the next record's number (a pruned log holds those from `first`). */
  readonly records: number;
  /** The first record the log holds (0 unless it was pruned). */
  readonly first: number;
  /** What was pruned and when; absent for a log that never was. */
  readonly pruned?: PrunedPart;
  /** Hex Merkle root of those records. */
  readonly root: string;
  /** Bytes after the last newline: an append interrupted by a crash (0 normally). */
  readonly tornTail: number;
  readonly checkpointsChecked: number;
  /** Where the key the checkpoints were held to came from. */
  readonly keySource: 'given' | 'saved checkpoint' | 'log' | 'none';
  readonly problems: readonly LogProblem[];
  /** The log itself, for proofs after verifying (roots at other sizes, inclusion and consistency proofs). */
  readonly tree: MerkleLog;
}

const NEWLINE = 0x0a;

export function verifyLog(log: Uint8Array, checkpoints: readonly Checkpoint[], options: VerifyLogOptions): LogVerification {
  const problems: LogProblem[] = [];
  const { base, start: afterHeader } = readHeader(log, options.hasher, problems);
  const tree = new MerkleLog(options.hasher, base ? { size: base.size, nodes: base.nodes.map(fromHex) } : undefined);
  const first = tree.first;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let prunedRecord: { seq: number; time?: string; details?: Record<string, unknown> } | undefined;
  let expectedSeq = first;
  let start = afterHeader;
  for (let end = log.indexOf(NEWLINE, start); end !== -1; start = end + 1, end = log.indexOf(NEWLINE, start)) {
    const line = log.subarray(start, end);
    const index = tree.size;
    const previous = index > first ? tree.leafHash(index - 1) : undefined;
    tree.appendData(line);
    const fields = recordFields(line, decoder);
    if (fields?.action === 'audit.pruned' && fields.details?.['before'] === first) prunedRecord = { seq: fields.seq, ...(fields.time ? { time: fields.time } : {}), ...(fields.details ? { details: fields.details } : {}) };
    if (!fields) {
      problems.push({ kind: 'malformed', record: index, message: `record ${index} is not a whole JSON record with \`seq\` and \`prev\`: it was edited or damaged` });
      expectedSeq = index + 1;
      continue;
    }
    if (fields.seq !== expectedSeq) {
      problems.push(
        fields.seq > expectedSeq
          ? { kind: 'removed', record: expectedSeq, message: `records ${range(expectedSeq, fields.seq - 1)} are missing: the record at position ${index} is number ${fields.seq}` }
          : { kind: 'out-of-place', record: index, message: `the record at position ${index} is number ${fields.seq}: it was inserted, duplicated or moved` },
      );
      expectedSeq = fields.seq + 1;
      continue;
    }
    expectedSeq++;
    const expectedPrev = previous ? toHex(previous) : base ? base.lastLeaf : GENESIS_PREV;
    if (fields.prev !== expectedPrev) {
      problems.push(
        index === 0
          ? { kind: 'chain', record: 0, message: 'record 0 does not start a log: records before it were removed, or it was edited' }
          : index === first
            ? { kind: 'chain', record: index, message: `record ${index} does not follow the archived records (it names another record ${index - 1} than the pruning header): it was edited` }
            : { kind: 'chain', record: index - 1, message: `record ${index - 1} was changed after record ${index} was written (record ${index} names another one before it)` },
      );
    }
  }
  const tornTail = log.length - start;
  const records = tree.size;

  const keySource: LogVerification['keySource'] = options.trustedKey ? 'given' : options.saved?.length ? 'saved checkpoint' : checkpoints.length || base ? 'log' : 'none';
  const key = options.trustedKey ?? options.saved?.[0]?.key ?? checkpoints[0]?.key ?? base?.checkpoint.key;
  /** Checks one checkpoint; `compareRoot` false checks its signature and size only (see below). */
  const check = (checkpoint: Checkpoint, whose: string, lastGood: number, compareRoot = true): boolean => {
    if (key !== undefined && checkpoint.key !== key) {
      problems.push({ kind: 'key', message: `${whose} checkpoint of ${checkpoint.size} records (${checkpoint.time}) is signed by another key (${checkpoint.key.slice(0, 16)}…) than the trusted one (${key.slice(0, 16)}…)` });
      return false;
    }
    if (!checkpointSignatureValid(checkpoint)) {
      problems.push({ kind: 'signature', message: `${whose} checkpoint of ${checkpoint.size} records (${checkpoint.time}) has a signature that does not verify: it was altered` });
      return false;
    }
    if (checkpoint.size > 0 && checkpoint.size < first) {
      if (whose === 'the saved') {
        problems.push({
          kind: 'pruned',
          message: `the saved checkpoint of ${checkpoint.size} records (${checkpoint.time}) is older than this log: records ${range(0, first - 1)} were archived${prunedRecord?.time ? ` on ${prunedRecord.time}` : ''}; verify it against the archive and the log together`,
        });
        return false;
      }
      return true; // signed when those records were here; the archive holds them and it
    }
    if (checkpoint.size > records) {
      problems.push({ kind: 'truncated', record: records, message: `${whose} checkpoint of ${checkpoint.time} counted ${checkpoint.size} records; the log has ${records}: records ${range(records, checkpoint.size - 1)} were removed` });
      return false;
    }
    if (compareRoot && !equalBytes(tree.root(checkpoint.size), fromHex(checkpoint.root))) {
      problems.push({
        kind: 'root',
        record: lastGood,
        message: `the first ${checkpoint.size} records are not what ${whose} checkpoint of ${checkpoint.time} signed: a record among ${range(lastGood, checkpoint.size - 1)} was changed, added or removed`,
      });
      return false;
    }
    return true;
  };
  // The log's own checkpoints, in size order: the last one that matched bounds where a change can be.
  // After the first root that differs, every later one differs too and says no more about where.
  let lastGood = first;
  let rootDiffers = false;
  for (const checkpoint of [...checkpoints, ...(base ? [base.checkpoint] : [])].sort((a, b) => a.size - b.size)) {
    const before = problems.length;
    if (check(checkpoint, 'the log’s', lastGood, !rootDiffers)) lastGood = checkpoint.size;
    else rootDiffers ||= problems.slice(before).some((p) => p.kind === 'root');
  }
  for (const checkpoint of options.saved ?? []) check(checkpoint, 'the saved', first);

  const archive = prunedRecord?.details?.['archive'];
  const retention = prunedRecord?.details?.['retention'];
  return {
    ok: problems.length === 0,
    records,
    first,
    ...(base
      ? {
          pruned: {
            before: first,
            ...(prunedRecord ? { record: prunedRecord.seq } : {}),
            ...(prunedRecord?.time ? { time: prunedRecord.time } : {}),
            ...(typeof archive === 'string' ? { archive } : {}),
            ...(typeof retention === 'string' ? { retention } : {}),
          },
        }
      : {}),
    root: toHex(tree.root()),
    tornTail,
    checkpointsChecked: checkpoints.length + (options.saved?.length ?? 0),
    keySource,
    problems,
    tree,
  };
}

/** The pruning header, when the log starts with one, and where the records start. A damaged header is a problem, and the log is read as if it had none. */
function readHeader(log: Uint8Array, hasher: TreeHasher, problems: LogProblem[]): { base?: PrunedBase; start: number } {
  const end = log.indexOf(NEWLINE);
  if (end === -1 || !isPrunedBaseLine(log.subarray(0, end))) return { start: 0 };
  let base: PrunedBase;
  try {
    base = parsePrunedBase(log.subarray(0, end));
  } catch (error) {
    problems.push({ kind: 'malformed', message: `the log's pruning header (its first line) is damaged: ${error instanceof Error ? error.message : String(error)}` });
    return { start: end + 1 };
  }
  const wrong = prunedBaseProblem(base, hasher);
  if (wrong) {
    problems.push({ kind: 'pruned', message: `the log's pruning header (its first line) does not hold: ${wrong}` });
    return { start: end + 1 };
  }
  return { base, start: end + 1 };
}

interface RecordFields {
  readonly seq: number;
  readonly prev: string;
  readonly action?: string;
  readonly time?: string;
  readonly details?: Record<string, unknown>;
}

/** `seq` and `prev` of a record line (and what an `audit.pruned` record says), or undefined when the line is not a record. */
function recordFields(line: Uint8Array, decoder: TextDecoder): RecordFields | undefined {
  try {
    const value: unknown = JSON.parse(decoder.decode(line));
    if (typeof value !== 'object' || value === null) return undefined;
    const { seq, prev, action, time, details } = value as { seq?: unknown; prev?: unknown; action?: unknown; time?: unknown; details?: unknown };
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0 || typeof prev !== 'string') return undefined;
    return {
      seq,
      prev,
      ...(typeof action === 'string' ? { action } : {}),
      ...(typeof time === 'string' ? { time } : {}),
      ...(typeof details === 'object' && details !== null && !Array.isArray(details) ? { details: details as Record<string, unknown> } : {}),
    };
  } catch {
    return undefined;
  }
}

function range(first: number, last: number): string {
  return first === last ? `${first}` : `${first}–${last}`;
}
