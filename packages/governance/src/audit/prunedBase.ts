/**
 * What a pruned log keeps of the records it archived: the first line of its
 * `log.jsonl` is a header (not a record, not a leaf) holding
 * - `size`: how many records came before (they are in a sealed archive);
 * - `nodes`: the compact range of those records' tree (one subtree hash per
 *   set bit of `size`, largest first), from which the roots at every later
 *   size are computed, so every later checkpoint still checks;
 * - `checkpoint`: a checkpoint of exactly `size` records, signed when they
 *   were archived: the nodes must fold to its root, so they cannot be made
 *   up without the key;
 * - `lastLeaf` and its inclusion proof: the leaf hash of record `size - 1`,
 *   which the first kept record's `prev` names (the chain goes on across
 *   the cut).
 * The archive holds the same checkpoint; verified together (the archive's
 * records, then the log's) the header's nodes are recomputed from the
 * records themselves. See docs/decisions/0016-audit-retention.md.
 */
import { fromHex, toHex } from '../hex.ts';
import { compactHeights, rootOfCompactRange, type MerkleLog } from '../merkle/MerkleLog.ts';
import type { TreeHasher } from '../merkle/treeHasher.ts';
import { equalBytes, rootFromInclusionProof } from '../merkle/verifyProofs.ts';
import { canonicalJson, type JsonValue } from './auditRecord.ts';
import { parseCheckpoint, type Checkpoint } from './checkpoint.ts';

export interface PrunedBase {
  readonly size: number;
  readonly nodes: readonly string[];
  readonly lastLeaf: string;
  readonly lastLeafProof: readonly string[];
  readonly checkpoint: Checkpoint;
}

/** How a header line starts (canonical JSON sorts `base` first): a record line never does. */
const HEADER_START = '{"base":';

/** The header of a log pruned at `checkpoint.size`, from the tree before pruning (it still holds the leaves). */
export function prunedBaseOf(tree: MerkleLog, checkpoint: Checkpoint): PrunedBase {
  const size = checkpoint.size;
  if (size < 1) throw new RangeError('a pruned log archives at least one record');
  return {
    size,
    nodes: tree.compactRange(size).map(toHex),
    lastLeaf: toHex(tree.leafHash(size - 1)),
    lastLeafProof: tree.inclusionProof(size - 1, size).map(toHex),
    checkpoint,
  };
}

/** The header line (without its newline). */
export function prunedBaseLine(base: PrunedBase): string {
  return canonicalJson({ base: base as unknown as JsonValue });
}

export function isPrunedBaseLine(line: Uint8Array): boolean {
  return line.length >= HEADER_START.length && new TextDecoder().decode(line.subarray(0, HEADER_START.length)) === HEADER_START;
}

/** Parses a header line; throws a SyntaxError naming what is wrong. */
export function parsePrunedBase(line: Uint8Array): PrunedBase {
  let value: unknown;
  try {
    value = (JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(line)) as { base?: unknown }).base;
  } catch (error) {
    throw new SyntaxError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== 'object' || value === null) throw new SyntaxError('no `base` object');
  const v = value as Record<string, unknown>;
  const hashes = (name: string): string[] => {
    const list = v[name];
    if (!Array.isArray(list) || !list.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) throw new SyntaxError(`\`${name}\` must be a list of SHA-256 hashes in hex`);
    return list as string[];
  };
  const size = v['size'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) throw new SyntaxError('`size` must be a whole number from 1');
  const nodes = hashes('nodes');
  if (nodes.length !== compactHeights(size).length) throw new SyntaxError(`\`nodes\` must hold ${compactHeights(size).length} hashes for ${size} records, not ${nodes.length}`);
  const lastLeaf = v['lastLeaf'];
  if (typeof lastLeaf !== 'string' || !/^[0-9a-f]{64}$/.test(lastLeaf)) throw new SyntaxError('`lastLeaf` must be a SHA-256 hash in hex');
  const checkpoint = parseCheckpoint(v['checkpoint'], 'its checkpoint');
  return { size, nodes, lastLeaf, lastLeafProof: hashes('lastLeafProof'), checkpoint };
}

/**
 * What does not hold inside a header on its own terms (the checkpoint's signature and key are
 * checked with the log's other checkpoints): its checkpoint counts `size` records, its nodes fold
 * to that checkpoint's root, and `lastLeaf` is the last of those records.
 */
export function prunedBaseProblem(base: PrunedBase, hasher: TreeHasher): string | undefined {
  if (base.checkpoint.size !== base.size) return `its checkpoint counts ${base.checkpoint.size} records, not the ${base.size} it says were archived`;
  const root = rootOfCompactRange(hasher, base.nodes.map(fromHex));
  if (!equalBytes(root, fromHex(base.checkpoint.root))) return `its subtree hashes do not make the root its checkpoint signed for ${base.size} records`;
  try {
    const fromLeaf = rootFromInclusionProof(hasher, base.size - 1, base.size, fromHex(base.lastLeaf), base.lastLeafProof.map(fromHex));
    if (!equalBytes(fromLeaf, root)) return `its last leaf is not record ${base.size - 1} of the tree its checkpoint signed`;
  } catch (error) {
    return `the proof of its last leaf does not hold (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}

/**
 * Archives (oldest first) and the log after them as one log, for `verifyLog`: the later parts'
 * headers are dropped (the records they stand for are right there) and their checkpoints returned,
 * to be checked with the others against the records themselves. A later part's header that cannot
 * be read stays in, where verification reports it as a damaged record.
 */
export function joinArchive(parts: readonly Uint8Array[]): { log: Uint8Array; checkpoints: Checkpoint[] } {
  const checkpoints: Checkpoint[] = [];
  const pieces = parts.map((part, i) => {
    const end = part.indexOf(0x0a);
    if (i === 0 || end === -1 || !isPrunedBaseLine(part.subarray(0, end))) return part;
    try {
      checkpoints.push(parsePrunedBase(part.subarray(0, end)).checkpoint);
      return part.subarray(end + 1);
    } catch {
      return part;
    }
  });
  const log = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    log.set(piece, at);
    at += piece.length;
  }
  return { log, checkpoints };
}
